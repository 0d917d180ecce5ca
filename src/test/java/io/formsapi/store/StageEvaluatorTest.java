package io.formsapi.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * Each pipeline shape the evaluator runs, and some it leaves to the library part of the way, gives on random
 * documents exactly what the library's aggregation gives on the same documents: the same rows, in the same order,
 * with values of the same types.
 */
class StageEvaluatorTest {

    /** One document field in {@value} is null, one is missing. */
    private static final int MAYBE_SIDES = 12;

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final List<String> WORDS = List.of("refund", "late", "great", "slow", "price", "staff");
    private static final List<String> CHANNELS = List.of("web", "phone", "store", "mail");

    static List<Object[]> pipelines() {
        List<Object[]> pipelines = new ArrayList<>();
        add(pipelines, "timeseries", stages(
                new Document("$project", new Document("day", new Document("$dateToString",
                        new Document("format", "%Y-%m-%d").append("date", "$submittedAt").append("timezone", "UTC")))),
                new Document("$group", new Document("_id", "$day").append("count", new Document("$sum", 1)))));
        add(pipelines, "numeric stats", stages(
                new Document("$sort", new Document("answers.score", 1)),
                new Document("$group", new Document("_id", null).append("values",
                        new Document("$push", "$answers.score"))),
                new Document("$project", new Document("_id", 0)
                        .append("count", new Document("$size", "$values"))
                        .append("mean", new Document("$avg", "$values"))
                        .append("min", new Document("$arrayElemAt", List.of("$values", 0)))
                        .append("max", new Document("$arrayElemAt", List.of("$values", -1)))
                        .append("p50", new Document("$arrayElemAt", List.of("$values", new Document("$subtract",
                                List.of(new Document("$toInt", new Document("$ceil", new Document("$divide",
                                        List.of(new Document("$multiply", List.of(50,
                                                new Document("$size", "$values"))), 100)))), 1))))))));
        add(pipelines, "choice distribution", stages(new Document("$facet", new Document("options", stages(
                new Document("$unwind", "$answers.channel"),
                new Document("$group", new Document("_id", "$answers.channel")
                        .append("count", new Document("$sum", 1)))))
                .append("answered", stages(new Document("$group", new Document("_id", null)
                        .append("count", new Document("$sum", 1))))))));
        add(pipelines, "document frequencies", stages(
                new Document("$project", new Document("terms", 1)),
                new Document("$unwind", "$terms"),
                new Document("$match", new Document("terms", new Document("$in", List.of("refund", "late")))),
                new Document("$group", new Document("_id", "$terms").append("responses", new Document("$sum", 1)))));
        add(pipelines, "accumulators of a field", stages(new Document("$group", new Document("_id", "$formId")
                .append("total", new Document("$sum", "$answers.score"))
                .append("mean", new Document("$avg", "$answers.score"))
                .append("least", new Document("$min", "$answers.score"))
                .append("most", new Document("$max", "$answers.score"))
                .append("first", new Document("$first", "$answers.channel"))
                .append("last", new Document("$last", "$answers.channel"))
                .append("channels", new Document("$addToSet", "$answers.channel")))));
        add(pipelines, "group by an expression of fields", stages(new Document("$group", new Document("_id",
                new Document("form", "$formId").append("hour", new Document("$dateToString",
                        new Document("format", "%H:%M:%S on %d/%m/%Y").append("date", "$submittedAt"))))
                .append("count", new Document("$sum", 1)))));
        add(pipelines, "projection of embedded fields, then a sort and a limit", stages(
                new Document("$project", new Document("_id", 0).append("answers.score", 1).append("formId", true)
                        .append("first", "$terms")),
                new Document("$sort", new Document("formId", -1).append("answers.score", 1)),
                new Document("$limit", 7)));
        add(pipelines, "the search's candidates as columns, newest first", stages(
                new Document("$sort", new Document("submittedAt", -1).append("_id", -1)),
                new Document("$limit", 30L),
                new Document("$group", new Document("_id", null).append("ids", new Document("$push", "$_id"))
                        .append("lengths", new Document("$push", ifNull("$wordCount", -1)))
                        .append("refund", new Document("$push", ifNull("$termCounts.refund", 0)))
                        .append("channels", new Document("$push", ifNull("$answers.channel", false)))
                        .append("tags", new Document("$push", ifNull("$items.tags", "none")))
                        .append("answers", new Document("$push", ifNull("$answers", "none")))
                        .append("longest", new Document("$max", ifNull("$wordCount", 0))))));
        add(pipelines, "a sort, a skip and a limit, then a stage left to the library", stages(
                new Document("$sort", new Document("submittedAt", -1).append("_id", 1)),
                new Document("$skip", 3),
                new Document("$limit", 10),
                new Document("$addFields", new Document("seen", true))));
        add(pipelines, "unwind of an array of embedded documents", stages(
                new Document("$unwind", new Document("path", "$items")),
                new Document("$unwind", "$items.tags"),
                new Document("$group", new Document("_id", "$items.tags").append("n", new Document("$sum", 1)))));
        add(pipelines, "unwind through an array, left to the library's rules", stages(
                new Document("$unwind", "$items.tags"),
                new Document("$project", new Document("items", 1))));
        add(pipelines, "unwind with an option, left to the library", stages(
                new Document("$unwind", new Document("path", "$answers.channel")
                        .append("preserveNullAndEmptyArrays", true)),
                new Document("$group", new Document("_id", "$answers.channel").append("n", new Document("$sum", 1)))));
        add(pipelines, "a facet whose pipelines end in the library's stages", stages(new Document("$facet",
                new Document("newest", stages(new Document("$sort", new Document("submittedAt", -1)),
                        new Document("$skip", 2), new Document("$limit", 3)))
                        .append("words", stages(new Document("$unwind", "$terms"),
                                new Document("$group", new Document("_id", "$terms")
                                        .append("n", new Document("$sum", 1))),
                                new Document("$sort", new Document("n", -1).append("_id", 1)))))));
        return pipelines;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pipelines")
    void givesWhatTheLibraryGives(String shape, List<Document> stages) {
        for (int seed = 0; seed < 40; seed++) {
            List<Document> documents = documents(new Random(seed), seed % 10 == 0 ? 0 : 1 + seed * 7);
            List<Document> expected = library(stages, copies(documents));
            List<Document> copies = copies(documents);

            List<Document> evaluated = new StageEvaluator(StageEvaluatorTest::library).run(stages, copies);

            assertThat(evaluated).as("%s, seed %d", shape, seed).isEqualTo(expected);
            assertThat(typesOf(evaluated)).as("types, %s, seed %d", shape, seed).isEqualTo(typesOf(expected));
            assertThat(copies).as("the documents given are left as they were").isEqualTo(documents);

            List<Document> kept = ColumnarRows.of(copies(documents));
            List<Document> fromColumns = new StageEvaluator(StageEvaluatorTest::library).run(stages, kept);

            assertThat(fromColumns).as("from columns, %s, seed %d", shape, seed).isEqualTo(expected);
            assertThat(typesOf(fromColumns)).as("types from columns, %s, seed %d", shape, seed)
                    .isEqualTo(typesOf(expected));
            assertThat(kept).as("the rows given are left as they were").isEqualTo(documents);
        }
    }

    @Test
    void runsTheApiPipelinesOnItsOwnAndLeavesTheLibraryTheStagesFromTheFirstItDoesNotRun() {
        List<List<Document>> handedOver = new ArrayList<>();
        StageEvaluator evaluator = new StageEvaluator((stages, documents) -> {
            handedOver.add(stages);
            return library(stages, documents);
        });
        List<Document> documents = documents(new Random(1), 50);
        pipelines().stream().limit(4).forEach(pipeline -> evaluator.run(stagesOf(pipeline), documents));
        assertThat(handedOver).isEmpty();

        evaluator.run(stagesOf(pipelines().get(6)), documents);
        evaluator.run(stagesOf(pipelines().get(7)), documents);
        assertThat(handedOver).isEmpty();

        List<Document> cutThenAdded = stagesOf(pipelines().get(8));
        evaluator.run(cutThenAdded, documents);
        assertThat(handedOver).containsExactly(cutThenAdded.subList(3, 4));
    }

    @SuppressWarnings("unchecked")
    private static List<Document> stagesOf(Object[] pipeline) {
        return (List<Document>) pipeline[1];
    }

    private static List<Document> library(List<Document> stages, List<Document> documents) {
        return Aggregation.fromPipeline(stages, null, null, null, null).runStages(documents.stream());
    }

    /**
     * Responses as the API stores them, with what a schema change or a bad write leaves behind: answers of other
     * types, null and missing values, empty arrays, duplicates.
     */
    private static List<Document> documents(Random random, int count) {
        List<Document> documents = new ArrayList<>();
        AtomicInteger id = new AtomicInteger();
        for (int i = 0; i < count; i++) {
            Document answers = new Document();
            RandomFields.maybe(random, answers, "score", score(random), MAYBE_SIDES);
            RandomFields.maybe(random, answers, "channel", channel(random), MAYBE_SIDES);
            Document document = new Document("_id", new ObjectId(String.format("%024x", id.incrementAndGet())))
                    .append("formId", "form" + random.nextInt(3));
            RandomFields.maybe(random, document, "submittedAt", T0.plusSeconds(random.nextInt(90 * 86_400))
                    .plusMillis(random.nextInt(1000)), MAYBE_SIDES);
            document.append("answers", answers);
            List<String> terms = new ArrayList<>();
            for (int t = random.nextInt(5); t > 0; t--) {
                terms.add(WORDS.get(random.nextInt(WORDS.size())));
            }
            document.append("terms", terms);
            Document termCounts = new Document();
            terms.forEach(term -> termCounts.merge(term, 1, (a, b) -> (Integer) a + (Integer) b));
            RandomFields.maybe(random, document, "termCounts", termCounts, MAYBE_SIDES);
            RandomFields.maybe(random, document, "wordCount", terms.size() + random.nextInt(9), MAYBE_SIDES);
            if (random.nextInt(4) == 0) {
                List<Object> items = new ArrayList<>();
                for (int t = random.nextInt(3); t > 0; t--) {
                    items.add(new Document("tags", random.nextBoolean() ? List.of(WORDS.get(random.nextInt(3)),
                            WORDS.get(random.nextInt(3))) : WORDS.get(random.nextInt(3))));
                }
                document.append("items", items);
            }
            documents.add(document);
        }
        return documents;
    }

    private static Object score(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> (long) random.nextInt(11);
            case 1 -> random.nextInt(100) / 10.0;
            case 2 -> "n/a";
            case 3 -> -0.0;
            default -> random.nextInt(11);
        };
    }

    private static Object channel(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> List.of();
            case 1 -> List.of(CHANNELS.get(random.nextInt(4)), CHANNELS.get(random.nextInt(4)));
            case 2 -> 3;
            default -> CHANNELS.get(random.nextInt(4));
        };
    }

    private static List<Document> copies(List<Document> documents) {
        return documents.stream().map(Document::cloneDeeply).toList();
    }

    /** Each value's class, all the way down, so that 1 and 1L, or 1 and 1.0, do not pass for each other. */
    private static Object typesOf(Object value) {
        if (value instanceof Document document) {
            Document types = new Document();
            document.forEach((key, inner) -> types.put(key, typesOf(inner)));
            return types;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(StageEvaluatorTest::typesOf).toList();
        }
        return value == null ? "null" : value.getClass().getName();
    }

    private static Document ifNull(String path, Object otherwise) {
        return new Document("$ifNull", List.of(path, otherwise));
    }

    @SafeVarargs
    private static <T> List<T> stages(T... stages) {
        return List.of(stages);
    }

    private static void add(List<Object[]> pipelines, String shape, List<Document> stages) {
        pipelines.add(new Object[] {shape, stages});
    }
}
