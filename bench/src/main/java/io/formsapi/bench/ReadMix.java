package io.formsapi.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A read-heavy load over HTTP against a running API holding the demo data: the demo users read their forms,
 * response lists, searches and widgets, and submit a response now and then. Prints throughput, latency per
 * operation and the cache's hit ratio per type (demo1 must be an admin: ADMIN_EMAIL=demo1@example.com ADMIN_PASSWORD=demo-password).
 *
 * <pre>java -cp target/benchmarks.jar io.formsapi.bench.ReadMix http://localhost:8080 30 8</pre>
 */
public final class ReadMix {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> QUERIES = List.of("refund", "rating at least 4", "slow delivery",
            "last 7 days", "not happy", "score over 5", "great service last 30 days", "mood below 3", "-refund fast",
            "color blue");
    /** Weights of the mix: one write in forty requests. */
    private static final Map<String, Integer> MIX = Map.of("form", 12, "responses", 8, "search", 8, "widget", 11,
            "submit", 1);
    private static final List<String> OPERATIONS = MIX.entrySet().stream()
            .flatMap(e -> Collections.nCopies(e.getValue(), e.getKey()).stream()).toList();
    /** Each user works on its few most recently changed forms, as people do. */
    private static final int FORMS_PER_USER = 5;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();

    private ReadMix(String base) {
        this.base = base;
    }

    private record User(String token, List<String> forms, List<String> widgets) {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        new ReadMix(base).run(seconds, threads);
    }

    private void run(int seconds, int threads) throws Exception {
        List<User> users = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            users.add(prepare("demo" + i + "@example.com"));
        }
        AtomicLong requests = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < deadline) {
                    User user = users.get(random.nextInt(users.size()));
                    String formId = user.forms().get(random.nextInt(user.forms().size()));
                    String op = OPERATIONS.get(random.nextInt(OPERATIONS.size()));
                    switch (op) {
                        case "form" -> timed(op, "GET", "/api/v1/forms/" + formId, user.token(), null);
                        case "responses" -> timed(op, "GET", "/api/v1/forms/" + formId + "/responses?size=20",
                                user.token(), null);
                        case "search" -> timed(op, "GET", "/api/v1/forms/" + formId + "/search?q="
                                + QUERIES.get(random.nextInt(QUERIES.size())).replace(" ", "+"), user.token(), null);
                        case "widget" -> timed(op, "GET", "/api/v1/dashboard/widgets/"
                                + user.widgets().get(random.nextInt(user.widgets().size())), user.token(), null);
                        default -> submit(formId);
                    }
                    requests.incrementAndGet();
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - started) / 1e9;
        System.out.printf("%d requests in %.1f s: %.0f requests/s, %d failed%n", requests.get(), elapsed,
                requests.get() / elapsed, failures.get());
        System.out.println("| operation | requests | p50 ms | p95 ms | p99 ms |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        latencies.forEach((op, values) -> {
            long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("| %s | %d | %.2f | %.2f | %.2f |%n", op, sorted.length, percentile(sorted, 50),
                    percentile(sorted, 95), percentile(sorted, 99));
        });
        JsonNode stats = call("GET", "/api/v1/admin/cache/stats", users.get(0).token(), null);
        System.out.println("cache: " + stats.path("types"));
    }

    private User prepare(String email) throws Exception {
        String token = call("POST", "/api/v1/auth/login", null,
                Map.of("email", email, "password", "demo-password")).path("token").asString();
        List<String> forms = new ArrayList<>();
        call("GET", "/api/v1/forms?size=" + FORMS_PER_USER, token, null).path("items")
                .forEach(f -> forms.add(f.path("id").asString()));
        List<String> widgets = new ArrayList<>();
        for (String type : List.of("count", "timeseries", "latest")) {
            widgets.add(call("POST", "/api/v1/dashboard/widgets", token,
                    Map.of("formId", forms.get(widgets.size()), "type", type)).path("id").asString());
        }
        return new User(token, forms, widgets);
    }

    private void submit(String formId) {
        try {
            JsonNode form = call("GET", "/api/v1/forms/" + formId + "/public", null, null);
            if (form.isMissingNode() || !form.has("fields")) {
                return;
            }
            timed("submit", "POST", "/api/v1/forms/" + formId + "/responses", null, Submissions.answering(form));
        } catch (Exception e) {
            failures.incrementAndGet();
        }
    }

    private void timed(String op, String method, String path, String token, Object body) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = send(method, path, token, body);
            if (response.statusCode() >= 400 && response.statusCode() != 409) {
                failures.incrementAndGet();
            }
        } catch (Exception e) {
            failures.incrementAndGet();
        }
        latencies.computeIfAbsent(op, k -> Collections.synchronizedList(new ArrayList<>()))
                .add(System.nanoTime() - start);
    }

    private JsonNode call(String method, String path, String token, Object body) throws Exception {
        HttpResponse<String> response = send(method, path, token, body);
        return response.body().isBlank() ? JSON.missingNode() : JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, String token, Object body) throws Exception {
        return JsonRequests.send(http, base, method, path, token, body);
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, rank)] / 1e6;
    }
}
