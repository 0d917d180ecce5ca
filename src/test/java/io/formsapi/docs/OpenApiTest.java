package io.formsapi.docs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;

class OpenApiTest extends IntegrationTest {

    @Test
    void describesTheApiWithBearerAuthAndNoInternalParameters() {
        Reply docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.at("/paths").has("/api/v1/forms/{formId}/responses")).isTrue();
        assertThat(docs.at("/paths").has("/error")).isFalse();
        assertThat(docs.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
        assertThat(docs.at("/paths/~1api~1v1~1forms~1{formId}/get/parameters").findValuesAsString("name"))
                .containsExactly("formId");
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }
}
