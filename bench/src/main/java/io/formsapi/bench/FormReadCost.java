package io.formsapi.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.util.FileSystemUtils;

import io.formsapi.FormsApiApplication;
import io.formsapi.cache.embedded.RedisServerProcess;
import io.formsapi.caching.Invalidations;
import io.formsapi.store.EmbeddedStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the HTTP-level entry of a member's form read buys over the form's schema entry alone (the public view has
 * no schema entry behind its answer). Two API instances run in this
 * JVM on one redis-server and one embedded store: one answers the form GETs from their response-cache entries
 * ({@code CACHE_RESPONSES_ENABLED=true}), the other runs the handler on every request, which reads the cached
 * schema and count ({@code false}). Each has its own key prefix, so each fills and reads its own entries. Rounds
 * alternate which instance goes first; each round times, per instance and endpoint, sequential requests from one
 * client (latency), the same number spread over four clients (throughput), and reads right after the form's tags
 * were bumped (a miss: the answer's entry is written on top of the schema's). Prints the median of the rounds.
 * Arguments: rounds, requests per hit measurement, misses per round. How to run it: docs/BENCHMARKS.md.
 */
public final class FormReadCost {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int CLIENTS = 4;
    private static final List<String> VARIANTS = List.of("response+schema", "schema only");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, List<Double>> results = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

    private record Instance(String name, ConfigurableApplicationContext app, String base, String prefix) {
    }

