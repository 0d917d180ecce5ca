package io.formsapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;

/** Client mistakes get problem+json that names the cause; none of them is a 500. */
class ErrorsApiTest extends IntegrationTest {

    @Test
    void malformedJsonIsABadRequest() {
        TestUser user = newUser("Json");
        assertProblem(api.post("/api/v1/forms", user.token(), "{\"title\": "), 400, "body");
    }

    @Test
    void unknownPropertiesAreNamed() {
        TestUser user = newUser("Typo");
        assertProblem(api.post("/api/v1/forms", user.token(), Map.of("titel", "x")), 400, "titel");
    }

    @Test
    void nestedTypeErrorsAreNamedByPath() {
        TestUser user = newUser("Nested");
        Reply reply = api.post("/api/v1/forms", user.token(),
                Map.of("title", "x", "fields", List.of(Map.of("id", "a", "label", "A", "type", "text",
                        "min", "lots"))));
        assertProblem(reply, 400, "fields[0].min");
    }

    @Test
    void operatorDocumentsInAnswersAreJustInvalidValues() {
        TestUser user = newUser("Injector");
        String formId = createPublishedForm(user, "Injection", List.of(field("q", "Q", "text"),
                field("n", "N", "number")));
        Reply reply = api.post("/api/v1/forms/" + formId + "/responses", null,
                Map.of("answers", Map.of("q", Map.of("$gt", ""), "n", Map.of("$where", "1"))));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.at("/errors").findValuesAsString("field")).containsExactlyInAnyOrder("answers.q",
                "answers.n");
    }

    @Test
    void malformedIdsAreNotFound() {
        TestUser user = newUser("Ids");
        for (String id : List.of("x", "%7B%22%24ne%22%3A1%7D", "0123456789abcdef0123456Z", "%24where")) {
            assertProblem(api.get("/api/v1/forms/" + id, user.token()), 404, null);
            assertProblem(api.get("/api/v1/forms/" + id + "/responses", user.token()), 404, null);
        }
    }

    @Test
    void bodiesAboveTheLimitAreRefusedBeforeParsing() {
        TestUser user = newUser("Big");
        String huge = "{\"title\":\"" + "x".repeat(1_100_000) + "\"}";
        Reply reply = api.post("/api/v1/forms", user.token(), huge);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    void badPagingParametersAreNamed() {
        TestUser user = newUser("Pages");
        assertProblem(api.get("/api/v1/forms?size=0", user.token()), 400, "size");
        assertProblem(api.get("/api/v1/forms?size=abc", user.token()), 400, "size");
        assertProblem(api.get("/api/v1/forms?page=99999999", user.token()), 400, "page");
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        TestUser user = newUser("Lost");
        assertProblem(api.get("/api/v1/nothing-here", user.token()), 404, null);
        assertProblem(api.send("PATCH", "/api/v1/forms", user.token(), Map.of()), 405, null);
        Reply text = api.send("POST", "/api/v1/auth/login", null, null);
        assertThat(text.status()).isBetween(400, 499);
        assertThat(text.contentType()).startsWith("application/problem+json");
    }

    private static void assertProblem(Reply reply, int status, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.contentType()).as(reply.toString()).startsWith("application/problem+json");
        assertThat(reply.at("/type").asString()).startsWith(Problems.TYPE_PREFIX);
        assertThat(reply.raw()).doesNotContain("Exception").doesNotContain("\tat ");
        if (field != null) {
            assertThat(reply.at("/field").asString()).as(reply.toString()).isEqualTo(field);
        }
    }
}
