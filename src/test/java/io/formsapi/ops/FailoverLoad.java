package io.formsapi.ops;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.function.Supplier;

import io.formsapi.support.ApiClient;
import io.formsapi.support.ApiClient.Reply;

/**
 * Readers and a writer going through nginx for as long as the test runs. Every answer is checked against the
 * submissions acknowledged before its request began: a form's count and a response list may never miss one, except
 * that a response list marked {@code X-Cache: STALE} may miss those acknowledged less than {@link #STALE_BOUND}
 * before, and is never older than that (docs/CACHE.md, "Bounded freshness"). A request that fails (a 5xx, a refused
 * or reset connection) is sent again every 100 ms, up to {@link #FAILOVER_BOUND} after it was first sent; only one
 * still failing then counts as failed.
 */
final class FailoverLoad implements AutoCloseable {

    static final Duration FAILOVER_BOUND = Duration.ofSeconds(15);
    static final Duration STALE_BOUND = Duration.ofSeconds(5);
    private static final int READERS = 3;
    private static final Duration WRITE_PAUSE = Duration.ofMillis(150);

    /** What happened during one stretch of the run. */
    static final class Tally {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong retried = new AtomicLong();
        final AtomicLong staleReads = new AtomicLong();
        final AtomicLong servedStale = new AtomicLong();
        final AtomicLong fromCache = new AtomicLong();
        final AtomicLong cacheable = new AtomicLong();
        final LongAccumulator maxStallNanos = new LongAccumulator(Math::max, 0);
        final Queue<String> problems = new ConcurrentLinkedQueue<>();

        double hitRatio() {
            return cacheable.get() == 0 ? 0 : (double) fromCache.get() / cacheable.get();
        }

        Duration maxStall() {
            return Duration.ofNanos(maxStallNanos.get());
        }

        void problem(String what) {
            if (problems.size() < 20) {
                problems.add(what);
            }
        }
    }

    private final ApiClient api;
    private final String token;
    private final List<String> forms;
    private final Map<String, AtomicLong> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, Queue<Long>> acknowledgedAt = new ConcurrentHashMap<>();
    private final AtomicReference<Tally> tally = new AtomicReference<>(new Tally());
    private final ExecutorService clients = Executors.newFixedThreadPool(READERS + 1);
    private volatile boolean running = true;

    FailoverLoad(ApiClient api, String token, List<String> forms) {
        this.api = api;
        this.token = token;
        this.forms = forms;
        for (String form : forms) {
            acknowledged.put(form, new AtomicLong());
            acknowledgedAt.put(form, new ConcurrentLinkedQueue<>());
        }
        for (int i = 0; i < READERS; i++) {
            clients.submit(this::read);
        }
        clients.submit(this::write);
    }

    /** Starts counting afresh; returns what was counted since the previous call. */
    Tally restart() {
        return tally.getAndSet(new Tally());
    }

    /** What has been counted since the last {@link #restart()}, still counting. */
    Tally current() {
        return tally.get();
    }

    private void write() {
        while (running) {
            String form = forms.get(ThreadLocalRandom.current().nextInt(forms.size()));
            Reply submitted = call(() -> api.post("/api/v1/forms/" + form + "/responses", null,
                    Map.of("answers", Map.of("rating", 1 + ThreadLocalRandom.current().nextInt(5)))));
            if (submitted != null && submitted.status() == 201) {
                acknowledgedAt.get(form).add(System.nanoTime());
                acknowledged.get(form).incrementAndGet();
            } else if (submitted != null) {
                tally.get().problem("submission answered " + submitted.status() + ": " + submitted.raw());
                tally.get().failed.incrementAndGet();
            }
            pause(WRITE_PAUSE);
        }
    }

    private void read() {
        while (running) {
            String form = forms.get(ThreadLocalRandom.current().nextInt(forms.size()));
            long startedAt = System.nanoTime();
            long atLeast = acknowledged.get(form).get();
            long atLeastIfStale = acknowledgedAt.get(form).stream()
                    .filter(at -> startedAt - at > STALE_BOUND.toNanos()).count();

            Reply view = call(() -> api.get("/api/v1/forms/" + form, token));
            if (view != null && expect(view, 200, form)) {
                cached(view);
                if (view.at("/responseCount").asLong() < atLeast) {
                    stale("form " + form + " counted " + view.at("/responseCount").asLong() + " responses, "
                            + atLeast + " acknowledged before the read (X-Cache " + view.header("X-Cache") + ")");
                }
            }
            Reply listed = call(() -> api.get("/api/v1/forms/" + form + "/responses?size=1", token));
            if (listed != null && expect(listed, 200, form)) {
                cached(listed);
                boolean servedStale = "STALE".equals(listed.header("X-Cache"));
                long total = listed.at("/total").asLong();
                if (servedStale) {
                    tally.get().servedStale.incrementAndGet();
                    long age = Long.parseLong(listed.header("Age"));
                    if (total < atLeastIfStale || age > STALE_BOUND.toSeconds()) {
                        stale("STALE list of " + form + ": " + total + " responses, Age " + age + ", "
                                + atLeastIfStale + " acknowledged more than " + STALE_BOUND + " before the read");
                    }
                } else if (total < atLeast) {
                    stale("list of " + form + ": " + total + " responses, " + atLeast
                            + " acknowledged before the read (X-Cache " + listed.header("X-Cache") + ")");
                }
            }
            Reply published = call(() -> api.get("/api/v1/forms/" + form + "/public", null));
            if (published != null && expect(published, 200, form)) {
                cached(published);
            }
        }
    }

    /**
     * Sends a request until it is answered below 500 or {@link #FAILOVER_BOUND} has passed; null when it never was.
     * The stall is the time from the first send to the answer.
     */
    private Reply call(Supplier<Reply> request) {
        long started = System.nanoTime();
        Tally counting = tally.get();
        counting.requests.incrementAndGet();
        int attempts = 0;
        while (true) {
            attempts++;
            String failure;
            try {
                Reply reply = request.get();
                if (reply.status() < 500) {
                    counting.maxStallNanos.accumulate(System.nanoTime() - started);
                    if (attempts > 1) {
                        counting.retried.incrementAndGet();
                    }
                    return reply;
                }
                failure = "status " + reply.status() + " " + reply.raw();
            } catch (IllegalStateException e) {
                failure = String.valueOf(e.getCause());
            }
            long waited = System.nanoTime() - started;
            if (waited > FAILOVER_BOUND.toNanos() || !running) {
                counting.maxStallNanos.accumulate(waited);
                counting.failed.incrementAndGet();
                counting.problem("failed for " + Duration.ofNanos(waited) + " (" + attempts + " attempts): " + failure);
                return null;
            }
            pause(Duration.ofMillis(100));
        }
    }

    private boolean expect(Reply reply, int status, String form) {
        if (reply.status() == status) {
            return true;
        }
        tally.get().failed.incrementAndGet();
        tally.get().problem("form " + form + " answered " + reply.status() + ": " + reply.raw());
        return false;
    }

    private void cached(Reply reply) {
        String cache = reply.header("X-Cache");
        tally.get().cacheable.incrementAndGet();
        if ("HIT".equals(cache) || "STALE".equals(cache)) {
            tally.get().fromCache.incrementAndGet();
        }
    }

    private void stale(String what) {
        tally.get().staleReads.incrementAndGet();
        tally.get().problem(what);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        clients.shutdown();
        if (!clients.awaitTermination(FAILOVER_BOUND.toSeconds() * 2, TimeUnit.SECONDS)) {
            clients.shutdownNow();
        }
    }
}
