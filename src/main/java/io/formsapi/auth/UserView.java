package io.formsapi.auth;

import java.time.Instant;
import java.util.List;

public record UserView(String id, String email, String name, List<String> roles, Instant createdAt) {
}
