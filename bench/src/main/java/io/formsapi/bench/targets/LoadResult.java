package io.formsapi.bench.targets;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one load measured: latencies in nanoseconds (sorted), answers by status, failed connections, all of them
 * within the duration; {@code completed} also counts the requests that were in flight when it ended.
 * {@code byKind} holds the latencies (sorted) of the calls that named a kind, by kind, and {@code outcomesByKind}
 * their answers' {@code X-Cache} headers ("none" when absent), counted.
 */
record LoadResult(long[] latencies, double seconds, Map<Integer, Long> statuses, long ioErrors,
        List<String> errorSamples, long completed, Map<String, long[]> byKind,
        Map<String, Map<String, Long>> outcomesByKind) {

    LoadResult(long[] latencies, double seconds, Map<Integer, Long> statuses, long ioErrors,
            List<String> errorSamples, long completed) {
        this(latencies, seconds, statuses, ioErrors, errorSamples, completed, Map.of(), Map.of());
    }

    long requests() {
        return latencies.length;
    }

    double perSecond() {
        return requests() / seconds;
    }

    double meanMillis() {
        return latencies.length == 0 ? Double.NaN : Arrays.stream(latencies).average().orElse(0) / 1e6;
    }

    /** The nearest-rank percentile, in milliseconds. */
    double percentileMillis(double p) {
        return percentileMillis(latencies, p);
    }

    /** The nearest-rank percentile of the calls of one kind, in milliseconds. */
    double percentileMillis(String kind, double p) {
        return percentileMillis(byKind.getOrDefault(kind, new long[0]), p);
    }

    private static double percentileMillis(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
    }

    static long[] concatenated(long[] a, long[] b) {
        long[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Answers that were not 2xx, and connections that failed. */
    long failures() {
        return ioErrors + statuses.entrySet().stream().filter(e -> e.getKey() < 200 || e.getKey() >= 300)
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Combines several runs of the same measurement. */
    static LoadResult merge(List<LoadResult> results) {
        long[] all = results.stream().flatMapToLong(r -> Arrays.stream(r.latencies())).sorted().toArray();
        double seconds = results.stream().mapToDouble(LoadResult::seconds).sum();
        Map<Integer, Long> statuses = new TreeMap<>();
        results.forEach(r -> r.statuses().forEach((s, n) -> statuses.merge(s, n, Long::sum)));
        long ioErrors = results.stream().mapToLong(LoadResult::ioErrors).sum();
        List<String> samples = results.stream().flatMap(r -> r.errorSamples().stream()).limit(5).toList();
        long completed = results.stream().mapToLong(LoadResult::completed).sum();
        Map<String, long[]> byKind = new TreeMap<>();
        results.forEach(r -> r.byKind().forEach((kind, times) -> byKind.merge(kind, times,
                LoadResult::concatenated)));
        byKind.replaceAll((kind, times) -> Arrays.stream(times).sorted().toArray());
        Map<String, Map<String, Long>> outcomes = new TreeMap<>();
        results.forEach(r -> addOutcomes(outcomes, r.outcomesByKind()));
        return new LoadResult(all, seconds, statuses, ioErrors, samples, completed, byKind, outcomes);
    }

    /** Adds the counts of {@code more} to {@code into}, kind by kind and outcome by outcome. */
    static void addOutcomes(Map<String, Map<String, Long>> into, Map<String, Map<String, Long>> more) {
        more.forEach((kind, counts) -> counts.forEach((outcome, n) -> into.computeIfAbsent(kind,
                k -> new TreeMap<>()).merge(outcome, n, Long::sum)));
    }

    /** The answers of one kind by {@code X-Cache}, e.g. "HIT 120, MISS 3"; "-" when none were counted. */
    String outcomes(String kind) {
        Map<String, Long> counts = outcomesByKind.getOrDefault(kind, Map.of());
        return counts.isEmpty() ? "-" : counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
