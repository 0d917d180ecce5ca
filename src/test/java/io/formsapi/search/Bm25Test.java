package io.formsapi.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class Bm25Test {

    private final Bm25 bm25 = new Bm25(List.of("refund", "pizza"), 10, Map.of("refund", 2L, "pizza", 8L));

    @Test
    void matchesTheTextbookFormula() {
        double idf = Math.log(1 + (10 - 2 + 0.5) / (2 + 0.5));
        double expected = idf * 2 * (Bm25.K1 + 1) / (2 + Bm25.K1 * (1 - Bm25.B + Bm25.B * 4 / 5.0));
        assertThat(bm25.score(List.of("refund", "refund", "cold", "food"), 5)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void rareWordsWeighMore() {
        assertThat(bm25.score(List.of("refund", "x"), 2)).isGreaterThan(bm25.score(List.of("pizza", "x"), 2));
    }

    @Test
    void repetitionsCountLessAndLess() {
        double once = bm25.score(List.of("refund", "x", "x", "x"), 4);
        double twice = bm25.score(List.of("refund", "refund", "x", "x"), 4);
        double thrice = bm25.score(List.of("refund", "refund", "refund", "x"), 4);
        assertThat(twice).isGreaterThan(once);
        assertThat(thrice - twice).isLessThan(twice - once);
    }

    @Test
    void longerTextsScoreLowerForTheSameRepetitions() {
        assertThat(bm25.score(List.of("refund", "x"), 4)).isGreaterThan(bm25.score(
                List.of("refund", "x", "x", "x", "x", "x", "x", "x"), 4));
    }

    @Test
    void aWordInEveryResponseStillWeighsSomething() {
        assertThat(Bm25.idf(10, 10)).isPositive();
        assertThat(bm25.score(List.of("other"), 1)).isZero();
    }
}
