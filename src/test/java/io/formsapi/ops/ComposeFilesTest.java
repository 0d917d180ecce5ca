package io.formsapi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import io.formsapi.ops.ExternalTool.Result;

/**
 * The invariants of the compose files (deploy/compose/dev and deploy/compose/prod) and of the Redis, Sentinel, nginx
 * and Prometheus files they mount, read from the files themselves; and the files checked by {@code docker-compose
 * config}, which validates them against the Compose schema and resolves their variables without a container engine.
 * Only that last test needs a tool, and is skipped where docker-compose is missing (CI installs Debian's package).
 */
class ComposeFilesTest {

    static final Path DEV = Path.of("deploy/compose/dev/docker-compose.yml");
    static final Path PROD = Path.of("deploy/compose/prod/docker-compose.yml");
    static final Path PROD_ENV_EXAMPLE = Path.of("deploy/compose/prod/.env.example");
    private static final Path REDIS_CONF = Path.of("deploy/redis/redis.conf");
    private static final Path SENTINEL_CONF = Path.of("deploy/redis/sentinel.conf");
    private static final Path NGINX_CONF = Path.of("deploy/compose/prod/nginx/nginx.conf");
    private static final Path PROMETHEUS_CONF = Path.of("deploy/compose/prod/prometheus/prometheus.yml");
    private static final Path CONFIGURATION = Path.of("docs/CONFIGURATION.md");
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    private static final List<String> API_INSTANCES = List.of("api-1", "api-2", "api-3");
    private static final List<String> REDIS_NODES = List.of("redis-primary", "redis-replica-1", "redis-replica-2");
    private static final List<String> SENTINELS = List.of("redis-sentinel-1", "redis-sentinel-2", "redis-sentinel-3");
    private static final Pattern DOCUMENTED_VARIABLE = Pattern.compile("`([A-Z][A-Z0-9_]+)`");
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[^}]*}");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|HASH|KEY|SECRET|TOKEN).*");

    @Test
    void devRunsTheApiOnOneMongoAndOneRedisWithTheDevelopmentSettings() throws IOException {
        Map<String, Map<String, Object>> services = services(DEV);
        assertThat(services.keySet()).containsExactlyInAnyOrder("api", "mongo", "redis");

        Map<String, String> redis = redisArguments(strings(services.get("redis").get("command")));
        assertThat(redis).containsEntry("maxmemory", "256mb").containsEntry("maxmemory-policy", "allkeys-lru")
                .containsEntry("appendonly", "yes");
        assertThat(bytes((String) services.get("redis").get("mem_limit"))).isGreaterThan(bytes("256mb"));

        assertThat(environment(services.get("api"))).containsEntry("MONGODB_URI", "mongodb://mongo:27017/forms")
                .containsEntry("REDIS_HOST", "redis").containsEntry("REDIS_PORT", "6379");
    }

    @Test
    void prodRedisIsOnePrimaryWithTwoReplicasOfOneGigabyteAllKeysLruAppendOnly() throws IOException {
        Map<String, Map<String, Object>> services = services(PROD);
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            assertThat(service.getValue()).as(service.getKey() + ": one container per service, never deploy.replicas")
                    .doesNotContainKey("deploy").doesNotContainKey("scale");
        }

        Map<String, String> redisConf = redisConf(REDIS_CONF);
        assertThat(redisConf).containsEntry("maxmemory", "1gb").containsEntry("maxmemory-policy", "allkeys-lru")
                .containsEntry("appendonly", "yes");
        for (String node : REDIS_NODES) {
            Map<String, Object> service = services.get(node);
            assertThat(service).as(node).isNotNull();
            assertThat(strings(service.get("volumes"))).as(node)
                    .contains("../../redis/redis.conf:/usr/local/etc/redis/redis.conf:ro");
            assertThat(strings(service.get("command"))).as(node)
                    .containsExactly("sh", "/usr/local/bin/start-redis.sh", node);
            // The fork of an append-only rewrite or a resynchronisation needs room above maxmemory.
            assertThat(bytes((String) service.get("mem_limit"))).as(node)
                    .isGreaterThanOrEqualTo(bytes(redisConf.get("maxmemory")) * 5 / 4);
        }
        assertThat(services.keySet().stream().filter(name -> name.startsWith("redis-") && !name.contains("sentinel")))
                .containsExactlyInAnyOrderElementsOf(REDIS_NODES);

        // A node's role comes from the Sentinels, redis-primary only when none answers yet.
        String start = Files.readString(Path.of("deploy/compose/prod/redis/start-redis.sh"));
        assertThat(start).contains("SENTINEL get-master-addr-by-name forms", "primary=redis-primary",
                "--replicaof \"$primary\" 6379", "--masterauth \"$REDIS_PASSWORD\"");
    }

    @Test
    void prodHasThreeSentinelsWithAQuorumOfTwo() throws IOException {
        Map<String, Map<String, Object>> services = services(PROD);
        assertThat(services.keySet().stream().filter(name -> name.contains("sentinel")))
                .containsExactlyInAnyOrderElementsOf(SENTINELS);
        for (String sentinel : SENTINELS) {
            assertThat(strings(services.get(sentinel).get("volumes"))).as(sentinel)
                    .contains("../../redis/sentinel.conf:/usr/local/etc/redis/sentinel.conf:ro");
        }

        List<String> monitors = Files.readAllLines(SENTINEL_CONF).stream().map(String::strip)
                .filter(line -> line.startsWith("sentinel monitor ")).toList();
        assertThat(monitors).singleElement().isEqualTo("sentinel monitor forms redis-primary 6379 2");
        int quorum = Integer.parseInt(monitors.get(0).split("\\s+")[5]);
        assertThat(quorum).as("a majority of the sentinels, not all of them").isEqualTo(SENTINELS.size() / 2 + 1)
                .isLessThan(SENTINELS.size());

        for (String api : API_INSTANCES) {
            Map<String, String> env = environment(services.get(api));
            assertThat(env).as(api).containsEntry("REDIS_SENTINEL_MASTER", "forms").containsEntry(
                    "REDIS_SENTINEL_NODES", String.join(",", SENTINELS.stream().map(s -> s + ":26379").toList()));
        }
    }

    @Test
    void prodRunsThreeIdenticalApiInstancesBehindNginxScrapedByPrometheus() throws IOException {
        Map<String, Map<String, Object>> services = services(PROD);
        List<String> apis = services.keySet().stream().filter(name -> name.startsWith("api")).toList();
        assertThat(apis).containsExactlyElementsOf(API_INSTANCES);
        for (String api : apis) {
            assertThat(services.get(api)).as(api).isEqualTo(services.get(API_INSTANCES.get(0)));
        }

        String nginx = Files.readString(NGINX_CONF);
        List<String> upstreams = new ArrayList<>();
        Matcher server = Pattern.compile("(?m)^\\s*server (\\S+):8080 ").matcher(nginx);
        while (server.find()) {
            upstreams.add(server.group(1));
        }
        assertThat(upstreams).containsExactlyElementsOf(API_INSTANCES);
        assertThat(nginx).contains("include /etc/nginx/problems.conf;", "include /etc/nginx/proxy.conf;");
        assertThat(strings(services.get("nginx").get("volumes"))).contains(
                "../../nginx/problems.conf:/etc/nginx/problems.conf:ro", "../../nginx/proxy.conf:/etc/nginx/proxy.conf:ro");

        Map<String, Object> prometheus = new Yaml().load(Files.readString(PROMETHEUS_CONF));
        assertThat(strings(prometheus.get("rule_files"))).containsExactly("alerts.yml");
        List<Map<String, Object>> jobs = maps(prometheus.get("scrape_configs"));
        assertThat(jobs).singleElement().satisfies(job -> assertThat(job.get("job_name")).isEqualTo("forms-api"));
        List<Map<String, Object>> targets = maps(jobs.get(0).get("static_configs"));
        assertThat(strings(targets.get(0).get("targets")))
                .containsExactlyElementsOf(API_INSTANCES.stream().map(api -> api + ":8081").toList());
        assertThat(strings(services.get("prometheus").get("volumes")))
                .contains("../../prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
        assertThat(strings(services.get("grafana").get("volumes")))
                .contains("../../grafana:/var/lib/grafana/dashboards/forms-api:ro");

        Map<String, String> env = environment(services.get("api-1"));
        assertThat(env.get("MONGODB_URI")).contains("@mongo-1:27017,mongo-2:27017,mongo-3:27017/forms?",
                "replicaSet=rs0", "readPreference=primary");
        assertThat(services.keySet()).contains("mongo-1", "mongo-2", "mongo-3");
    }

    @Test
    void everyLongRunningServiceHasAHealthCheck() throws IOException {
        for (Path file : List.of(DEV, PROD)) {
            Map<String, Map<String, Object>> services = services(file);
            Set<String> oneShots = oneShots(services);
            for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
                if (oneShots.contains(service.getKey())) {
                    continue;
                }
                Object healthcheck = service.getValue().get("healthcheck");
                assertThat(healthcheck).as(file + ": " + service.getKey() + " has a health check").isNotNull();
                assertThat(strings(((Map<?, ?>) healthcheck).get("test"))).as(service.getKey()).isNotEmpty();
            }
        }
        assertThat(oneShots(services(PROD))).containsExactly("mongo-init");
    }

    @Test
    void everyVariableTheApiIsGivenIsDocumented() throws IOException {
        Set<String> documented = documentedVariables();
        Set<String> given = new TreeSet<>();
        given.addAll(environment(services(DEV).get("api")).keySet());
        for (String api : API_INSTANCES) {
            given.addAll(environment(services(PROD).get(api)).keySet());
        }
        given.addAll(DockerfileTest.environment(DockerfileTest.read()).keySet());
        assertThat(given).hasSizeGreaterThan(5);
        assertThat(documented).as("variables in docs/CONFIGURATION.md").containsAll(given);
    }

    @Test
    void prodSecretsComeFromTheEnvFileAndOnlyItsExampleIsCommitted() throws IOException {
        String prod = Files.readString(PROD);
        Set<String> referenced = new TreeSet<>();
        Matcher interpolation = INTERPOLATION.matcher(prod);
        while (interpolation.find()) {
            referenced.add(interpolation.group(1));
        }
        Map<String, String> example = envFile(PROD_ENV_EXAMPLE);
        assertThat(example.keySet()).as(".env.example defines what the compose file reads").containsAll(referenced)
                .containsExactlyInAnyOrderElementsOf(referenced);

        for (Map.Entry<String, Map<String, Object>> service : services(PROD).entrySet()) {
            environment(service.getValue()).forEach((name, value) -> {
                if (SECRET_NAME.matcher(name).matches()) {
                    assertThat(value).as(service.getKey() + " " + name + " comes from .env").startsWith("${")
                            .endsWith("}");
                }
            });
        }
        assertThat(prod).doesNotContain("change-me");
        assertThat(Files.readAllLines(Path.of(".gitignore"))).contains("deploy/compose/**/.env");
    }

    @Test
    void composeFilesPassDockerComposeConfig(@TempDir Path temp) throws Exception {
        String dockerCompose = ExternalTool.required("docker-compose",
                "CI installs Debian's docker-compose package, see .ci/run").toString();

        Result dev = ExternalTool.run(List.of(dockerCompose, "-f", DEV.toString(), "config"), null, TOOL_TIMEOUT);
        assertThat(dev.exit()).as(dev.output()).isZero();
        assertThat(serviceNames(dockerCompose, DEV, null)).isEqualTo(services(DEV).keySet());

        // The example's values stand in for the real .env, which is never in the repository.
        Path example = Files.copy(PROD_ENV_EXAMPLE, temp.resolve("example.env"));
        Result prod = ExternalTool.run(List.of(dockerCompose, "--env-file", example.toString(), "-f", PROD.toString(),
                "config"), null, TOOL_TIMEOUT);
        assertThat(prod.exit()).as(prod.output()).isZero();
        assertThat(prod.output()).contains("mongodb://forms:change-me-mongo-app@mongo-1:27017,")
                .contains("REDIS_PASSWORD: change-me-redis");
        assertThat(serviceNames(dockerCompose, PROD, example)).isEqualTo(services(PROD).keySet());

        // Without the secrets the stack does not start with empty ones: Compose refuses the file.
        Path empty = Files.writeString(temp.resolve("empty.env"), "");
        Result missing = ExternalTool.run(List.of(dockerCompose, "--env-file", empty.toString(), "-f",
                PROD.toString(), "config"), null, TOOL_TIMEOUT);
        assertThat(missing.exit()).as(missing.output()).isNotZero();
        assertThat(missing.output()).contains("set in .env");
    }

    private static Set<String> serviceNames(String dockerCompose, Path file, Path envFile) throws Exception {
        List<String> command = new ArrayList<>(List.of(dockerCompose));
        if (envFile != null) {
            command.addAll(List.of("--env-file", envFile.toString()));
        }
        command.addAll(List.of("-f", file.toString(), "config", "--services"));
        Result result = ExternalTool.run(command, null, TOOL_TIMEOUT);
        assertThat(result.exit()).as(result.output()).isZero();
        return new TreeSet<>(result.output().lines().map(String::strip).filter(line -> !line.isEmpty()).toList());
    }

    // ---- reading the files -----------------------------------------------------------------------------------

    /** The services of a compose file, YAML anchors and merge keys resolved. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> services(Path file) throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(file));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    /**
     * Services run once to completion: {@code restart: "no"} and waited for with
     * {@code service_completed_successfully}. A health check would mean nothing for them.
     */
    private static Set<String> oneShots(Map<String, Map<String, Object>> services) {
        Set<String> oneShots = new TreeSet<>();
        for (Map<String, Object> service : services.values()) {
            if (service.get("depends_on") instanceof Map<?, ?> dependencies) {
                dependencies.forEach((name, condition) -> {
                    if (condition instanceof Map<?, ?> c
                            && "service_completed_successfully".equals(c.get("condition"))
                            && "no".equals(services.get(name).get("restart"))) {
                        oneShots.add((String) name);
                    }
                });
            }
        }
        return oneShots;
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        if (service.get("environment") instanceof Map<?, ?> map) {
            map.forEach((name, value) -> env.put((String) name, String.valueOf(value)));
        }
        return env;
    }

    /** The {@code --name value} settings of a redis-server command line. */
    private static Map<String, String> redisArguments(List<String> command) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < command.size() - 1; i++) {
            if (command.get(i).startsWith("--")) {
                settings.put(command.get(i).substring(2), command.get(i + 1));
            }
        }
        return settings;
    }

    /** The {@code name value} lines of a Redis configuration file. */
    private static Map<String, String> redisConf(Path file) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String stripped = line.strip();
            if (!stripped.isEmpty() && !stripped.startsWith("#")) {
                String[] pair = stripped.split("\\s+", 2);
                settings.put(pair[0], pair[1]);
            }
        }
        return settings;
    }

    private static Map<String, String> envFile(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String stripped = line.strip();
            if (!stripped.isEmpty() && !stripped.startsWith("#")) {
                String[] pair = stripped.split("=", 2);
                values.put(pair[0], pair[1]);
            }
        }
        return values;
    }

    static Set<String> documentedVariables() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher variable = DOCUMENTED_VARIABLE.matcher(Files.readString(CONFIGURATION));
        while (variable.find()) {
            documented.add(variable.group(1));
        }
        return documented;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        return (List<Map<String, Object>>) value;
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    /** A Redis size ({@code 256mb}, {@code 1gb}) or a Compose one ({@code 1536m}, {@code 1g}) in bytes; both binary. */
    private static long bytes(String size) {
        Matcher m = Pattern.compile("(\\d+)\\s*([kmg]?)b?", Pattern.CASE_INSENSITIVE).matcher(size.strip());
        assertThat(m.matches()).as(size).isTrue();
        long unit = switch (m.group(2).toLowerCase()) {
            case "k" -> 1024L;
            case "m" -> 1024L * 1024;
            case "g" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Long.parseLong(m.group(1)) * unit;
    }
}
