package io.formsapi.auth;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

@Document("users")
record User(@Id String id, String email, String name, String passwordHash, Instant createdAt) {
}
