package io.formsapi.auth;

/** Published after a user's sessions changed: login, logout, or a sliding expiry moved forward. */
public record SessionsChanged(String userId) {
}
