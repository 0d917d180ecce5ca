package io.formsapi.auth;

/** The authenticated user making the current request. Controllers receive it as a parameter. */
public record Caller(String userId, String email, String name, boolean admin) {
}
