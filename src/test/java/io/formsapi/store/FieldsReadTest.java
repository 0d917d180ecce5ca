package io.formsapi.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.bson.Document;

class FieldsReadTest {

    @Test
    void aGroupReadsTheFieldsItsExpressionsName() {
        List<Document> stages = List.of(new Document("$group", new Document("_id", "$day")
                .append("n", new Document("$sum", 1)).append("last", new Document("$max", "$at"))),
                new Document("$sort", new Document("n", -1)));

        assertThat(FieldsRead.ofStages(stages)).containsExactlyInAnyOrder("day", "at");
    }

    @Test
    void aProjectionReadsTheIdTheFieldsItKeepsAndThoseItComputesFrom() {
        List<Document> stages = List.of(new Document("$project", new Document("formId", 1).append("day",
                new Document("$dateToString", new Document("format", "%Y-%m-%d").append("date", "$submittedAt")))));

        assertThat(FieldsRead.ofStages(stages)).containsExactlyInAnyOrder("_id", "formId", "submittedAt");
    }

    @Test
    void stagesThatPassDocumentsOnAreFollowedToTheGroupOfEachFacet() {
        List<Document> stages = List.of(new Document("$match", new Document("kind", "a")),
                new Document("$sort", new Document("at", 1)), new Document("$facet", new Document("options",
                        List.of(new Document("$unwind", "$answers.c"), new Document("$group", new Document("_id",
                                "$answers.c")))).append("all", List.of(new Document("$group",
                                        new Document("_id", null).append("n", new Document("$sum", 1)))))));

        assertThat(FieldsRead.ofStages(stages)).containsExactlyInAnyOrder("kind", "at", "answers.c");
    }

    @Test
    void whatCannotBeToldIsUnknown() {
        assertThat(FieldsRead.ofStages(List.of())).isNull();
        assertThat(FieldsRead.ofStages(List.of(new Document("$unwind", "$terms")))).isNull();
        assertThat(FieldsRead.ofStages(List.of(new Document("$sort", new Document("at", 1)),
                new Document("$project", new Document("at", 1))))).isNull();
        assertThat(FieldsRead.ofStages(List.of(new Document("$facet", new Document("all",
                List.of(new Document("$limit", 1))))))).isNull();
        assertThat(FieldsRead.ofStages(List.of(new Document("$project", new Document("answers", 0))))).isNull();
        assertThat(FieldsRead.ofStages(List.of(new Document("$project", new Document("answers",
                new Document("n", 1)))))).isNull();
        assertThat(FieldsRead.ofStages(List.of(new Document("$group", new Document("_id", null)
                .append("all", new Document("$push", "$$ROOT")))))).isNull();
        assertThat(FieldsRead.ofQuery(new Document("$or", List.of(new Document("a", 1))))).isNull();
    }

    @Test
    void aFindsProjectionReadsTheIdAndTheFieldsItIncludesOnly() {
        assertThat(FieldsRead.ofInclusion(new Document("submittedAt", 1).append("answers.comment", true)))
                .containsExactlyInAnyOrder("_id", "submittedAt", "answers.comment");
        assertThat(FieldsRead.ofInclusion(new Document("_id", 0).append("at", 1))).containsExactlyInAnyOrder("_id",
                "at");
        assertThat(FieldsRead.ofInclusion(null)).isNull();
        assertThat(FieldsRead.ofInclusion(new Document())).isNull();
        assertThat(FieldsRead.ofInclusion(new Document("_id", 0))).isNull();
        assertThat(FieldsRead.ofInclusion(new Document("answers", 0))).isNull();
        assertThat(FieldsRead.ofInclusion(new Document("at", 1).append("answers", 0))).isNull();
        assertThat(FieldsRead.ofInclusion(new Document("terms", new Document("$slice", 2)))).isNull();
        assertThat(FieldsRead.ofInclusion(new Document("at", 1).append("terms", new Document("$elemMatch",
                new Document("$eq", "a"))))).isNull();
    }

    @Test
    void aQueryReadsTheFieldsOfItsConditionsAndOfItsAndParts() {
        Document query = new Document("formId", "f1").append("$and", List.of(new Document("terms",
                new Document("$in", List.of("a"))), new Document("submittedAt", new Document("$gte", 1))));

        assertThat(FieldsRead.ofQuery(query)).containsExactlyInAnyOrder("formId", "terms", "submittedAt");
    }
}
