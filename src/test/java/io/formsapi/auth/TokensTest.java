package io.formsapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What a presented token must look like before any lookup: the user's id, a dot, 43 base64url characters. */
class TokensTest {

    private static final String USER = "65f0c0ffee0123456789abcd";

    @Test
    void anIssuedTokenParsesToItsUserAndTheHashStored() {
        Tokens.Issued issued = Tokens.issue(USER);
        Tokens.Presented presented = Tokens.parse(issued.token()).orElseThrow();
        assertThat(presented.userId()).isEqualTo(USER);
        assertThat(presented.hash()).isEqualTo(issued.hash());
    }

    @Test
    void malformedTokensAreRefusedBeforeAnyLookup() {
        String secret = Tokens.issue(USER).token().substring(USER.length() + 1);
        String shorter = secret.substring(1);
        for (String token : List.of("", ".", USER, USER + ".", USER + "." + shorter, USER + "." + secret + "A",
                USER + "." + shorter + "=", USER + "." + shorter + "+", USER + "." + shorter + "/",
                USER + "." + shorter + " ",
                "65F0C0FFEE0123456789ABCD." + secret, "not-an-id." + secret, USER + ".." + shorter)) {
            assertThat(Tokens.parse(token)).as(token).isEmpty();
        }
        for (char c : "AZaz09_-".toCharArray()) {
            assertThat(Tokens.parse(USER + "." + shorter + c)).as("ends with " + c).isPresent();
        }
    }
}
