package io.formsapi.cache.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Reading {@link CachedResponse}: what start-up accepts and refuses, and how tags are filled in. */
class ResponsePolicyTest {

    @SuppressWarnings("unused")
    static final class Endpoints {
        @CachedResponse
        void defaults() {
        }

        @CachedResponse(ttl = "90s", tags = {"form:{formId}", "responses:{formId}"}, key = "header:X-Tenant",
                shared = true)
        void everything() {
        }

        @CachedResponse(ttl = "45")
        void seconds() {
        }

        @CachedResponse(ttl = "PT2M")
        void iso() {
        }

        @CachedResponse(ttl = "soon")
        void badTtl() {
        }

        @CachedResponse(ttl = "0s")
        void zeroTtl() {
        }

        @CachedResponse(tags = "form:*")
        void globTag() {
        }

        @CachedResponse(tags = "form:{form-id}")
        void badPlaceholder() {
        }

        @CachedResponse(key = "cookie:session")
        void badKey() {
        }

        @CachedResponse(tags = "form:{formId}", access = "readers")
        void admitted() {
        }

        @CachedResponse(shared = true, access = "readers")
        void sharedAndAdmitted() {
        }
    }

    private static ResponsePolicy policy(String name) {
        try {
            Method method = Endpoints.class.getDeclaredMethod(name);
            return ResponsePolicy.of(method.getAnnotation(CachedResponse.class), method);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void validAnnotationsAreRead() {
        ResponsePolicy defaults = policy("defaults");
        assertThat(defaults.ttl()).as("the cache type's TTL").isNull();
        assertThat(defaults.tags()).isEmpty();
        assertThat(defaults.shared()).isFalse();

        ResponsePolicy everything = policy("everything");
        assertThat(everything.ttl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(everything.headers()).containsExactly("X-Tenant");
        assertThat(everything.shared()).isTrue();
        assertThat(everything.variables()).containsExactly("formId");
        assertThat(policy("seconds").ttl()).isEqualTo(Duration.ofSeconds(45));
        assertThat(policy("iso").ttl()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void anAccessMakesOneEntryForTheCallersItAdmitsAndMustNameOne() throws Exception {
        ResponsePolicy admitted = policy("admitted");
        assertThat(admitted.access()).isEqualTo("readers");
        assertThat(admitted.shared()).isFalse();
        assertThat(admitted.perCaller()).isFalse();
        assertThat(policy("defaults").perCaller()).isTrue();
        assertThat(policy("everything").perCaller()).isFalse();

        Method method = Endpoints.class.getDeclaredMethod("admitted");
        ResponseAccess readers = (request, variables) -> true;
        admitted.requireAccessIn(name -> {
            assertThat(name).isEqualTo("readers");
            return readers;
        }, method);
        assertThatThrownBy(() -> admitted.requireAccessIn(name -> {
            throw new IllegalArgumentException("no bean named " + name);
        }, method)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Endpoints.admitted").hasMessageContaining("\"readers\"");
    }

    @Test
    void malformedAnnotationsAreRefusedNamingTheMethod() {
        for (String name : List.of("badTtl", "zeroTtl", "globTag", "badPlaceholder", "badKey", "sharedAndAdmitted")) {
            assertThatThrownBy(() -> policy(name)).as(name).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Endpoints." + name);
        }
    }

    @Test
    void tagsAreFilledFromPathVariablesAndUnsafeValuesBypass() throws Exception {
        ResponsePolicy policy = policy("everything");
        assertThat(policy.tagsFor(Map.of("formId", "65f0c0ffee"))).contains(Set.of("form:65f0c0ffee",
                "responses:65f0c0ffee"));
        for (String unsafe : List.of("a*", "a:b", "a?", "[a]", "", "x".repeat(129))) {
            assertThat(policy.tagsFor(Map.of("formId", unsafe))).as(unsafe).isEmpty();
        }
        assertThat(policy.tagsFor(Map.of())).isEmpty();
        assertThat(policy.tagsFor(null)).isEmpty();

        Method method = Endpoints.class.getDeclaredMethod("everything");
        policy.requireVariablesIn(List.of("/api/v1/forms/{formId}", "/api/v2/forms/{formId:[0-9a-f]+}/x"), method);
        assertThatThrownBy(() -> policy.requireVariablesIn(List.of("/api/v1/widgets/{widgetId}"), method))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("{formId}");
    }
}