    private record Endpoint(String name, String path, String token) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int misses = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        Path data = Files.createTempDirectory("form-read-cost");
        try (RedisServerProcess redis = RedisServerProcess.start(0, List.of("--maxmemory", "256mb",
                "--maxmemory-policy", "allkeys-lru")); EmbeddedStore store = EmbeddedStore.start(data, 64, 0)) {
            List<Instance> instances = List.of(
                    start(VARIANTS.get(0), redis, store, "bench-responses", true),
                    start(VARIANTS.get(1), redis, store, "bench-schema", false));
            try {
                new FormReadCost().run(instances, rounds, requests, misses);
            } finally {
                instances.forEach(i -> i.app().close());
            }
        } finally {
            FileSystemUtils.deleteRecursively(data);
        }
    }

    private static Instance start(String name, RedisServerProcess redis, EmbeddedStore store, String prefix,
            boolean responses) {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(FormsApiApplication.class).run(
                "--server.port=0", "--management.server.port=0", "--MONGODB_URI=" + store.connectionString("forms"),
                "--REDIS_HOST=" + redis.host(), "--REDIS_PORT=" + redis.port(), "--CACHE_KEY_PREFIX=" + prefix,
                "--CACHE_RESPONSES_ENABLED=" + responses, "--RATE_LIMITS_ENABLED=false",
                "--forms.cache.warmup.on-startup=false", "--logging.level.root=WARN");
        if (!String.valueOf(redis.port()).equals(app.getEnvironment().getProperty("spring.data.redis.port"))) {
            app.close();
            throw new IllegalStateException("the instance is not using the redis-server started here: the "
                    + "application's META-INF/spring.factories must be on the class path");
        }
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return new Instance(name, app, "http://127.0.0.1:" + port, prefix);
    }

    private void run(List<Instance> instances, int rounds, int requests, int misses) throws Exception {
        String base = instances.get(0).base();
        String email = "bench-" + System.nanoTime() + "@example.com";
        send(base, "POST", "/api/v1/auth/register", null,
                Map.of("email", email, "name", "Bench", "password", "correct-horse"));
        String token = JSON.readTree(send(base, "POST", "/api/v1/auth/login", null,
                Map.of("email", email, "password", "correct-horse")).body()).path("token").asString();
        String formId = JSON.readTree(send(base, "POST", "/api/v1/forms", token, Payloads.formDraft()).body())
                .path("id").asString();
        send(base, "POST", "/api/v1/forms/" + formId + "/publish", token, null);
        List<Endpoint> endpoints = List.of(new Endpoint("form (owner)", "/api/v1/forms/" + formId, token));

        // Untimed: fills both instances' entries and lets the JIT settle before the first round.
        for (Instance instance : instances) {
            for (Endpoint endpoint : endpoints) {
                sequential(instance, endpoint, requests);
            }
        }
        for (int round = 0; round < rounds; round++) {
            List<Instance> order = round % 2 == 0 ? instances : List.of(instances.get(1), instances.get(0));
            for (Instance instance : order) {
                for (Endpoint endpoint : endpoints) {
                    record(instance, endpoint, "hit latency µs", percentile(sequential(instance, endpoint, requests),
                            50) / 1e3);
                    record(instance, endpoint, "hit requests/s", throughput(instance, endpoint, requests));
                    record(instance, endpoint, "miss latency µs", percentile(afterInvalidation(instance, endpoint,
                            formId, misses), 50) / 1e3);
                }
            }
        }
        System.out.printf("%d rounds, %d requests per hit measurement (%d clients for throughput), %d misses%n",
                rounds, requests, CLIENTS, misses);
        System.out.println("| endpoint | measure | " + String.join(" | ", VARIANTS) + " | difference |");
        System.out.println("| --- | --- | ---: | ---: | ---: |");
        for (Endpoint endpoint : endpoints) {
            for (String measure : List.of("hit latency µs", "hit requests/s", "miss latency µs")) {
                double cached = median(results.get(key(VARIANTS.get(0), endpoint, measure)));
                double schema = median(results.get(key(VARIANTS.get(1), endpoint, measure)));
                System.out.printf("| %s | %s | %.0f | %.0f | %+.1f%% |%n", endpoint.name(), measure, cached, schema,
                        (cached - schema) / schema * 100);
            }
        }
        new TreeMap<>(outcomes).forEach((what, count) -> System.out.println(what + " x " + count));
        for (Instance instance : instances) {
            System.out.printf("%s: entries written for the form, bytes: %s%n", instance.name(), entrySizes(instance,
                    formId));
        }
    }

    /** Per-request nanoseconds of {@code count} requests in a row from one client; each must be a 200. */
    private long[] sequential(Instance instance, Endpoint endpoint, int count) throws Exception {
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = send(instance.base(), "GET", endpoint.path(), endpoint.token(), null);
            times[i] = System.nanoTime() - started;
            check(response, instance, endpoint);
        }
        return times;
    }

    /** Requests per second of {@code count} requests spread over {@link #CLIENTS} clients. */
    private double throughput(Instance instance, Endpoint endpoint, int count) throws Exception {
        AtomicInteger left = new AtomicInteger(count);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long started = System.nanoTime();
        try {
            List<Future<Void>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        check(send(instance.base(), "GET", endpoint.path(), endpoint.token(), null), instance,
                                endpoint);
                    }
                    return null;
                }));
            }
            for (Future<Void> client : clients) {
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return count / ((System.nanoTime() - started) / 1e9);
    }

    /** Nanoseconds of reads that each follow a bump of the form's tags on that instance. */
    private long[] afterInvalidation(Instance instance, Endpoint endpoint, String formId, int count)
            throws Exception {
        Invalidations invalidation = instance.app().getBean(Invalidations.class);
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            invalidation.invalidateForm(formId);
            long started = System.nanoTime();
            HttpResponse<String> response = send(instance.base(), "GET", endpoint.path(), endpoint.token(), null);
            times[i] = System.nanoTime() - started;
            check(response, instance, endpoint);
        }
        return times;
    }

    /** The stored size of each of the form's entries under the instance's prefix (the schema, count, answers). */
    private static Map<String, Long> entrySizes(Instance instance, String formId) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        RedisConnectionFactory factory = instance.app().getBean(RedisConnectionFactory.class);
        try (RedisConnection redis = factory.getConnection();
                Cursor<byte[]> keys = redis.keyCommands().scan(ScanOptions.scanOptions()
                        .match(instance.prefix() + ":*").count(1000).build())) {
            while (keys.hasNext()) {
                byte[] key = keys.next();
                String name = new String(key);
                if (name.endsWith(":form:schema:" + formId) || name.endsWith(":form:response_count:" + formId)
                        || name.startsWith(instance.prefix() + ":api:response:")) {
                    sizes.put(name.substring(instance.prefix().length() + 1), redis.stringCommands().strLen(key));
                }
            }
        }
        return sizes;
    }

    /** Every answer must be a 200; its X-Cache is counted, to show which entry answered. */
    private void check(HttpResponse<String> response, Instance instance, Endpoint endpoint) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(instance.name() + " " + endpoint.name() + ": " + response.statusCode()
                    + " " + response.body());
        }
        String outcome = response.headers().firstValue("X-Cache").orElse("none");
        outcomes.computeIfAbsent(instance.name() + ", " + endpoint.name() + ": X-Cache " + outcome,
                k -> new AtomicInteger()).incrementAndGet();
    }

    private void record(Instance instance, Endpoint endpoint, String measure, double value) {
        results.computeIfAbsent(key(instance.name(), endpoint, measure), k -> new ArrayList<>()).add(value);
    }

    private static String key(String variant, Endpoint endpoint, String measure) {
        return variant + "|" + endpoint.name() + "|" + measure;
    }

    private HttpResponse<String> send(String base, String method, String path, String token, Object body)
            throws Exception {
        return JsonRequests.send(http, base, method, path, token, body);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
