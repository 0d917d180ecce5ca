package io.formsapi.auth;

import java.time.Instant;

/**
 * The authenticated user making the current request, as their auth context describes them. Controllers receive
 * it as a parameter.
 */
public record Caller(String userId, String email, String name, boolean admin, Instant createdAt) {
}
