package io.formsapi.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import de.bwaldvogel.mongo.backend.aggregation.stage.SortStage;
import de.bwaldvogel.mongo.bson.Document;

/** Sorts give, on random documents, the order of the library's sort, equal values in the order they came in. */
class SortKeysTest {

    static List<Document> orders() {
        return List.of(new Document("answers.score", 1), new Document("answers.score", -1),
                new Document("rank", 1), new Document("rank", -1),
                new Document("answers.score", -1).append("rank", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void sortsAsTheLibrarySorts(Document order) {
        for (int seed = 0; seed < 30; seed++) {
            Random random = new Random(seed);
            List<Document> documents = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                // ints only in some runs, so that both ways of sorting are taken
                Object score = seed % 2 == 0 ? random.nextInt(7) - 3 : switch (random.nextInt(4)) {
                    case 0 -> (long) random.nextInt(5);
                    case 1 -> random.nextInt(40) / 10.0;
                    case 2 -> "x" + random.nextInt(3);
                    default -> random.nextInt(5);
                };
                Document document = new Document("_id", i).append("answers", new Document("score", score));
                document.append("rank", random.nextBoolean() ? Integer.MIN_VALUE + random.nextInt(3)
                        : Integer.MAX_VALUE - random.nextInt(3));
                documents.add(document);
            }
            List<Document> expected = new SortStage(order).apply(documents.stream()).toList();

            assertThat(SortKeys.of(order).sorted(documents)).as("seed %d", seed).isEqualTo(expected);
        }
    }
}
