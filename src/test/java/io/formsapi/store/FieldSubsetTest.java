package io.formsapi.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

class FieldSubsetTest {

    private final Document stored = new Document("_id", "r1").append("formId", "f1").append("at", 7)
            .append("answers", new Document("a", 1).append("b", List.of("x", "y")).append("c", new Document("d", 2)))
            .append("terms", List.of("great"));

    @Test
    void keepsTheIdAndTheNamedFieldsInTheDocumentsOrderSharingTheirValues() {
        Document kept = new FieldSubset(Set.of("terms", "formId", "answers.b")).of(stored);

        assertThat(kept).isEqualTo(new Document("_id", "r1").append("formId", "f1")
                .append("answers", new Document("b", List.of("x", "y"))).append("terms", List.of("great")));
        assertThat(List.copyOf(kept.keySet())).containsExactly("_id", "formId", "answers", "terms");
        assertThat(kept.get("terms")).isSameAs(stored.get("terms"));
    }

    @Test
    void aWholeEmbeddedDocumentIsKeptWholeWhateverElseIsNamedInside() {
        Document kept = new FieldSubset(Set.of("answers.c.d", "answers")).of(stored);

        assertThat(kept.get("answers")).isSameAs(stored.get("answers"));
    }

    @Test
    void missingFieldsStayMissingAndAPathThroughAValueKeepsTheValue() {
        Document kept = new FieldSubset(Set.of("answers.z", "nothing", "at.deeper")).of(stored);

        assertThat(kept).isEqualTo(new Document("_id", "r1").append("at", 7).append("answers", new Document()));
    }

    @Test
    void everyCopyNamesItsFieldsWithTheSameStrings() {
        FieldSubset subset = new FieldSubset(Set.of("formId", "answers.a"));
        Document other = new Document("_id", "r2").append(new String("formId"), "f1")
                .append(new String("answers"), new Document(new String("a"), 3));

        Document first = subset.of(stored);
        Document second = subset.of(other);

        assertThat(List.copyOf(second.keySet())).containsExactly("_id", "formId", "answers");
        for (int i = 0; i < 3; i++) {
            assertThat(List.copyOf(second.keySet()).get(i)).isSameAs(List.copyOf(first.keySet()).get(i));
        }
        assertThat(((Document) second.get("answers")).keySet().iterator().next())
                .isSameAs(((Document) first.get("answers")).keySet().iterator().next());
    }

    @Test
    void equalScalarsInTheCopiesAreOneObjectOfTheirOwnClass() {
        FieldSubset subset = new FieldSubset(Set.of("answers.a", "answers.c"));
        Document first = subset.of(new Document("_id", "r1")
                .append("answers", new Document("a", new String("Red")).append("c", 1000L)));
        Document second = subset.of(new Document("_id", "r2")
                .append("answers", new Document("a", new String("Red")).append("c", 1000)));
        Document third = subset.of(new Document("_id", "r3")
                .append("answers", new Document("a", List.of("Red")).append("c", Long.valueOf(1000L))));

        Document a = (Document) first.get("answers");
        Document b = (Document) second.get("answers");
        Document c = (Document) third.get("answers");
        assertThat(b.get("a")).isSameAs(a.get("a"));
        assertThat(c.get("c")).isSameAs(a.get("c"));
        assertThat(b.get("c")).isEqualTo(1000).isInstanceOf(Integer.class);
        assertThat(c.get("a")).isEqualTo(List.of("Red"));
    }

    @Test
    void idsAreCopiedNotShared() {
        ObjectId id = new ObjectId();

        Object copied = new FieldSubset(Set.of("formId")).of(new Document("_id", id).append("formId", "f1")).get("_id");

        assertThat(copied).isEqualTo(id).isNotSameAs(id);
        assertThat(((ObjectId) copied).toByteArray()).isNotSameAs(id.toByteArray());
    }
}
