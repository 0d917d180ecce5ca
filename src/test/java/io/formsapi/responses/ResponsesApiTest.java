package io.formsapi.responses;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;

class ResponsesApiTest extends IntegrationTest {

    private static final List<Map<String, Object>> FIELDS = List.of(
            field("name", "Name", "text", "required", true, "max", 20),
            field("age", "Age", "number", "min", 0, "max", 130),
            field("rating", "Rating", "rating"),
            field("color", "Color", "single_choice", "options", List.of("Red", "Blue")),
            field("toppings", "Toppings", "multi_choice", "options", List.of("Cheese", "Ham")),
            field("visit", "Visit", "date"),
            field("contact", "Contact", "email"));

    @Test
    void validAnswersAreNormalisedAndStored() {
        TestUser owner = newUser("Collector");
        String formId = createPublishedForm(owner, "Everything", FIELDS);
        Reply submitted = api.post("/api/v1/forms/" + formId + "/responses", null, Map.of("answers", Map.of(
                "name", " Ada ", "age", 36, "rating", 5, "color", "blue", "toppings", List.of("ham", "Cheese"),
                "visit", "2026-01-15", "contact", "ada@example.com")));
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
        assertThat(submitted.at("/answers/name").asString()).isEqualTo("Ada");
        assertThat(submitted.at("/answers/age").asDouble()).isEqualTo(36.0);
        assertThat(submitted.at("/answers/color").asString()).isEqualTo("Blue");
        assertThat(submitted.at("/answers/toppings/0").asString()).isEqualTo("Ham");
        assertThat(submitted.at("/submittedBy").isNull()).isTrue();
        assertThat(submitted.at("/formVersion").asLong()).isEqualTo(2);

        Reply list = api.get("/api/v1/forms/" + formId + "/responses", owner.token());
        assertThat(list.at("/total").asLong()).isEqualTo(1);
        assertThat(list.at("/items/0")).isEqualTo(submitted.body());
        assertThat(api.get("/api/v1/forms/" + formId, owner.token()).at("/responseCount").asLong()).isEqualTo(1);
    }

    @Test
    void authenticatedSubmissionsRecordTheUser() {
        TestUser owner = newUser("Owner");
        TestUser respondent = newUser("Respondent");
        String formId = createPublishedForm(owner, "Signed", FIELDS);
        submit(formId, respondent.token(), Map.of("name", "Bob"));
        Reply list = api.get("/api/v1/forms/" + formId + "/responses", owner.token());
        assertThat(list.at("/items/0/submittedBy").asString()).isEqualTo(respondent.id());
    }

    @Test
    void everyKindOfInvalidAnswerNamesItsField() {
        TestUser owner = newUser("Picky");
        String formId = createPublishedForm(owner, "Picky", FIELDS);
        Map<String, Object> answers = new HashMap<>();
        answers.put("age", 131);
        answers.put("rating", 3.5);
        answers.put("color", "Purple");
        answers.put("toppings", List.of("Cheese", "Cheese"));
        answers.put("visit", "15/01/2026");
        answers.put("contact", "not-an-email");
        answers.put("unknown", "x");
        Reply reply = api.post("/api/v1/forms/" + formId + "/responses", null, Map.of("answers", answers));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.at("/errors").findValuesAsString("field")).containsExactlyInAnyOrder("answers.name",
                "answers.age", "answers.rating", "answers.color", "answers.toppings", "answers.visit",
                "answers.contact", "answers.unknown");
        assertThat(api.get("/api/v1/forms/" + formId + "/responses", owner.token()).at("/total").asLong())
                .isZero();
    }

    @Test
    void wrongTypesAreRejectedNotCoerced() {
        TestUser owner = newUser("Types");
        String formId = createPublishedForm(owner, "Types", FIELDS);
        Reply reply = api.post("/api/v1/forms/" + formId + "/responses", null,
                Map.of("answers", Map.of("name", 42, "age", "36", "toppings", "Cheese")));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.at("/errors").findValuesAsString("field")).containsExactlyInAnyOrder("answers.name",
                "answers.age", "answers.toppings");
        Reply tooLong = api.post("/api/v1/forms/" + formId + "/responses", null,
                Map.of("answers", Map.of("name", "x".repeat(21))));
        assertThat(tooLong.at("/field").asString()).isEqualTo("answers.name");
    }

    @Test
    void closedFormsRefuseResponses() {
        TestUser owner = newUser("Closer");
        String formId = createPublishedForm(owner, "Closing", FIELDS);
        api.post("/api/v1/forms/" + formId + "/close", owner.token(), null);
        Reply member = api.post("/api/v1/forms/" + formId + "/responses", owner.token(),
                Map.of("answers", Map.of("name", "late")));
        assertThat(member.status()).isEqualTo(409);
        Reply anonymous = api.post("/api/v1/forms/" + formId + "/responses", null,
                Map.of("answers", Map.of("name", "late")));
        assertThat(anonymous.status()).isEqualTo(404);
    }

    @Test
    void listingIsNewestFirstWithATotal() {
        TestUser owner = newUser("Pager");
        String formId = createPublishedForm(owner, "Paged", FIELDS);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(submit(formId, null, Map.of("name", "n" + i)));
        }
        Reply first = api.get("/api/v1/forms/" + formId + "/responses?size=3", owner.token());
        assertThat(first.at("/total").asLong()).isEqualTo(7);
        assertThat(first.at("/items").findValuesAsString("id")).containsExactly(ids.get(6), ids.get(5), ids.get(4));
        Reply third = api.get("/api/v1/forms/" + formId + "/responses?size=3&page=2", owner.token());
        assertThat(third.at("/items").findValuesAsString("id")).containsExactly(ids.get(0));
        assertThat(api.get("/api/v1/forms/" + formId + "/responses?size=101", owner.token()).at("/field")
                .asString()).isEqualTo("size");
        assertThat(api.get("/api/v1/forms/" + formId + "/responses?page=-1", owner.token()).at("/field")
                .asString()).isEqualTo("page");
    }
}
