package io.formsapi.bench.targets;

import java.util.Arrays;
import java.util.List;

/** Alternating rounds of two measurements: the median of the rounds' ratios, and the rates as printed. */
final class Rounds {

    private Rounds() {
    }

    /**
     * Each round's two runs follow each other, so they share whatever else the machine was doing: the median of the
     * rounds' ratios resists a disturbed round better than the ratio of the means.
     */
    static double medianRatio(List<LoadResult> a, List<LoadResult> b) {
        double[] sorted = ratios(a, b);
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    static double[] ratios(List<LoadResult> a, List<LoadResult> b) {
        double[] ratios = new double[a.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = a.get(i).perSecond() / b.get(i).perSecond();
        }
        return ratios;
    }

    static double meanRate(List<LoadResult> runs) {
        return runs.stream().mapToDouble(LoadResult::perSecond).average().orElse(0);
    }

    static String rates(List<LoadResult> runs) {
        return String.join(", ", runs.stream().map(r -> Row.number(r.perSecond())).toList());
    }
}
