package io.formsapi.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

/**
 * The queries the stores make, with the shapes they have in the code (filters, sorts, skips and limits, and the
 * aggregation pipelines of the widgets, the search and the warm-up), run through the MongoDB driver on two
 * collections holding the same documents after the same inserts, updates and deletes: one with the responses'
 * indexes, one without. Whatever index answers, the results must be the ones a full scan gives. Run against the
 * embedded store ({@link EmbeddedStoreBehaviourTest}) and, when MONGODB_URI is set, against that server
 * ({@link MongoDbStoreBehaviourTest}).
 */
abstract class StoreBehaviourSuite {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> FORMS = List.of("f1", "f2", "f3", "f4", "f5");
    private static final List<String> WORDS = List.of("great", "slow", "refund", "battery", "screen", "price",
            "fast", "wrong", "size", "app");
    private static final List<String> CHOICES = List.of("Red", "Blue", "Green", "Black");
    private static final Document NEWEST_FIRST = new Document("submittedAt", -1).append("_id", -1);
    private static final List<String> NUMBERS = List.of("double", "int", "long", "decimal");
    private static final Document VALUES_SIZE = new Document("$size", "$values");
    /** ceil(90 * n / 100) - 1, the 0-based nearest rank of the 90th percentile */
    private static final Document P90_INDEX = new Document("$subtract", List.of(new Document("$toInt",
            new Document("$ceil", new Document("$divide", List.of(new Document("$multiply", List.of(90, VALUES_SIZE)),
                    100)))), 1));

    private MongoCollection<Document> indexed;
    private MongoCollection<Document> plain;

    /** The database the suite runs against; collections it creates are dropped afterwards. */
    protected abstract MongoDatabase database();

    /** Where the collection without indexes lives, the reference every answer is compared with. */
    protected MongoDatabase referenceDatabase() {
        return database();
    }

