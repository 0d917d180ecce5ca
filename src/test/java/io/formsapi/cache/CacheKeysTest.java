package io.formsapi.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CacheKeysTest {

    private static CacheKeys keys(String prefix) {
        CacheProperties base = CacheFixture.properties(Map.of());
        return new CacheKeys(new CacheProperties(true, prefix, Map.of(), base.negativeTtl(), base.lease(),
                base.codec(), base.breaker(), "", base.maxEntrySize()));
    }

    @Test
    void followsTheSeedsNamingConvention() {
        assertThat(keys("fa").key("form", "schema", "6b07")).isEqualTo("fa:form:schema:6b07");
        assertThat(keys("fa").key("dashboard", "widget", "u1", "w1")).isEqualTo("fa:dashboard:widget:u1:w1");
    }

    @Test
    void thePrefixNamespacesEveryKey() {
        CacheKeys staging = keys("staging");
        assertThat(staging.key("user", "session", "u1")).isEqualTo("staging:user:session:u1");
        assertThat(staging.epoch()).isEqualTo("staging:cache:epoch");
        assertThat(staging.namespacePattern()).isEqualTo("staging:*");
        assertThat(keys("eu:prod:").key("a")).isEqualTo("eu:prod:a");
        assertThatThrownBy(() -> keys("bad*prefix")).isInstanceOf(IllegalArgumentException.class);
        for (String everything : new String[] {"", " ", ":", "::"}) {
            assertThatThrownBy(() -> keys(everything)).as("a flush must never reach beyond the service's keys")
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void generateCacheKeyIsThePrefixAndSixteenHexOfSha256() throws Exception {
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("f1:rating >= 4:0".getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        assertThat(keys("fa").hashed("query:result", "f1", "rating >= 4", 0))
                .isEqualTo("fa:query:result:" + expected);
    }

    @Test
    void idsThatCouldWidenAPatternAreRejected() {
        for (String id : new String[] {"a*", "a?", "[a]", "a:b", "a b", "", "a\\b", "x".repeat(129), "é",
                "a\u0000"}) {
            assertThatThrownBy(() -> keys("fa").key("form", "schema", id)).as(id)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(CacheKeys.isSafe(id)).as(id).isFalse();
        }
        assertThat(CacheKeys.isSafe(null)).isFalse();
        assertThat(CacheKeys.isSafe("65f0c0ffee-1_a.b")).isTrue();
        assertThat(CacheKeys.isSafe("Zz09".repeat(32))).isTrue();
        assertThatThrownBy(() -> CacheKeys.requireTag("form:*")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTagIsSafePartsJoinedByColons() {
        for (String tag : List.of("form:65f0c0ffee", "responses:a.b-c_d", "x", "a:b:c")) {
            assertThat(CacheKeys.requireTag(tag)).isEqualTo(tag);
        }
        for (String tag : List.of("", ":", "form:", ":form", "form::a", "form:a*", "form:a b",
                "form:" + "x".repeat(129), "form:é")) {
            assertThatThrownBy(() -> CacheKeys.requireTag(tag)).as(tag).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aRegionsKeyIsItsSpaceAndTheIdsPartsAsIfJoinedAtOnce() {
        CacheKeys keys = keys("fa");
        assertThat(keys.key(List.of("form", "schema"), List.of("65f0"))).isEqualTo(keys.key("form", "schema", "65f0"))
                .isEqualTo("fa:form:schema:65f0");
        assertThat(keys.key(List.of("a"), List.of())).isEqualTo("fa:a");
        assertThatThrownBy(() -> keys.key(List.of("form", "schema"), List.of("a:b")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void patternsEscapeGlobCharacters() {
        assertThat(CacheKeys.escapeGlob("a*b?c[d]e\\f")).isEqualTo("a\\*b\\?c\\[d\\]e\\\\f");
        assertThat(keys("ns").prefixPattern("form", "schema")).isEqualTo("ns:form:schema:*");
        assertThat(keys("ns").namespacedPattern("form:*")).isEqualTo("ns:form:*");
    }
}
