package io.formsapi.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalManagementPort;

import io.formsapi.ops.ExternalTool.Result;
import io.formsapi.support.ApiClient;
import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * The monitoring files checked with Prometheus's own tools against the running app: {@code promtool} on the alert
 * rules and on a scrape of {@code /actuator/prometheus}, then a real {@code prometheus} scraping the app on
 * loopback and answering the documented queries. Skipped only where the binaries are not installed (CI installs
 * Debian's {@code prometheus} package, which brings both).
 */
class PrometheusToolsTest extends IntegrationTest {

    private static final Path RULES = Path.of("deploy/prometheus/alerts.yml");
    private static final Path RULE_TESTS = Path.of("deploy/prometheus/alerts_test.yml");
    private static final Path EXAMPLE_CONFIG = Path.of("deploy/prometheus/prometheus.yml");
    private static final Path COMPOSE_CONFIG = Path.of("deploy/compose/prod/prometheus/prometheus.yml");
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROMETHEUS_TIMEOUT = Duration.ofSeconds(90);

    /**
     * The lint findings of {@code promtool check metrics} that are accepted, each for a stated reason:
     * <ul>
     * <li>"no help text": HELP is optional in the exposition format, and Micrometer writes one only from a meter's
     * description, which Spring Boot's HTTP meters, Lettuce's, Tomcat's and several of the application's own do not
     * set. Prometheus ingests them all the same.</li>
     * <li>Three meters of Micrometer's JVM and processor binders whose names promtool's conventions dislike; their
     * names are Micrometer's, not ours to change.</li>
     * </ul>
     * Every other finding (a counter without {@code _total}, a unit in the wrong place, a malformed family) fails.
     */
    private static final List<Predicate<String>> TOLERATED_LINT = List.of(
            Pattern.compile("[a-z_:][a-z0-9_:]* no help text").asMatchPredicate(),
            "jvm_compilation_time_ms_total metric names should not contain abbreviated units"::equals,
            "process_cpu_time_ns_total metric names should not contain abbreviated units"::equals,
            "system_cpu_count non-histogram and non-summary metrics should not have \"_count\" suffix"::equals);

    /** The documented expressions (docs/OPERATIONS.md) whose results are printed. */
    static final String HIT_RATIO = """
            sum by (type) (rate(cache_hits_total[5m]) or 0 * rate(cache_misses_total[5m]))
              /
            sum by (type) (rate(cache_hits_total[5m]) + rate(cache_misses_total[5m]) or rate(cache_hits_total[5m]) or rate(cache_misses_total[5m]))""";
    static final String LATENCY_P95 = "histogram_quantile(0.95, sum by (le, op) (rate(cache_latency_seconds_bucket[5m])))";
    static final String MEMORY = "max(cache_redis_memory_used_bytes)";

    @LocalManagementPort
    private int managementPort;

    @TempDir
    private Path temp;

    @Test
    void alertRulesAndExampleConfigPassPromtool() throws Exception {
        Path promtool = binary("promtool");

        Result rules = run(List.of(promtool.toString(), "check", "rules", RULES.toString()), null);
        assertThat(rules.exit()).as(rules.output()).isZero();
        assertThat(rules.output()).contains("SUCCESS: 5 rules found");

        Result unitTests = run(List.of(promtool.toString(), "test", "rules", RULE_TESTS.toString()), null);
        assertThat(unitTests.exit()).as(unitTests.output()).isZero();

        Result config = run(List.of(promtool.toString(), "check", "config", EXAMPLE_CONFIG.toString()), null);
        assertThat(config.exit()).as(config.output()).isZero();

        // The production compose file's configuration, with the rules beside it as they are mounted there.
        Path mounted = Files.createDirectories(temp.resolve("compose-prometheus"));
        Files.copy(COMPOSE_CONFIG, mounted.resolve("prometheus.yml"));
        Files.copy(RULES, mounted.resolve("alerts.yml"));
        Result compose = run(List.of(promtool.toString(), "check", "config", mounted.resolve("prometheus.yml")
                .toString()), null);
        assertThat(compose.exit()).as(compose.output()).isZero();
        assertThat(compose.output()).contains("SUCCESS: 5 rules found");
    }

    @Test
    void scrapeOfTheRunningAppPassesPromtoolCheckMetrics() throws Exception {
        Path promtool = binary("promtool");
        exerciseCache();
        Path scrape = temp.resolve("scrape.txt");
        Files.writeString(scrape, scrape());

        Result lint = run(List.of(promtool.toString(), "check", "metrics"), scrape);
        System.out.println("promtool check metrics: exit " + lint.exit() + "\n" + lint.output());
        // 0: clean, 3: lint problems only; anything else (1: the scrape does not parse) fails here.
        assertThat(lint.exit()).as(lint.output()).isIn(0, 3);
        List<String> problems = lint.output().lines().map(String::strip).filter(line -> !line.isEmpty())
                .filter(line -> TOLERATED_LINT.stream().noneMatch(tolerated -> tolerated.test(line))).toList();
        assertThat(problems).as("lint problems of promtool check metrics").isEmpty();
    }

    @Test
    void realPrometheusScrapesTheAppAndAnswersTheDocumentedQueries() throws Exception {
        Path prometheus = binary("prometheus");
        exerciseCache();
        boolean exportsRedisMemory = scrape().contains("\ncache_redis_memory_used_bytes");

        int prometheusPort = freeLoopbackPort();
        Path config = temp.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - "%s"
                scrape_configs:
                  - job_name: forms-api
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(RULES.toAbsolutePath(), managementPort));
        Path log = temp.resolve("prometheus.log");
        Process process = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + temp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(new File("/dev/null")).start();
        try {
            ApiClient server = new ApiClient(prometheusPort);
            await("Prometheus ready", process, log, () -> answers(server, "/-/ready"));
            await("a successful scrape of the app", process, log,
                    () -> values(query(server, "up{job=\"forms-api\"}")).contains(1.0));
            await("every alerting rule evaluated", process, log, () -> ruleHealth(server).stream()
                    .allMatch("ok"::equals));
            assertThat(ruleHealth(server)).hasSize(5);

            // Lookups between scrapes, so that the rates over the scraped samples are not 0 / 0.
            exerciseCache();
            await("a hit ratio from the scraped counters", process, log,
                    () -> values(query(server, HIT_RATIO)).stream().anyMatch(Double::isFinite));

            if (exportsRedisMemory) {
                // Redis is sampled every 10 s; until then the gauge is NaN (unknown).
                await("Redis memory from a sample", process, log,
                        () -> values(query(server, MEMORY)).stream().anyMatch(v -> Double.isFinite(v) && v > 0));
            }
            JsonNode hitRatio = query(server, HIT_RATIO);
            JsonNode latency = query(server, LATENCY_P95);
            JsonNode memory = query(server, MEMORY);
            print("cache hit ratio per type", HIT_RATIO, hitRatio);
            print("cache latency p95 per op, seconds", LATENCY_P95, latency);
            print("Redis memory used, bytes", MEMORY, memory);
            assertThat(values(hitRatio)).anyMatch(Double::isFinite).allMatch(v -> Double.isNaN(v) || v >= 0 && v <= 1);
            assertThat(values(latency)).anyMatch(v -> Double.isFinite(v) && v > 0);
            if (exportsRedisMemory) {
                assertThat(values(memory)).singleElement().matches(v -> v > 0, "positive");
            } else {
                System.out.println("  (cache_redis_memory_used_bytes is not exported by this build)");
            }

            // Every expression of docs/OPERATIONS.md and of the dashboard is valid PromQL that Prometheus evaluates.
            List<String> documented = new ArrayList<>(OpsFilesTest.promql(Files.readString(OpsFilesTest.OPERATIONS)));
            documented.addAll(OpsFilesTest.expressions(
                    ApiClient.JSON.readTree(Files.readString(OpsFilesTest.DASHBOARD))));
            assertThat(documented).hasSizeGreaterThan(20);
            documented.forEach(expression -> query(server, expression));
            System.out.println(documented.size() + " expressions of docs/OPERATIONS.md and the dashboard evaluated");
        } finally {
            stop(process);
        }
        assertThat(process.isAlive()).isFalse();
    }

    // ---- Prometheus HTTP API ---------------------------------------------------------------------------------

    /** {@code data} of an instant query; the query must be valid. */
    private static JsonNode query(ApiClient server, String promql) {
        Reply reply = server.get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8), null);
        assertThat(reply.status()).as(promql + " -> " + reply).isEqualTo(200);
        assertThat(reply.at("/status").asString()).isEqualTo("success");
        return reply.at("/data");
    }

    /** The sample values of a vector or scalar result; NaN where Prometheus answers NaN or an infinity. */
    private static List<Double> values(JsonNode data) {
        List<Double> values = new ArrayList<>();
        if ("scalar".equals(data.at("/resultType").asString())) {
            values.add(number(data.at("/result/1").asString()));
        } else {
            for (JsonNode sample : data.at("/result")) {
                values.add(number(sample.at("/value/1").asString()));
            }
        }
        return values;
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static List<String> ruleHealth(ApiClient server) {
        Reply reply = server.get("/api/v1/rules?type=alert", null);
        List<String> health = new ArrayList<>();
        for (JsonNode group : reply.at("/data/groups")) {
            for (JsonNode rule : group.at("/rules")) {
                assertThat(rule.at("/health").asString()).as(rule.toString()).isNotEqualTo("err");
                health.add(rule.at("/health").asString());
            }
        }
        return health;
    }

    private static boolean answers(ApiClient server, String path) {
        try {
            return server.get(path, null).status() == 200;
        } catch (IllegalStateException notListeningYet) {
            return false;
        }
    }

    private static void print(String what, String promql, JsonNode data) {
        StringBuilder out = new StringBuilder("PromQL, " + what + ":\n  " + promql.replace("\n", "\n  ") + "\n");
        if ("scalar".equals(data.at("/resultType").asString())) {
            out.append("  => ").append(data.at("/result/1").asString()).append('\n');
        }
        for (JsonNode sample : data.at("/result")) {
            if (sample.isObject()) {
                out.append("  => ").append(sample.at("/metric")).append(' ').append(sample.at("/value/1").asString())
                        .append('\n');
            }
        }
        if (data.at("/result").isEmpty()) {
            out.append("  => (no series)\n");
        }
        System.out.print(out);
    }

    /** The scrape in the Prometheus text format, after checking the cache's metrics are in it. */
    private String scrape() {
        Reply reply = management.get("/actuator/prometheus", null, Map.of("Accept", "text/plain"));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.raw()).contains("cache_hits_total{", "cache_misses_total{", "cache_latency_seconds_bucket{",
                "http_server_requests_seconds_count{", "mongodb_driver_commands_seconds_count{");
        return reply.raw();
    }

    /** Requests touching every cached read: sessions, form schemas, responses, searches and widgets. */
    private void exerciseCache() {
        TestUser owner = newUser("Metrics");
        String formId = createPublishedForm(owner, "Store feedback", List.of(
                field("rating", "Rating", "rating", "required", true, "max", 5),
                field("comment", "Comment", "long_text")));
        submit(formId, null, Map.of("rating", 4, "comment", "Quick refund"));
        Reply widget = api.post("/api/v1/dashboard/widgets", owner.token(),
                Map.of("formId", formId, "type", "numeric_stats", "fieldId", "rating"));
        assertThat(widget.status()).as(widget.toString()).isEqualTo(201);
        String widgetId = widget.at("/id").asString();
        for (int i = 0; i < 5; i++) {
            for (String path : List.of("/api/v1/forms/" + formId, "/api/v1/forms/" + formId + "/responses",
                    "/api/v1/forms/" + formId + "/search?q=refund", "/api/v1/dashboard/widgets/" + widgetId)) {
                Reply read = api.get(path, owner.token());
                assertThat(read.status()).as(path + ": " + read).isEqualTo(200);
            }
        }
    }

    // ---- processes -------------------------------------------------------------------------------------------

    /** Polls {@code condition} every 250 ms until it holds, failing with the process's log after the timeout. */
    private static void await(String what, Process process, Path log, BooleanSupplier condition)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + PROMETHEUS_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                fail("prometheus exited (" + process.exitValue() + ") before " + what + ":\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + PROMETHEUS_TIMEOUT + ":\n" + Files.readString(log));
            }
            Thread.sleep(250);
        }
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Path binary(String name) {
        return ExternalTool.required(name, "CI installs Debian's prometheus package, see .ci/run");
    }

    private static Result run(List<String> command, Path input) throws IOException, InterruptedException {
        return ExternalTool.run(command, input, TOOL_TIMEOUT);
    }
}
