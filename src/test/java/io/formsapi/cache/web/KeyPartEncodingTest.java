package io.formsapi.cache.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The encoding of the response cache's key parts: no separator survives it, and no two texts share an encoding. */
class KeyPartEncodingTest {

    private static final String ALPHABET = "ab%:&=3A25é/";

    @Test
    void textWithoutSeparatorsIsKeptAsItIs() {
        assertThat(ResponseCacheFilter.encode("/api/v1/forms/65f0c1d2e3a4b5c6d7e8f9a0")).isEqualTo(
                "/api/v1/forms/65f0c1d2e3a4b5c6d7e8f9a0");
        assertThat(ResponseCacheFilter.encode("")).isEmpty();
    }

    @Test
    void separatorsAndThePercentSignAreEncoded() {
        assertThat(ResponseCacheFilter.encode("a:b&c=d%e")).isEqualTo("a%3Ab%26c%3Dd%25e");
        assertThat(ResponseCacheFilter.encode("%3A")).isEqualTo("%253A");
    }

    @Test
    void differentTextsNeverShareAnEncodingNorKeepASeparator() {
        Random random = new Random(7);
        Map<String, String> seen = new HashMap<>();
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int length = random.nextInt(7); length > 0; length--) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String encoded = ResponseCacheFilter.encode(text.toString());
            assertThat(encoded).doesNotContain(":", "&", "=");
            String earlier = seen.putIfAbsent(encoded, text.toString());
            assertThat(earlier == null || earlier.equals(text.toString()))
                    .as("%s and %s both encode to %s", earlier, text, encoded).isTrue();
        }
    }
}
