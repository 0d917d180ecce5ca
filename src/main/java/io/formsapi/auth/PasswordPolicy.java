package io.formsapi.auth;

import java.nio.charset.StandardCharsets;

/** What a password must be: long enough to resist guessing, short enough for bcrypt to read all of it. */
final class PasswordPolicy {

    static final String RULE = "must be at least 8 characters and at most 72 bytes";
    private static final int MIN_CHARACTERS = 8;
    private static final int MAX_BYTES = 72;

    private PasswordPolicy() {
    }

    static boolean acceptable(String password) {
        return password != null && password.length() >= MIN_CHARACTERS
                && password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }
}
