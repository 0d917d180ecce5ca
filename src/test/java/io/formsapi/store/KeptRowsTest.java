package io.formsapi.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.bson.Document;

class KeptRowsTest {

    private final AtomicInteger copies = new AtomicInteger();

    @Test
    void keepsTheRowsOfAScanAndItsFieldsUntilADocumentItMayHoldIsWritten() {
        KeptRows kept = new KeptRows(100);
        KeptRows.Key f1 = key("f1", "answers.n");
        List<Document> first = kept.rows(f1, "formId", "f1", () -> rows(3));
        assertThat(kept.rows(f1, "formId", "f1", () -> rows(3))).isSameAs(first);
        assertThat(copies).hasValue(1);

        kept.rows(key("f1", "answers.c"), "formId", "f1", () -> rows(2));
        kept.rows(key("f2", "answers.n"), "formId", "f2", () -> rows(2));
        kept.written(new Document("formId", "f2"));
        assertThat(kept.scans()).as("only f2's scan is dropped").isEqualTo(2);

        kept.written(new Document("formId", List.of("f1", "f3")));
        assertThat(kept.scans()).as("a value the scans cannot be told apart by drops them all").isZero();
        assertThat(kept.rows(f1, "formId", "f1", () -> rows(3))).isNotSameAs(first);
    }

    @Test
    void rowsKeptWhenReadAgainAreKeptFromTheSecondReadOfTheSameScan() {
        KeptRows kept = new KeptRows(100);
        KeptRows.Key days = key("f1", "submittedAt");
        List<Document> first = kept.rowsWhenReadAgain(days, "formId", "f1", () -> rows(3));
        List<Document> second = kept.rowsWhenReadAgain(days, "formId", "f1", () -> rows(3));
        assertThat(second).isNotSameAs(first).isEqualTo(first);
        assertThat(kept.rowsWhenReadAgain(days, "formId", "f1", () -> rows(3))).isSameAs(second);
        assertThat(copies).hasValue(2);

        for (int i = 0; i < 200; i++) {
            kept.rowsWhenReadAgain(key("f1", "at " + i), "formId", "f1", () -> rows(1));
        }
        assertThat(kept.scans()).as("scans read once are not kept").isEqualTo(1);
    }

    @Test
    void rowsMeetingOtherConditionsOrInAnotherOrderAreKeptApart() {
        KeptRows kept = new KeptRows(100);
        kept.rows(key("f1", "answers.n", new Document(), null), "formId", "f1", () -> rows(3));
        List<Document> answered = kept.rows(key("f1", "answers.n", numbers(), null), "formId", "f1", () -> rows(2));
        kept.rows(key("f1", "answers.n", numbers(), new Document("answers.n", 1)), "formId", "f1", () -> rows(2));
        assertThat(copies).as("each made once").hasValue(3);
        assertThat(kept.scans()).isEqualTo(3);
        assertThat(kept.rows(key("f1", "answers.n", numbers(), null), "formId", "f1", () -> rows(2)))
                .as("conditions compare by value").isSameAs(answered);
    }

    private static Document numbers() {
        return new Document("answers.n", new Document("$type", List.of("int", "double")));
    }

    @Test
    void scansFixingNoLeadingValueAreDroppedByAnyWrite() {
        KeptRows kept = new KeptRows(100);
        kept.rows(key("any", "x"), "formId", null, () -> rows(2));
        kept.written(new Document("formId", "f9"));
        assertThat(kept.scans()).isZero();
    }

    @Test
    void rowsMadeWhileAWriteCompletesAreNotKept() {
        KeptRows kept = new KeptRows(100);
        KeptRows.Key f1 = key("f1", "answers.n");
        kept.rows(f1, "formId", "f1", () -> {
            kept.written(new Document("formId", "f7"));
            return rows(2);
        });
        assertThat(kept.scans()).isZero();
    }

    @Test
    void keepsAtMostItsCapacityInRowsDroppingTheScansReadLongestAgo() {
        KeptRows kept = new KeptRows(5);
        kept.rows(key("a", "x"), "formId", "a", () -> rows(2));
        kept.rows(key("b", "x"), "formId", "b", () -> rows(2));
        kept.rows(key("a", "x"), "formId", "a", () -> rows(2));
        kept.rows(key("c", "x"), "formId", "c", () -> rows(2));
        assertThat(kept.scans()).isEqualTo(2);
        copies.set(0);
        kept.rows(key("a", "x"), "formId", "a", () -> rows(2));
        kept.rows(key("c", "x"), "formId", "c", () -> rows(2));
        assertThat(copies).as("b was read longest ago").hasValue(0);

        kept.rows(key("big", "x"), "formId", "big", () -> rows(6));
        assertThat(kept.scans()).as("rows above the capacity are not kept").isEqualTo(2);
        assertThat(new KeptRows(0).rows(key("a", "x"), "formId", "a", () -> rows(1))).hasSize(1);
    }

    private static KeptRows.Key key(String form, String field) {
        return key(form, field, new Document(), null);
    }

    private static KeptRows.Key key(String form, String field, Document residual, Document order) {
        Object[] low = {form, KeptRows.class};
        Object[] high = {form, null};
        return KeptRows.key("by_form", List.of(new IndexScan.Interval(low, high)), Set.of(field), residual, order);
    }

    private List<Document> rows(int count) {
        copies.incrementAndGet();
        List<Document> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Document("_id", i));
        }
        return rows;
    }
}
