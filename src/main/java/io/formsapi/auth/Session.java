package io.formsapi.auth;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A login. Its id is the SHA-256 of the token's secret: the token itself is never stored. */
@Document("sessions")
record Session(@Id String id, String userId, Instant createdAt, Instant lastSeenAt, Instant expiresAt) {
}
