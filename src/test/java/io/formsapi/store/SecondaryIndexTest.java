package io.formsapi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.CannotIndexParallelArraysError;

class SecondaryIndexTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final Map<Object, Document> stored = new HashMap<>();

    @Test
    void findsTheDocumentsOfALeadingKeyAlone() {
        SecondaryIndex index = byFormNewest();
        add(index, response("1", "a", 1));
        add(index, response("2", "b", 2));
        add(index, response("3", "a", 3));

        assertThat(positions(index, new Document("formId", "a"))).containsExactlyInAnyOrder("1", "3");
        assertThat(positions(index, new Document("formId", "c"))).isEmpty();
        assertThat(index.getCount()).isEqualTo(3);
    }

    @Test
    void narrowsByARangeOnTheNextKey() {
        SecondaryIndex index = byFormNewest();
        for (int i = 0; i < 10; i++) {
            add(index, response("r" + i, "a", i));
        }
        add(index, response("other", "b", 9));

        Document after = new Document("formId", "a").append("submittedAt", new Document("$gt", at(6)));
        assertThat(positions(index, after)).contains("r7", "r8", "r9").doesNotContain("r0", "r5", "other");
        Document window = new Document("formId", "a")
                .append("submittedAt", new Document("$gte", at(2)).append("$lt", at(4)));
        assertThat(positions(index, window)).contains("r2", "r3").doesNotContain("r1", "r5");
        Document empty = new Document("formId", "a")
                .append("submittedAt", new Document("$gte", at(5)).append("$lt", at(2)));
        assertThat(positions(index, empty)).isEmpty();
    }

    @Test
    void anIndexNeedsAConditionOnItsFirstKey() {
        SecondaryIndex index = byFormNewest();
        assertThat(index.canHandle(new Document("submittedAt", new Document("$gt", at(1))))).isFalse();
        assertThat(index.canHandle(new Document("formId", new Document("$ne", "a")))).isFalse();
        assertThat(index.canHandle(new Document("formId", null))).isFalse();
        assertThat(index.canHandle(new Document("$or", List.of(new Document("formId", "a"))))).isFalse();
        assertThat(index.canHandle(new Document("$and", List.of(new Document("formId", "a"))))).isTrue();
    }

    @Test
    void aDocumentWithSeveralTermsIsFoundOnceAndOneWithNoneIsFoundByItsForm() {
        SecondaryIndex index = byFormTerms();
        add(index, withTerms("1", "a", "x", "y"));
        add(index, withTerms("2", "a"));
        add(index, withTerms("3", "a", "y"));
        add(index, withTerms("4", "b", "x"));

        assertThat(index.isMultikey()).isTrue();
        assertThat(positions(index, new Document("formId", "a"))).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(positions(index, new Document("formId", "a").append("terms", "x"))).containsExactly("1");
        assertThat(positions(index, new Document("$and", List.of(new Document("formId", "a"),
                new Document("terms", new Document("$in", List.of("y", "z")))))))
                .containsExactlyInAnyOrder("1", "3");
    }

    @Test
    void aMultikeyIndexCountsTheDocumentsOfOneWholeKeyAndOfSeveral() {
        SecondaryIndex index = byFormTerms();
        add(index, withTerms("1", "a", "x", "y"));
        add(index, withTerms("2", "a", "y"));
        add(index, withTerms("3", "a", "y"));
        add(index, withTerms("4", "b", "y"));
        index.remove(stored.get("3"));

        assertThat(count(index, new Document("formId", "a").append("terms", "y"))).isEqualTo(2);
        assertThat(count(index, new Document("formId", "a").append("terms", "z"))).isZero();
        assertThat(count(index, new Document("formId", "a").append("terms", "x"))).isEqualTo(1);
        assertThat(count(index, new Document("formId", "a").append("terms", new Document("$in", List.of("x", "y")))))
                .isEqualTo(2);
        assertThat(count(index, new Document("formId", "a"))).isEqualTo(2);
    }

    @Test
    void followsUpdatesAndDeletes() {
        SecondaryIndex index = byFormTerms();
        Document first = withTerms("1", "a", "x");
        add(index, first);
        add(index, withTerms("2", "a", "x"));
        Document moved = withTerms("1", "b", "x", "z");

        index.updateInPlace(first, moved, "1", null);
        assertThat(positions(index, new Document("formId", "a"))).containsExactly("2");
        assertThat(positions(index, new Document("formId", "b").append("terms", "z"))).containsExactly("1");

        assertThat(index.remove(moved)).isEqualTo("1");
        assertThat(positions(index, new Document("formId", "b"))).isEmpty();
        assertThat(index.remove(moved)).isNull();
        assertThat(index.getCount()).isEqualTo(1);
        assertThat(index.getPosition(withTerms("2", "a", "x"))).isEqualTo("2");
    }

    @Test
    void numbersMatchWhateverTheirType() {
        SecondaryIndex index = new SecondaryIndex("by_rating", List.of(new IndexKey("rating", true)), false,
                document -> document.get("_id"));
        add(index, new Document("_id", "1").append("rating", 3));
        add(index, new Document("_id", "2").append("rating", 4.0));

        assertThat(positions(index, new Document("rating", 3.0))).containsExactly("1");
        assertThat(positions(index, new Document("rating", new Document("$in", List.of(4L))))).containsExactly("2");
        assertThat(positions(index, new Document("rating", new Document("$gte", 3.5)))).containsExactly("2");
    }

    @Test
    void anOrderedScanStopsOnceItHasTheWantedDocumentsAndTheirTies() {
        SecondaryIndex index = byFormNewest();
        for (int i = 0; i < 100; i++) {
            add(index, response("r" + i, "a", i / 2));
        }
        AtomicInteger reads = new AtomicInteger();

        IndexScan newest = index.plan(QueryConditions.of(new Document("formId", "a")),
                new Document("submittedAt", -1).append("_id", -1));
        assertThat(newest.isOrdered()).isTrue();
        List<Document> first = newest.firstMatches(5, position -> read(position, reads), document -> true);
        assertThat(first).extracting(d -> d.get("_id")).containsExactlyInAnyOrder("r99", "r98", "r97", "r96",
                "r95", "r94");
        assertThat(reads).hasValue(6);

        IndexScan oldest = index.plan(QueryConditions.of(new Document("formId", "a")), new Document("submittedAt", 1));
        List<Document> firstOldest = oldest.firstMatches(3, position -> read(position, reads),
                document -> !document.get("_id").equals("r1"));
        assertThat(firstOldest).extracting(d -> d.get("_id")).containsExactlyInAnyOrder("r0", "r2", "r3");
    }

    @Test
    void onlyAnIndexWithOneKeyPerDocumentServesASort() {
        SecondaryIndex terms = byFormTerms();
        add(terms, withTerms("1", "a", "x", "y"));
        assertThat(terms.plan(QueryConditions.of(new Document("formId", "a")), new Document("terms", 1))
                .isOrdered()).isFalse();
        SecondaryIndex newest = byFormNewest();
        assertThat(newest.plan(QueryConditions.of(new Document("formId", "a")), new Document("title", 1))
                .isOrdered()).isFalse();
        assertThat(newest.plan(QueryConditions.of(new Document("formId", new Document("$in", List.of("a", "b")))),
                new Document("submittedAt", -1)).isOrdered()).isFalse();
    }

    @Test
    void theIndexFixingMoreKeysIsPreferred() {
        SecondaryIndex newest = byFormNewest();
        SecondaryIndex terms = byFormTerms();
        add(terms, withTerms("1", "a", "x", "y"));
        QueryConditions byTerm = QueryConditions.of(new Document("formId", "a")
                .append("terms", new Document("$in", List.of("x"))));
        assertThat(terms.plan(byTerm, null).betterThan(newest.plan(byTerm, null))).isTrue();
        QueryConditions byForm = QueryConditions.of(new Document("formId", "a"));
        Document newestFirst = new Document("submittedAt", -1);
        assertThat(newest.plan(byForm, newestFirst).betterThan(terms.plan(byForm, newestFirst))).isTrue();
        assertThat(newest.plan(byForm, null).betterThan(terms.plan(byForm, null))).isTrue();
    }

    @Test
    void aSparseIndexLeavesOutDocumentsWithoutItsFields() {
        SecondaryIndex index = new SecondaryIndex("by_email", List.of(new IndexKey("email", true)), true,
                document -> document.get("_id"));
        Document without = new Document("_id", "1");
        add(index, without);
        add(index, new Document("_id", "2").append("email", "e"));
        assertThat(index.getCount()).isEqualTo(1);
        assertThat(index.remove(without)).isNull();
    }

    @Test
    void parallelArraysCannotBeIndexed() {
        SecondaryIndex index = new SecondaryIndex("pair", List.of(new IndexKey("a", true), new IndexKey("b", true)),
                false, document -> document.get("_id"));
        Document parallel = new Document("_id", "1").append("a", List.of(1, 2)).append("b", List.of(3, 4));
        assertThatThrownBy(() -> index.checkAdd(parallel, null)).isInstanceOf(CannotIndexParallelArraysError.class);
    }

    @Test
    void countsTheDocumentsOfALeadingValueThroughInsertsUpdatesAndDeletes() {
        SecondaryIndex index = byFormNewest();
        java.util.Random random = new java.util.Random(7);
        Map<String, Document> current = new HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            String id = "r" + random.nextInt(300);
            Document next = response(id, "f" + random.nextInt(4), random.nextInt(50));
            Document before = current.get(id);
            int action = random.nextInt(3);
            if (before == null && action > 0) {
                add(index, next);
                current.put(id, next);
            } else if (before != null && action == 1) {
                index.updateInPlace(before, next, id, null);
                current.put(id, next);
            } else if (before != null) {
                index.remove(before);
                current.remove(id);
            }
        }
        for (String form : List.of("f0", "f1", "f2", "f3", "f9")) {
            long expected = current.values().stream().filter(d -> d.get("formId").equals(form)).count();
            IndexScan scan = index.plan(QueryConditions.of(new Document("formId", form)), null);
            assertThat(scan.count()).as(form).isEqualTo(expected);
            assertThat(scan.positions()).as(form).hasSize((int) expected);
        }
        Document window = new Document("formId", "f1").append("submittedAt", new Document("$gte", at(10)));
        assertThat(index.plan(QueryConditions.of(window), null).count()).isEqualTo(current.values().stream()
                .filter(d -> d.get("formId").equals("f1") && !((Instant) d.get("submittedAt")).isBefore(at(10)))
                .count());
    }

    @Test
    void theResidualLeavesOutTheFixedKeysAndAListOfStringsTheScanReadsExactly() {
        SecondaryIndex index = byFormTerms();
        Document words = new Document("formId", "a").append("terms", new Document("$in", List.of("x", "y")))
                .append("answers.n", 3);
        assertThat(index.plan(QueryConditions.of(words), null).residual(words))
                .isEqualTo(new Document("answers.n", 3));

        Document mixed = new Document("formId", "a").append("terms", new Document("$in", List.of("x", 1)));
        assertThat(index.plan(QueryConditions.of(mixed), null).residual(mixed))
                .isEqualTo(new Document("terms", new Document("$in", List.of("x", 1))));
        // the scan reads the top-level list; the other one, inside $and, is still matched
        Document anotherInside = new Document("formId", "a")
                .append("terms", new Document("$in", List.of("x", "y")))
                .append("$and", List.of(new Document("terms", new Document("$in", List.of("x")))));
        assertThat(index.plan(QueryConditions.of(anotherInside), null).residual(anotherInside))
                .isEqualTo(new Document("$and", List.of(new Document("terms", new Document("$in", List.of("x"))))));
    }

    private Document read(Object position, AtomicInteger reads) {
        reads.incrementAndGet();
        return stored.get(position);
    }

    private void add(SecondaryIndex index, Document document) {
        stored.put(document.get("_id"), document);
        index.checkAdd(document, null);
        index.add(document, document.get("_id"), null);
    }

    private static long count(SecondaryIndex index, Document query) {
        return index.plan(QueryConditions.of(query), null).count();
    }

    private static List<Object> positions(SecondaryIndex index, Document query) {
        assertThat(index.canHandle(query)).as("%s can answer %s", index, query).isTrue();
        List<Object> positions = new ArrayList<>();
        index.getPositions(query).forEach(positions::add);
        return positions;
    }

    private static SecondaryIndex byFormNewest() {
        return new SecondaryIndex("by_form_newest",
                List.of(new IndexKey("formId", true), new IndexKey("submittedAt", false)), false,
                document -> document.get("_id"));
    }

    private static SecondaryIndex byFormTerms() {
        return new SecondaryIndex("by_form_terms",
                List.of(new IndexKey("formId", true), new IndexKey("terms", true)), false,
                document -> document.get("_id"));
    }

    private static Document response(String id, String formId, int minute) {
        return new Document("_id", id).append("formId", formId).append("submittedAt", at(minute));
    }

    private static Document withTerms(String id, String formId, String... terms) {
        return new Document("_id", id).append("formId", formId).append("terms", List.of(terms));
    }

    private static Instant at(int minute) {
        return T0.plusSeconds(60L * minute);
    }
}
