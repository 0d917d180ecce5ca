package io.formsapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;

/**
 * Input is taken exactly as sent or refused with a 400 naming it: no control characters in names and titles, no
 * unpaired surrogates anywhere, no value converted from one JSON type into another, integer parameters in plain
 * decimal and scalar parameters given once.
 */
class StrictInputApiTest extends IntegrationTest {

    private static final String REGISTER = "/api/v1/auth/register";
    private static final String FORMS = "/api/v1/forms";

    @Test
    void registrationRefusesControlCharactersInEmailAndName() {
        assertProblem(api.post(REGISTER, null, Map.of("email", "nul\u0000" + unique() + "@example.com", "name",
                "Nul", "password", "correct-horse")), "email");
        assertProblem(api.post(REGISTER, null, Map.of("email", unique() + "@example.com", "name", "Ev\u0000e",
                "password", "correct-horse")), "name");
        assertProblem(api.post(REGISTER, null, Map.of("email", unique() + "@example.com", "name", "Bell\u0007",
                "password", "correct-horse")), "name");
        assertProblem(api.post(REGISTER, null, Map.of("email", unique() + "@example.com", "name", "C1\u009b",
                "password", "correct-horse")), "name");
        assertProblem(api.post(REGISTER, null, Map.of("email", unique() + "@example.com", "name", "Two\nlines",
                "password", "correct-horse")), "name");
        Reply emoji = api.post(REGISTER, null, Map.of("email", unique() + "@example.com", "name", "Zoë 🎉",
                "password", "correct-horse"));
        assertThat(emoji.status()).as(emoji.toString()).isEqualTo(201);
    }

    @Test
    void formsRefuseControlCharactersInTitlesLabelsAndOptions() {
        TestUser owner = newUser("Printable");
        assertProblem(api.post(FORMS, owner.token(), Map.of("title", "Esc\u001b[31m", "fields", List.of())),
                "title");
        assertProblem(api.post(FORMS, owner.token(), Map.of("title", "x", "description", "nul\u0000",
                "fields", List.of())), "description");
        assertProblem(api.post(FORMS, owner.token(), Map.of("title", "x", "fields",
                List.of(field("a", "La\u0000bel", "text")))), "fields[0].label");
        assertProblem(api.post(FORMS, owner.token(), Map.of("title", "x", "fields",
                List.of(field("c", "C", "single_choice", "options", List.of("ok", "b\u007fad"))))),
                "fields[0].options[1]");
        Reply multiLine = api.post(FORMS, owner.token(), Map.of("title", "Lines", "description",
                "First line\n\tsecond line\r\n", "fields", List.of(field("a", "A", "text"))));
        assertThat(multiLine.status()).as(multiLine.toString()).isEqualTo(201);
    }

    @Test
    void widgetTitlesAndAnswersRefuseControlCharacters() {
        TestUser owner = newUser("Widgets");
        String formId = createPublishedForm(owner, "Answers", List.of(field("story", "Story", "long_text"),
                field("mail", "Mail", "email")));
        assertProblem(api.post("/api/v1/dashboard/widgets", owner.token(), Map.of("formId", formId, "type", "count",
                "title", "Count\u0000")), "title");
        assertProblem(api.post("/api/v1/forms/" + formId + "/responses", null,
                Map.of("answers", Map.of("story", "nul\u0000"))), "answers.story");
        assertProblem(api.post("/api/v1/forms/" + formId + "/responses", null,
                Map.of("answers", Map.of("mail", "a\u0000b@example.com"))), "answers.mail");
        Reply story = api.post("/api/v1/forms/" + formId + "/responses", null,
                Map.of("answers", Map.of("story", "Once\n\tupon a time")));
        assertThat(story.status()).as(story.toString()).isEqualTo(201);
    }

    @Test
    void unpairedSurrogatesAreRefusedAnywhereInABody() {
        TestUser owner = newUser("Surrogates");
        String formId = createPublishedForm(owner, "Surrogates", List.of(field("q", "Q", "text"),
                field("c", "C", "multi_choice", "options", List.of("a", "b"))));
        assertProblem(api.post(REGISTER, null, "{\"email\":\"" + unique() + "@example.com\",\"name\":\"x\\ud800\","
                + "\"password\":\"correct-horse\"}"), "name");
        assertProblem(api.post(FORMS, owner.token(), "{\"title\":\"\\udc00 alone\",\"fields\":[]}"), "title");
        assertProblem(api.post(FORMS, owner.token(), "{\"title\":\"x\",\"fields\":[{\"id\":\"c\",\"label\":\"C\","
                + "\"type\":\"single_choice\",\"options\":[\"\\ud83d\"]}]}"), "fields[0].options[0]");
        String responses = "/api/v1/forms/" + formId + "/responses";
        assertProblem(api.post(responses, null, "{\"answers\":{\"q\":\"end\\ud83d\"}}"), "answers.q");
        assertProblem(api.post(responses, null, "{\"answers\":{\"c\":[\"a\",\"\\ude00\"]}}"), "answers.c");
        Reply key = api.post(responses, null, "{\"answers\":{\"q\\ud800\":\"x\"}}");
        assertThat(key.status()).as(key.toString()).isEqualTo(400);
        assertThat(key.contentType()).startsWith("application/problem+json");
        Reply pair = api.post(responses, null, "{\"answers\":{\"q\":\"party \\ud83c\\udf89\"}}");
        assertThat(pair.status()).as(pair.toString()).isEqualTo(201);
    }