    @BeforeEach
    void createCollections() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        indexed = database().getCollection("indexed_" + suffix);
        plain = referenceDatabase().getCollection("plain_" + suffix);
        indexed.createIndex(Indexes.compoundIndex(Indexes.ascending("formId"), Indexes.descending("submittedAt")),
                new IndexOptions().name("by_form_newest"));
        indexed.createIndex(Indexes.compoundIndex(Indexes.ascending("formId"), Indexes.ascending("terms")),
                new IndexOptions().name("by_form_terms"));
    }

    @AfterEach
    void dropCollections() {
        if (indexed != null) {
            indexed.drop();
            plain.drop();
        }
    }

    @Test
    void indexesChangeNoAnswerThroughInsertsUpdatesAndDeletes() {
        Random random = new Random(20261130);
        List<Document> responses = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            responses.add(response("r" + i, random));
        }
        both(c -> c.insertMany(copies(responses)));
        compareAll();
        // the second time every widget reads the rows the store kept after the first
        compareAll();

        for (int i = 0; i < 300; i++) {
            Bson id = Filters.eq("_id", "r" + random.nextInt(3_000));
            Bson change = switch (i % 4) {
                case 0 -> Updates.set("terms", terms(random));
                case 1 -> Updates.set("submittedAt", minute(random.nextInt(2_000)));
                case 2 -> Updates.set("answers.n", random.nextInt(10));
                default -> Updates.set("formId", FORMS.get(random.nextInt(FORMS.size())));
            };
            both(c -> c.updateOne(id, change));
        }
        compareAll();
        both(c -> c.updateMany(Filters.and(Filters.eq("formId", "f3"), Filters.gt("answers.n", 5)),
                Updates.set("answers.c", "Red")));
        for (int i = 0; i < 200; i++) {
            Bson id = Filters.eq("_id", "r" + random.nextInt(3_000));
            both(c -> c.deleteOne(id));
        }
        both(c -> c.deleteMany(Filters.eq("formId", "f5")));
        compareAll();
        both(c -> c.deleteMany(Filters.and(Filters.eq("formId", "f2"), Filters.eq("terms", "slow"))));
        compareAll();
        List<Document> later = new ArrayList<>();
        for (int i = 3_000; i < 3_500; i++) {
            later.add(response("r" + i, random));
        }
        both(c -> c.insertMany(copies(later)));
        compareAll();
    }

    private void compareAll() {
        for (String formId : FORMS) {
            // The widgets' criteria are one flat document, as Criteria.where(..).and(..) renders them.
            Document ofForm = new Document("formId", formId);
            Document dayAgo = new Document("formId", formId).append("submittedAt", new Document("$gt", minute(1_500)));
            Document window = new Document("formId", formId)
                    .append("submittedAt", new Document("$gte", minute(300)).append("$lt", minute(900)));
            Document numbers = new Document("formId", formId).append("answers.n", new Document("$type", NUMBERS));
            Document answered = new Document("formId", formId).append("answers.c", new Document("$exists", true));
            Bson matching = Filters.and(ofForm, Filters.in("terms", List.of("great", "refund")),
                    Filters.nin("terms", List.of("slow")));
            Bson filtered = Filters.and(ofForm, Filters.gte("submittedAt", minute(200)));

            // responses: the newest page, the counts
            for (int skip : new int[] {0, 20, 180, 5_000}) {
                same(c -> find(c, ofForm, NEWEST_FIRST, skip, 20));
            }
            same(c -> c.countDocuments(ofForm));
            // widgets: count, timeseries, numeric statistics and ranks, choice distribution, latest
            same(c -> c.countDocuments(dayAgo));
            same(c -> sortedById(c.aggregate(List.of(new Document("$match", window),
                    new Document("$project", new Document("day", new Document("$dateToString",
                            new Document("format", "%Y-%m-%d").append("date", "$submittedAt")
                                    .append("timezone", "UTC")))),
                    new Document("$group", new Document("_id", "$day").append("count", new Document("$sum", 1)))))));
            // equal numbers of different types (1 and 1.0) may come in either order, so figures compare as doubles
            same(c -> asDoubles(c.aggregate(List.of(new Document("$match", numbers),
                    new Document("$sort", new Document("answers.n", 1)),
                    new Document("$group", new Document("_id", null).append("values", new Document("$push",
                            "$answers.n"))),
                    new Document("$project", new Document("_id", 0).append("count", VALUES_SIZE)
                            .append("mean", new Document("$avg", "$values"))
                            .append("min", new Document("$arrayElemAt", List.of("$values", 0)))
                            .append("max", new Document("$arrayElemAt", List.of("$values", -1)))
                            .append("p90", new Document("$arrayElemAt", List.of("$values", P90_INDEX))))))));
            same(c -> c.aggregate(List.of(new Document("$match", answered), new Document("$facet",
                    new Document("options", List.of(new Document("$unwind", "$answers.c"),
                            new Document("$group", new Document("_id", "$answers.c")
                                    .append("count", new Document("$sum", 1))),
                            new Document("$sort", new Document("_id", 1))))
                            .append("answered", List.of(new Document("$group", new Document("_id", null)
                                    .append("count", new Document("$sum", 1))))))))
                    .into(new ArrayList<>()));
            same(c -> find(c, ofForm, NEWEST_FIRST, 0, 10));
            // search: counts, the newest matches, document frequencies
            same(c -> c.countDocuments(matching));
            same(c -> c.countDocuments(Filters.and(ofForm, Filters.in("terms", List.of("great", "refund")))));
            same(c -> c.countDocuments(new Document("formId", formId).append("terms", "fast")));
            same(c -> c.countDocuments(new Document("formId", new Document("$in", List.of(formId, "f1")))));
            same(c -> find(c, matching, NEWEST_FIRST, 0, 50));
            same(c -> find(c, Filters.and(ofForm, Filters.eq("terms", "battery")), NEWEST_FIRST, 0, 5_000));
            // the search's candidates, read with only what ranking needs, and a word's document frequency
            same(c -> c.find(matching).sort(NEWEST_FIRST).limit(5_000)
                    .projection(new Document("submittedAt", 1).append("wordCount", 1).append("termCounts.great", 1)
                            .append("termCounts.refund", 1).append("answers.c", 1)).into(new ArrayList<>()));
            same(c -> c.find(matching).sort(NEWEST_FIRST).limit(5_000)
                    .projection(new Document("submittedAt", 1).append("answers.c", 1)).into(new ArrayList<>()));
            // the search's candidates, newest first, as one row of columns
            for (int limit : List.of(5_000, 7)) {
                same(c -> c.aggregate(List.of(Aggregates.match(matching), Aggregates.sort(NEWEST_FIRST),
                        Aggregates.limit(limit), Aggregates.group(null, Accumulators.push("ids", "$_id"),
                                Accumulators.push("lengths", ifNull("$wordCount", -1)),
                                Accumulators.push("great", ifNull("$termCounts.great", 0)),
                                Accumulators.push("choices", ifNull("$answers.c", false)))))
                        .into(new ArrayList<>()));
            }
            same(c -> c.find(Filters.and(ofForm, Filters.eq("terms", "great"))).sort(NEWEST_FIRST)
                    .projection(new Document("submittedAt", 1).append("answers.n", 1).append("_id", 0))
                    .into(new ArrayList<>()));
            for (String word : WORDS.subList(0, 4)) {
                same(c -> c.countDocuments(Filters.and(filtered, Filters.eq("terms", word))));
                same(c -> c.countDocuments(Filters.and(ofForm, Filters.eq("terms", word))));
            }
            same(c -> sortedById(c.aggregate(List.of(new Document("$match", filtered),
                    new Document("$match", Filters.in("terms", WORDS.subList(0, 4))),
                    new Document("$project", new Document("terms", 1)), new Document("$unwind", "$terms"),
                    new Document("$match", Filters.in("terms", WORDS.subList(0, 4))),
                    new Document("$group", new Document("_id", "$terms").append("responses", new Document("$sum", 1)))))));
            // stages that read only the index's fields, served by documents made of its keys
            same(c -> sortedById(c.aggregate(List.of(new Document("$match", window),
                    new Document("$project", new Document("submittedAt", 1).append("formId", 1))))));
            same(c -> sortedById(c.aggregate(List.of(new Document("$match",
                    new Document("formId", new Document("$in", List.of(formId, "f1")))),
                    new Document("$group", new Document("_id", "$formId").append("n", new Document("$sum", 1))
                            .append("latest", new Document("$max", "$submittedAt")))))));
            // ascending reads and ranges read the index backwards
            same(c -> find(c, Filters.and(ofForm, Filters.lt("submittedAt", minute(700))),
                    new Document("submittedAt", 1).append("_id", 1), 3, 7));
        }
        same(c -> find(c, Filters.in("formId", List.of("f1", "f4")), NEWEST_FIRST, 0, 30));
        same(c -> find(c, Filters.in("_id", List.of("r1", "r20", "r300", "r3100")), new Document("_id", 1), 0, 0));
        // a sort right after the index's matches, on a field the index does not hold, then stages that keep order
        same(c -> c.aggregate(List.of(new Document("$match", new Document("formId", "f1")),
                new Document("$sort", new Document("answers.c", -1).append("_id", 1)), new Document("$skip", 5),
                new Document("$limit", 40), new Document("$project", new Document("answers.c", 1))))
                .into(new ArrayList<>()));
        same(c -> c.aggregate(List.of(new Document("$match", Filters.gte("submittedAt", minute(1_000))),
                new Document("$group", new Document("_id", "$formId").append("responses", new Document("$sum", 1))),
                new Document("$sort", new Document("responses", -1).append("_id", 1)), new Document("$limit", 3)))
                .into(new ArrayList<>()));
    }

    private static List<Document> find(MongoCollection<Document> collection, Bson filter, Document sort, int skip,
            int limit) {
        return collection.find(filter).sort(sort).skip(skip).limit(limit).into(new ArrayList<>());
    }

    private static List<Document> sortedById(Iterable<Document> rows) {
        List<Document> sorted = new ArrayList<>();
        rows.forEach(sorted::add);
        sorted.sort(Comparator.comparing(row -> String.valueOf(row.get("_id"))));
        return sorted;
    }

    private static List<Document> asDoubles(Iterable<Document> rows) {
        List<Document> converted = new ArrayList<>();
        for (Document row : rows) {
            Document doubles = new Document();
            row.forEach((key, value) -> doubles.append(key, value instanceof Number n ? n.doubleValue() : value));
            converted.add(doubles);
        }
        return converted;
    }

    /** Sums and means may differ in their last digits: the order documents are added in is not defined. */
    private <T> void same(Function<MongoCollection<Document>, T> query) {
        assertThat(query.apply(indexed)).usingRecursiveComparison()
                .withComparatorForType(StoreBehaviourSuite::closeEnough, Double.class).isEqualTo(query.apply(plain));
    }

    private static int closeEnough(Double a, Double b) {
        double tolerance = 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
        return Math.abs(a - b) <= tolerance ? 0 : Double.compare(a, b);
    }

    private void both(Consumer<MongoCollection<Document>> change) {
        change.accept(indexed);
        change.accept(plain);
    }

    private static List<Document> copies(List<Document> documents) {
        return documents.stream().map(d -> Document.parse(d.toJson())).toList();
    }

    private static Document response(String id, Random random) {
        // skewed: f1 holds about half of the responses
        String formId = FORMS.get(Math.min(FORMS.size() - 1, (int) (-Math.log(1 - random.nextDouble()) * 1.5)));
        Document answers = new Document();
        switch (random.nextInt(4)) {
            case 0 -> answers.append("n", random.nextInt(10));
            case 1 -> answers.append("n", random.nextInt(100) / 10.0);
            case 2 -> answers.append("n", "not a number");
            default -> {
            }
        }
        if (random.nextBoolean()) {
            answers.append("c", CHOICES.get(random.nextInt(CHOICES.size())));
        } else if (random.nextBoolean()) {
            answers.append("c", List.of(CHOICES.get(random.nextInt(2)), CHOICES.get(2 + random.nextInt(2))));
        }
        // few distinct minutes, so that many responses share a submission time and the id breaks the tie
        List<String> terms = terms(random);
        Document termCounts = new Document();
        terms.forEach(term -> termCounts.append(term, 1 + random.nextInt(3)));
        return new Document("_id", id).append("formId", formId).append("formVersion", 1L)
                .append("submittedAt", minute(random.nextInt(2_000) / 3 * 3)).append("answers", answers)
                .append("terms", terms).append("termCounts", termCounts)
                .append("wordCount", termCounts.values().stream().mapToInt(n -> (Integer) n).sum() + random.nextInt(9));
    }

    private static List<String> terms(Random random) {
        List<String> terms = new ArrayList<>();
        for (String word : WORDS) {
            if (random.nextInt(4) == 0) {
                terms.add(word);
            }
        }
        return terms;
    }

    private static Document ifNull(String path, Object otherwise) {
        return new Document("$ifNull", List.of(path, otherwise));
    }

    private static Date minute(int minute) {
        return Date.from(T0.plusSeconds(60L * minute));
    }
}
