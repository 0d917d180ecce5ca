package io.formsapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Which texts can name a resource: exactly 24 lower-case hex digits, as MongoDB writes an ObjectId. */
class IdsTest {

    @Test
    void onlyTwentyFourLowerCaseHexDigitsAreIds() {
        assertThat(Ids.isValid("65f0c0ffee0123456789abcd")).isTrue();
        assertThat(Ids.isValid("000000000000000000000000")).isTrue();
        for (String notAnId : Arrays.asList(null, "", "65f0c0ffee0123456789abc", "65f0c0ffee0123456789abcde",
                "65F0C0FFEE0123456789ABCD", "65f0c0ffee0123456789abcg", "65f0c0ffee0123456789abc ",
                "65f0c0ffee0123456789ab\u0000d", "65f0c0ffee0123456789ab-d")) {
            assertThat(Ids.isValid(notAnId)).as(String.valueOf(notAnId)).isFalse();
        }
    }

    @Test
    void everyCharacterOutsideTheHexDigitsIsRefused() {
        List<Character> digits = "0123456789abcdef".chars().mapToObj(c -> (char) c).toList();
        for (char c = 0; c < 256; c++) {
            String id = "65f0c0ffee0123456789abc" + c;
            assertThat(Ids.isValid(id)).as("ends with %d", (int) c).isEqualTo(digits.contains(c));
        }
    }
}
