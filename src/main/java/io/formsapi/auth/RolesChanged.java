package io.formsapi.auth;

/** A user's roles were granted or revoked: whatever was cached for that user (their auth context) is stale. */
public record RolesChanged(String userId) {
}
