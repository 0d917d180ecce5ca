package io.formsapi.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import io.formsapi.web.Ids;

/**
 * Bearer tokens: {@code <userId>.<secret>}, where the secret is 256 random bits in base64url. The user id lets
 * a request resolve through the per-user auth context; only the SHA-256 of the secret is stored.
 */
final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** 256 bits in base64url without padding. */
    private static final int SECRET_LENGTH = 43;

    private Tokens() {
    }

    record Issued(String token, String hash) {
    }

    record Presented(String userId, String hash) {
    }

    static Issued issue(String userId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Issued(userId + "." + encoded, hash(encoded));
    }

    static Optional<Presented> parse(String token) {
        int dot = token.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String userId = token.substring(0, dot);
        String secret = token.substring(dot + 1);
        if (!Ids.isValid(userId) || !isSecret(secret)) {
            return Optional.empty();
        }
        return Optional.of(new Presented(userId, hash(secret)));
    }

    /** Whether {@code text} can be a secret: {@value #SECRET_LENGTH} base64url characters (a loop, per request). */
    private static boolean isSecret(String text) {
        if (text.length() != SECRET_LENGTH) {
            return false;
        }
        for (int i = 0; i < SECRET_LENGTH; i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
