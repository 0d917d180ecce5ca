package io.formsapi.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import io.formsapi.web.Ids;

/**
 * Bearer tokens: {@code <userId>.<secret>}, where the secret is 256 random bits in base64url. The user id lets
 * a request resolve through the per-user auth context; only the SHA-256 of the secret is stored.
 */
final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

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
        if (!Ids.isValid(userId) || !SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Presented(userId, hash(secret)));
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
