package io.formsapi.bench.targets;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load: each of {@code concurrency} workers sends a request on its own keep-alive connection, waits
 * for the answer, and sends the next, until the duration is over or the calls run out. As wrk counts, only answers
 * that arrived within the duration count; requests still in flight then are finished but not counted.
 */
final class Load {

    /** One request to one server; its latency is also reported under {@code kind}, unless that is empty. */
    record Call(Endpoint endpoint, HttpRequest request, String kind) {

        Call(Endpoint endpoint, HttpRequest request) {
            this(endpoint, request, "");
        }
    }

    /** The next call of a worker, or null when there is no more work. Called from every worker at once. */
    @FunctionalInterface
    interface Calls {
        Call next(SplittableRandom random);
    }

    private static final int TIMEOUT_MILLIS = 120_000;
    private static final int ERROR_SAMPLES = 5;

    private Load() {
    }

    /** Each request once, in order, shared by the workers. */
    static Calls once(Endpoint target, List<HttpRequest> requests) {
        AtomicInteger next = new AtomicInteger();
        return random -> {
            int i = next.getAndIncrement();
            return i < requests.size() ? new Call(target, requests.get(i)) : null;
        };
    }

    /** A request drawn uniformly from {@code requests}, for ever. */
    static Calls uniform(Endpoint target, List<HttpRequest> requests) {
        return random -> new Call(target, requests.get(random.nextInt(requests.size())));
    }

    /** Runs until {@code duration} is over (null: until the calls run out). */
    static LoadResult run(int concurrency, Duration duration, Calls calls) {
        long started = System.nanoTime();
        long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
        List<Worker> workers = new ArrayList<>();
        List<String> errorSamples = new CopyOnWriteArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            workers.add(new Worker(calls, deadline, new SplittableRandom(started + i), errorSamples));
        }
        List<Thread> threads = workers.stream().map(Thread::new).toList();
        threads.forEach(Thread::start);
        Parallel.joinAll(threads);
        long ended = workers.stream().mapToLong(w -> w.lastCounted).max().orElse(started);
        double seconds = duration == null ? (ended - started) / 1e9 : duration.toNanos() / 1e9;
        long[] latencies = workers.stream().flatMapToLong(w -> Arrays.stream(w.latencies, 0, w.count)).sorted()
                .toArray();
        Map<Integer, Long> statuses = new TreeMap<>();
        workers.forEach(w -> w.statuses.forEach((s, n) -> statuses.merge(s, n, Long::sum)));
        long ioErrors = workers.stream().mapToLong(w -> w.ioErrors).sum();
        long completed = workers.stream().mapToLong(w -> w.completed).sum();
        Map<String, long[]> byKind = new TreeMap<>();
        workers.forEach(w -> w.byKind.forEach((kind, times) -> byKind.merge(kind,
                times.stream().mapToLong(Long::longValue).toArray(), LoadResult::concatenated)));
        byKind.replaceAll((kind, times) -> Arrays.stream(times).sorted().toArray());
        Map<String, Map<String, Long>> outcomes = new TreeMap<>();
        workers.forEach(w -> LoadResult.addOutcomes(outcomes, w.outcomes));
        return new LoadResult(latencies, seconds, statuses, ioErrors, List.copyOf(errorSamples), completed, byKind,
                outcomes);
    }

    private static final class Worker implements Runnable {

        private final Calls calls;
        private final long deadline;
        private final SplittableRandom random;
        private final List<String> errorSamples;
        private final Map<Endpoint, HttpConnection> connections = new HashMap<>();
        private final Map<Integer, Long> statuses = new HashMap<>();
        private final Map<String, List<Long>> byKind = new HashMap<>();
        private final Map<String, Map<String, Long>> outcomes = new HashMap<>();
        private long[] latencies = new long[4096];
        private int count;
        private long ioErrors;
        private long lastCounted;
        private long completed;

        Worker(Calls calls, long deadline, SplittableRandom random, List<String> errorSamples) {
            this.calls = calls;
            this.deadline = deadline;
            this.random = random;
            this.errorSamples = errorSamples;
        }

        @Override
        public void run() {
            try {
                while (System.nanoTime() < deadline) {
                    Call call = calls.next(random);
                    if (call == null) {
                        return;
                    }
                    send(call);
                }
            } finally {
                connections.values().forEach(HttpConnection::close);
            }
        }

        private void send(Call call) {
            HttpConnection connection = connections.computeIfAbsent(call.endpoint(),
                    e -> new HttpConnection(e, TIMEOUT_MILLIS));
            long start = System.nanoTime();
            int status;
            String outcome = "none";
            try {
                HttpResponse response = connection.send(call.request());
                status = response.status();
                outcome = response.headers().getOrDefault("x-cache", outcome);
                if (status >= 400 && errorSamples.size() < ERROR_SAMPLES) {
                    errorSamples.add(call.request().method() + " " + call.request().path() + " -> " + status + " "
                            + response.text());
                }
            } catch (IOException e) {
                connection.close();
                status = -1;
                if (errorSamples.size() < ERROR_SAMPLES) {
                    errorSamples.add(call.request().method() + " " + call.request().path() + " -> " + e);
                }
            }
            long end = System.nanoTime();
            completed++;
            if (end > deadline) {
                return;
            }
            if (status < 0) {
                ioErrors++;
            } else {
                statuses.merge(status, 1L, Long::sum);
            }
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = end - start;
            if (!call.kind().isEmpty()) {
                byKind.computeIfAbsent(call.kind(), k -> new ArrayList<>()).add(end - start);
                outcomes.computeIfAbsent(call.kind(), k -> new HashMap<>()).merge(outcome, 1L, Long::sum);
            }
            lastCounted = end;
        }
    }
}