    @Test
    void jsonValuesAreNeverCoercedBetweenTypes() {
        TestUser owner = newUser("Coercion");
        assertProblem(api.post(REGISTER, null, "{\"email\":\"" + unique() + "@example.com\",\"name\":5,"
                + "\"password\":\"correct-horse\"}"), "name");
        assertProblem(api.post(REGISTER, null, "{\"email\":\"" + unique() + "@example.com\",\"name\":true,"
                + "\"password\":\"correct-horse\"}"), "name");
        assertProblem(api.post(FORMS, owner.token(), "{\"title\":1.5,\"fields\":[]}"), "title");
        assertProblem(api.post(FORMS, owner.token(), Map.of("title", "x", "fields",
                List.of(field("n", "N", "number", "min", "0")))), "fields[0].min");
        assertProblem(api.post(FORMS, owner.token(), Map.of("title", "x", "fields",
                List.of(field("n", "N", "number", "min", "")))), "fields[0].min");
        assertProblem(api.post(FORMS, owner.token(), Map.of("title", "x", "fields",
                List.of(field("n", "N", "text", "required", "true")))), "fields[0].required");
        assertProblem(api.post(FORMS, owner.token(), Map.of("title", "x", "fields",
                List.of(field("n", "N", "text", "required", 1)))), "fields[0].required");
        assertProblem(api.post(FORMS, owner.token(), Map.of("title", "x", "fields",
                List.of(field("c", "C", "single_choice", "options", List.of(1, 2))))), "fields[0].options[0]");
        String formId = createForm(owner, "Typed", List.of(field("n", "N", "number", "min", 0)));
        assertProblem(api.put(FORMS + "/" + formId, owner.token(), Map.of("title", "x", "version", "1")), "version");
        assertProblem(api.put(FORMS + "/" + formId, owner.token(), Map.of("title", "x", "version", 1.0)), "version");
        TestUser member = newUser("Member");
        assertProblem(api.put(FORMS + "/" + formId + "/members/" + member.id(), owner.token(), Map.of("role", 1)),
                "role");
        assertProblem(api.post("/api/v1/dashboard/widgets", owner.token(), Map.of("formId", formId, "type",
                "timeseries", "days", 7.0)), "days");
        assertProblem(api.post("/api/v1/dashboard/widgets", owner.token(), Map.of("formId", formId, "type",
                "timeseries", "days", "7")), "days");
    }

    @Test
    void integerParametersAreDecimalOnly() {
        TestUser user = newUser("Decimal");
        for (String size : List.of("0x10", "%2B5", "%2310", "%205", "5%20", "1e1", "", "99999999999")) {
            assertProblem(api.get(FORMS + "?size=" + size, user.token()), "size");
        }
        assertProblem(api.get(FORMS + "?page=-0x1", user.token()), "page");
        Reply leadingZero = api.get(FORMS + "?size=010", user.token());
        assertThat(leadingZero.status()).as(leadingZero.toString()).isEqualTo(200);
        assertThat(leadingZero.at("/size").asInt()).isEqualTo(10);
    }

    @Test
    void scalarParametersMustNotBeRepeated() {
        TestUser owner = newUser("Repeats");
        String formId = createPublishedForm(owner, "Repeats", List.of(field("q", "Q", "text")));
        assertProblem(api.get(FORMS + "?page=1&page=2", owner.token()), "page");
        assertProblem(api.get(FORMS + "?size=5&size=5", owner.token()), "size");
        assertProblem(api.get(FORMS + "/" + formId + "/responses?page=0&size=1&size=2", owner.token()), "size");
        assertProblem(api.get(FORMS + "/" + formId + "/search?q=a&q=b", owner.token()), "q");
        assertProblem(api.get("/api/v1/dashboard/widgets?page=0&page=0", owner.token()), "page");
        Reply once = api.get(FORMS + "/" + formId + "/responses?page=0&size=1", owner.token());
        assertThat(once.status()).as(once.toString()).isEqualTo(200);
    }

    private static String unique() {
        return "u" + UUID.randomUUID();
    }

    private static void assertProblem(Reply reply, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.at("/field").asString()).as(reply.toString()).isEqualTo(field);
    }
}
