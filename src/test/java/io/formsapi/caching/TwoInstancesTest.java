package io.formsapi.caching;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import io.formsapi.support.ApiClient;
import io.formsapi.support.SharedBackend;
import io.formsapi.support.StartedApp;
import io.formsapi.support.ApiClient.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Two instances of the API, each its own application context with its own connections, sharing one Redis and
 * one standalone store, as two processes behind a load balancer would.
 */
class TwoInstancesTest {

    private static final List<Map<String, Object>> FIELDS = List.of(
            Map.of("id", "rating", "label", "Rating", "type", "rating"),
            Map.of("id", "comment", "label", "Comment", "type", "long_text"));

    @TempDir
    static Path dataDir;

    private static SharedBackend backend;
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;
    private static ApiClient apiA;
    private static ApiClient apiB;

    @BeforeAll
    static void start() {
        backend = SharedBackend.start(dataDir, List.of("--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"));
        a = backend.instance();
        b = backend.instance();
        apiA = StartedApp.client(a);
        apiB = StartedApp.client(b);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private static String token(ApiClient api, String name) {
        String email = name + "-" + System.nanoTime() + "@example.com";
        api.post("/api/v1/auth/register", null, Map.of("email", email, "name", name, "password", "long-enough"));
        return api.post("/api/v1/auth/login", null, Map.of("email", email, "password", "long-enough"))
                .at("/token").asString();
    }

    private static String publishedForm(ApiClient api, String token) {
        String formId = api.post("/api/v1/forms", token, Map.of("title", "Shared", "fields", FIELDS)).at("/id")
                .asString();
        api.post("/api/v1/forms/" + formId + "/publish", token, null);
        return formId;
    }

    @Test
    void aWriteOnOneInstanceIsReadFreshOnTheOther() {
        String token = token(apiA, "Writer");
        String formId = publishedForm(apiA, token);
        String path = "/api/v1/forms/" + formId;
        apiB.get(path, token);
        assertThat(apiB.get(path, token).at("/title").asString()).isEqualTo("Shared");

        apiA.put(path, token, Map.of("title", "Renamed on A", "fields", FIELDS));
        assertThat(apiB.get(path, token).at("/title").asString()).isEqualTo("Renamed on A");

        apiB.post(path + "/responses", null, Map.of("answers", Map.of("rating", 3)));
        assertThat(apiA.get(path, token).at("/responseCount").asLong()).isEqualTo(1);

        apiA.post("/api/v1/auth/logout", token, null);
        assertThat(apiB.get("/api/v1/users/me", token).status()).isEqualTo(401);
    }

    @Test
    void twoHundredColdReadsOfAWidgetOverBothInstancesComputeItOnce() throws Exception {
        String token = token(apiA, "Viewer");
        String formId = publishedForm(apiA, token);
        for (int i = 0; i < 5; i++) {
            apiA.post("/api/v1/forms/" + formId + "/responses", null, Map.of("answers", Map.of("rating", 1 + i)));
        }
        String widgetId = apiA.post("/api/v1/dashboard/widgets", token,
                Map.of("formId", formId, "type", "numeric_stats", "fieldId", "rating")).at("/id").asString();
        apiA.get("/api/v1/users/me", token);
        apiB.get("/api/v1/users/me", token);
        double before = widgetLoads(a) + widgetLoads(b);

        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ApiClient api = i % 2 == 0 ? apiA : apiB;
                calls.add(pool.submit(() -> {
                    go.await();
                    return api.get("/api/v1/dashboard/widgets/" + widgetId, token);
                }));
            }
            go.countDown();
            for (Future<Reply> call : calls) {
                Reply reply = call.get(60, TimeUnit.SECONDS);
                assertThat(reply.status()).isEqualTo(200);
                assertThat(reply.at("/data/mean").asDouble()).isEqualTo(3.0);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(widgetLoads(a) + widgetLoads(b) - before).as("widget computations").isEqualTo(1.0);
    }

    /**
     * Several clients for a bounded time, mixing form updates, submissions and reads on both instances. Every
     * read is checked against the writes acknowledged before it started: it may not show an older form version
     * or fewer responses than those. The one allowance is bounded freshness: a response list marked STALE may
     * miss submissions acknowledged less than the bound (5 s) before the read began, never older ones.
     */
    @Test
    void randomisedReadsNeverGoBehindAcknowledgedWrites() throws Exception {
        String token = token(apiA, "Chaos");
        List<String> forms = List.of(publishedForm(apiA, token), publishedForm(apiA, token),
                publishedForm(apiB, token));
        Map<String, AtomicLong> ackedVersion = new ConcurrentHashMap<>();
        Map<String, AtomicLong> ackedResponses = new ConcurrentHashMap<>();
        Map<String, Queue<Long>> ackTimes = new ConcurrentHashMap<>();
        long bound = TimeUnit.SECONDS.toNanos(5);
        AtomicLong staleReads = new AtomicLong();
        for (String formId : forms) {
            ackedVersion.put(formId, new AtomicLong(apiA.get("/api/v1/forms/" + formId, token).at("/version")
                    .asLong()));
            ackedResponses.put(formId, new AtomicLong());
            ackTimes.put(formId, new ConcurrentLinkedQueue<>());
        }
        AtomicLong reads = new AtomicLong();
        AtomicLong violations = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                running.add(clients.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (System.nanoTime() < deadline) {
                        String formId = forms.get(random.nextInt(forms.size()));
                        ApiClient api = random.nextBoolean() ? apiA : apiB;
                        int action = random.nextInt(10);
                        if (action == 0) {
                            Reply updated = api.put("/api/v1/forms/" + formId, token,
                                    Map.of("title", "t" + random.nextInt(1000), "fields", FIELDS));
                            if (updated.status() == 200) {
                                ackedVersion.get(formId).accumulateAndGet(updated.at("/version").asLong(), Math::max);
                            }
                        } else if (action <= 2) {
                            Reply submitted = api.post("/api/v1/forms/" + formId + "/responses", null,
                                    Map.of("answers", Map.of("rating", 1 + random.nextInt(5))));
                            if (submitted.status() == 201) {
                                ackTimes.get(formId).add(System.nanoTime());
                                ackedResponses.get(formId).incrementAndGet();
                            }
                        } else {
                            long startedAt = System.nanoTime();
                            long minVersion = ackedVersion.get(formId).get();
                            long minResponses = ackedResponses.get(formId).get();
                            long minStaleResponses = ackTimes.get(formId).stream()
                                    .filter(acked -> startedAt - acked > bound).count();
                            Reply form = api.get("/api/v1/forms/" + formId, token);
                            Reply listed = api.get("/api/v1/forms/" + formId + "/responses?size=1", token);
                            reads.addAndGet(2);
                            boolean stale = "STALE".equals(listed.header("X-Cache"));
                            if (stale) {
                                staleReads.incrementAndGet();
                            }
                            long listedAtLeast = stale ? minStaleResponses : minResponses;
                            if (form.at("/version").asLong() < minVersion
                                    || form.at("/responseCount").asLong() < minResponses
                                    || listed.at("/total").asLong() < listedAtLeast
                                    || (stale && Long.parseLong(listed.header("Age")) > 5)) {
                                violations.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        System.out.printf("Consistency check: %d reads checked (%d response lists served stale), %d violations%n",
                reads.get(), staleReads.get(), violations.get());
        assertThat(reads.get()).isGreaterThan(100);
        assertThat(violations.get()).isZero();
    }

    private static double widgetLoads(ConfigurableApplicationContext context) {
        Counter loads = context.getBean(MeterRegistry.class).find("cache.loads").tag("type", "dashboard_widget")
                .counter();
        return loads == null ? 0 : loads.count();
    }
}
