package io.formsapi.cache.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;

/**
 * With CACHE_RESPONSES_ENABLED=false annotated endpoints are not answered from Redis: every answer is the
 * handler's, marked BYPASS, with its ETag.
 */
@TestPropertySource(properties = "CACHE_RESPONSES_ENABLED=false")
class ResponseCacheSwitchTest extends IntegrationTest {

    @Test
    void annotatedEndpointsBypassRedisUntilSwitchedOn() {
        TestUser owner = newUser("Owner");
        String formId = createForm(owner, "Switched", List.of(field("q", "Q", "text")));
        String path = "/api/v1/forms/" + formId;
        Reply first = api.get(path, owner.token());
        Reply second = api.get(path, owner.token());
        assertThat(List.of(first.header("X-Cache"), second.header("X-Cache"))).containsOnly("BYPASS");
        assertThat(second.header("ETag")).isEqualTo(first.header("ETag")).isNotNull();
        assertThat(api.get(path, owner.token(), Map.of("If-None-Match", first.header("ETag"))).status())
                .isEqualTo(304);

        assertThat(api.post(path + "/publish", owner.token(), null).status()).isEqualTo(200);
        Reply published = api.get(path, owner.token());
        assertThat(published.at("/status").asString()).isEqualTo("published");
        assertThat(published.header("X-Cache")).isEqualTo("BYPASS");
    }
}
