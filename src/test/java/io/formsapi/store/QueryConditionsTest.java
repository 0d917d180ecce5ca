package io.formsapi.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.bson.Document;

import io.formsapi.store.QueryConditions.AnyOf;
import io.formsapi.store.QueryConditions.Between;
import io.formsapi.store.QueryConditions.Equals;

class QueryConditionsTest {

    @Test
    void keepsWhatAnIndexCanUseFromEveryAndPart() {
        QueryConditions conditions = QueryConditions.of(new Document("$and", List.of(new Document("formId", "f"),
                new Document("terms", new Document("$in", List.of("a", 2))),
                new Document("terms", new Document("$nin", List.of("b"))),
                new Document("submittedAt", new Document("$gte", 1).append("$lt", 5)),
                new Document("$or", List.of(new Document("x", 1))))));

        assertThat(conditions.on("formId")).isEqualTo(new Equals("f"));
        assertThat(conditions.on("terms")).isEqualTo(new AnyOf(List.of("a", 2.0)));
        assertThat(conditions.on("submittedAt")).isEqualTo(new Between(1.0, 5.0));
        assertThat(conditions.on("x")).isNull();
        assertThat(conditions.isOnlyEqualities()).isFalse();
    }

    @Test
    void aQueryOfEqualitiesAndListsAloneIsWhollyAnIndexMatter() {
        assertThat(QueryConditions.of(new Document("formId", "f")).isOnlyEqualities()).isTrue();
        assertThat(QueryConditions.of(new Document("$and", List.of(new Document("formId", new Document("$eq", "f")),
                new Document("terms", new Document("$in", List.of("a")))))).isOnlyEqualities()).isTrue();
        assertThat(QueryConditions.of(new Document("formId", "f").append("n", new Document("$gt", 1)))
                .isOnlyEqualities()).isFalse();
        assertThat(QueryConditions.of(new Document("formId", "f").append("c", new Document("$exists", true)))
                .isOnlyEqualities()).isFalse();
        assertThat(QueryConditions.of(new Document("formId", new Document("$in", List.of("a")).append("$ne", "b")))
                .isOnlyEqualities()).isFalse();
        assertThat(QueryConditions.of(new Document("$and", List.of(new Document("t", "a"), new Document("t", "b"))))
                .isOnlyEqualities()).isFalse();
        assertThat(QueryConditions.of(new Document("formId", null)).isOnlyEqualities()).isFalse();
    }
}
