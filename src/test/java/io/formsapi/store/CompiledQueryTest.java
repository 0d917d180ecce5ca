package io.formsapi.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.bson.Document;

/** Each query matches, on random documents, exactly the documents the library's matcher matches. */
class CompiledQueryTest {

    /** One document field in {@value} is null, one is missing. */
    private static final int MAYBE_SIDES = 10;

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    static List<Document> queries() {
        return List.of(
                new Document("answers.score", new Document("$type", List.of("double", "int", "long", "decimal"))),
                new Document("answers.score", new Document("$type", "number")),
                new Document("answers.score", new Document("$type", List.of("string"))),
                new Document("answers.channel", new Document("$exists", true)),
                new Document("answers.channel", new Document("$exists", false)),
                new Document("answers.channel", "web"),
                new Document("terms", new Document("$in", List.of("refund", "late"))),
                new Document("answers.channel", new Document("$in", List.of("web", "mail"))),
                new Document("submittedAt", new Document("$gte", T0.plusSeconds(86_400))
                        .append("$lt", T0.plusSeconds(20 * 86_400))),
                new Document("submittedAt", new Document("$gt", T0.plusSeconds(86_400)).append("$lte", T0))
                        .append("answers.channel", new Document("$exists", true)),
                new Document("answers.score", new Document("$gt", 3)),
                new Document("$or", List.of(new Document("answers.channel", "web"),
                        new Document("answers.score", 3))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void matchesWhatTheLibraryMatches(Document query) {
        DefaultQueryMatcher library = new DefaultQueryMatcher();
        Predicate<Document> compiled = CompiledQuery.of(query);
        for (int seed = 0; seed < 20; seed++) {
            for (Document document : documents(new Random(seed), 100)) {
                assertThat(compiled.test(document)).as("%s on %s", query, document)
                        .isEqualTo(library.matches(document, query));
            }
        }
    }

    private static List<Document> documents(Random random, int count) {
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Document answers = new Document();
            RandomFields.maybe(random, answers, "score", switch (random.nextInt(6)) {
                case 0 -> (long) random.nextInt(5);
                case 1 -> random.nextInt(50) / 10.0;
                case 2 -> "3";
                case 3 -> List.of(1, "two");
                default -> random.nextInt(5);
            }, MAYBE_SIDES);
            RandomFields.maybe(random, answers, "channel", switch (random.nextInt(5)) {
                case 0 -> List.of("web", "phone");
                case 1 -> List.of();
                case 2 -> 7;
                default -> List.of("web", "phone", "mail", "store").get(random.nextInt(4));
            }, MAYBE_SIDES);
            Document document = new Document("_id", i);
            RandomFields.maybe(random, document, "submittedAt", random.nextInt(6) == 0 ? "yesterday"
                    : T0.plusSeconds(random.nextInt(30 * 86_400)), MAYBE_SIDES);
            if (random.nextInt(8) > 0) {
                document.append("answers", random.nextInt(10) == 0 ? List.of(answers) : answers);
            }
            RandomFields.maybe(random, document, "terms", random.nextBoolean() ? "refund"
                    : List.of("refund", "late", "slow").subList(0, random.nextInt(3)), MAYBE_SIDES);
            documents.add(document);
        }
        return documents;
    }
}
