package io.formsapi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.formsapi.support.ApiClient;
import tools.jackson.databind.JsonNode;

/**
 * The monitoring files hang together without any tool installed: the dashboard is valid Grafana JSON on a
 * Prometheus data source variable, every alert carries its severity, texts and a runbook that exists in
 * docs/OPERATIONS.md, and the page's links resolve. PrometheusToolsTest runs the same files through promtool and a
 * real Prometheus.
 */
class OpsFilesTest {

    static final Path DASHBOARD = Path.of("deploy/grafana/forms-api-cache.json");
    static final Path ALERTS = Path.of("deploy/prometheus/alerts.yml");
    static final Path OPERATIONS = Path.of("docs/OPERATIONS.md");

    private static final Pattern PROMQL_BLOCK = Pattern.compile("```promql\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]*)\\)");

    @Test
    void dashboardIsGrafanaJsonOnAPrometheusDataSourceVariable() throws IOException {
        JsonNode dashboard = ApiClient.JSON.readTree(Files.readString(DASHBOARD));
        assertThat(dashboard.at("/schemaVersion").asInt()).isEqualTo(39);
        assertThat(dashboard.at("/uid").asString()).isEqualTo("forms-api-cache");
        JsonNode variable = dashboard.at("/templating/list/0");
        assertThat(variable.at("/name").asString()).isEqualTo("DS_PROMETHEUS");
        assertThat(variable.at("/type").asString()).isEqualTo("datasource");
        assertThat(variable.at("/query").asString()).isEqualTo("prometheus");

        Set<Integer> ids = new HashSet<>();
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : dashboard.at("/panels")) {
            assertThat(ids.add(panel.at("/id").asInt())).as("unique id: " + panel.at("/title")).isTrue();
            assertThat(panel.at("/gridPos/w").asInt()).isBetween(1, 24);
            if ("row".equals(panel.at("/type").asString())) {
                continue;
            }
            titles.add(panel.at("/title").asString());
            assertThat(panel.at("/datasource/uid").asString()).isEqualTo("${DS_PROMETHEUS}");
            assertThat(panel.at("/targets")).as(panel.at("/title").asString()).isNotEmpty();
            for (JsonNode target : panel.at("/targets")) {
                assertThat(target.at("/expr").asString()).isNotBlank();
                assertThat(target.at("/datasource/uid").asString()).isEqualTo("${DS_PROMETHEUS}");
            }
        }
        assertThat(titles).contains("Hit ratio per type (5m)", "Cache latency p50 / p95 / p99 per op",
                "Redis memory used vs max", "Evictions per minute", "Errors per second by op and cause",
                "MongoDB reads saved vs loads", "Circuit breaker per instance", "Warm-up entries per phase",
                "HTTP p95 by uri");
        assertThat(expressions(dashboard)).contains(PrometheusToolsTest.HIT_RATIO, PrometheusToolsTest.LATENCY_P95);
    }

    @Test
    void everyAlertHasSeverityTextsAndARunbookSection() throws IOException {
        Set<String> anchors = anchors(Files.readString(OPERATIONS));
        Map<String, Object> file = new Yaml().load(Files.readString(ALERTS));
        List<String> names = new ArrayList<>();
        for (Map<String, Object> group : list(file.get("groups"))) {
            for (Map<String, Object> rule : list(group.get("rules"))) {
                String name = (String) rule.get("alert");
                names.add(name);
                Map<?, ?> labels = (Map<?, ?>) rule.get("labels");
                Map<?, ?> annotations = (Map<?, ?>) rule.get("annotations");
                assertThat(labels.get("severity")).as(name).isIn("warning", "critical");
                assertThat((String) annotations.get("summary")).as(name).isNotBlank();
                assertThat((String) annotations.get("description")).as(name).isNotBlank();
                assertThat((String) annotations.get("runbook")).as(name)
                        .isEqualTo("docs/OPERATIONS.md#" + name.toLowerCase(Locale.ROOT));
                assertThat(anchors).as("a section of docs/OPERATIONS.md for " + name)
                        .contains(name.toLowerCase(Locale.ROOT));
            }
        }
        assertThat(names).containsExactly("CacheHitRatioLow", "CacheErrorRateHigh", "CacheEvictionSpike",
                "RedisMemoryNearLimit", "CacheCircuitBreakerOpen");
    }

    @Test
    void operationsGuideListsTheQueriedExpressionsAndItsLinksResolve() throws IOException {
        String guide = Files.readString(OPERATIONS);
        assertThat(promql(guide)).contains(PrometheusToolsTest.HIT_RATIO, PrometheusToolsTest.LATENCY_P95,
                PrometheusToolsTest.MEMORY);
        assertThat(Files.readString(Path.of("README.md"))).contains("[docs/OPERATIONS.md](docs/OPERATIONS.md)");

        Matcher link = LINK.matcher(guide);
        while (link.find()) {
            String target = link.group(1);
            if (target.startsWith("http")) {
                continue;
            }
            String[] parts = target.split("#", 2);
            Path file = parts[0].isEmpty() ? OPERATIONS : OPERATIONS.resolveSibling(parts[0]);
            assertThat(file).as(target).exists();
            if (parts.length == 2) {
                assertThat(anchors(Files.readString(file))).as(target).contains(parts[1]);
            }
        }
    }

    /** The expressions of the ```promql blocks of a Markdown page, one per block. */
    static List<String> promql(String markdown) {
        List<String> expressions = new ArrayList<>();
        Matcher block = PROMQL_BLOCK.matcher(markdown);
        while (block.find()) {
            expressions.add(block.group(1).strip());
        }
        return expressions;
    }

    /** Every target expression of a dashboard's panels. */
    static List<String> expressions(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.at("/panels")) {
            for (JsonNode target : panel.at("/targets")) {
                expressions.add(target.at("/expr").asString());
            }
        }
        return expressions;
    }

    /** Heading anchors as GitHub renders them: lower case, punctuation dropped, spaces to hyphens. */
    private static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        Matcher heading = HEADING.matcher(markdown.replaceAll("(?s)```.*?```", ""));
        while (heading.find()) {
            anchors.add(heading.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "")
                    .replace(' ', '-'));
        }
        return anchors;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }
}
