package io.formsapi.bench.targets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Everything the targets run against, each a process of its own on free loopback ports: a redis-server for the
 * API and one for the peer, the embedded store as a standalone process holding the demo data, three API
 * instances sharing that store and that Redis, one API instance with the cache off, and the peer.
 */
final class Deployment implements AutoCloseable {

    /** An API instance: its public port and its management port. */
    record Instance(String name, Endpoint http, Endpoint management) {
    }

    static final String ADMIN_EMAIL = "bench-admin@example.com";
    /** What an instance logs when its Redis circuit breaker opens. */
    static final String BREAKER_OPENED = "from CLOSED to OPEN";
    private static final String STORE_MAIN = "io.formsapi.store.StandaloneStore";
    private static final String DEMO_MAIN = "io.formsapi.demo.DemoData";
    private static final String LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";
    private static final long START_TIMEOUT_SECONDS = 300;

    private final Settings settings;
    private final Path dir;
    private final List<Launched> processes = new ArrayList<>();
    private final String adminPassword = UUID.randomUUID().toString();
    private int apiRedisPort;
    private int peerRedisPort;
    private String mongoUri;
    private final List<Instance> cached = new ArrayList<>();
    private Instance uncached;
    private Endpoint peer;
    private boolean failed;

    private Deployment(Settings settings, Path dir) {
        this.settings = settings;
        this.dir = dir;
    }

    static Deployment start(Settings settings) throws Exception {
        Deployment deployment = new Deployment(settings, Files.createTempDirectory("forms-targets-"));
        Runtime.getRuntime().addShutdownHook(new Thread(deployment::close, "stop-deployment"));
        try {
            deployment.startAll();
        } catch (Exception | Error e) {
            deployment.failed = true;
            throw e;
        }
        return deployment;
    }

    private void startAll() throws Exception {
        Progress.say("temporary directory " + dir);
        apiRedisPort = FreePorts.next();
        peerRedisPort = FreePorts.next();
        startRedis("redis-api", apiRedisPort);
        startRedis("redis-peer", peerRedisPort);
        int storePort = FreePorts.next();
        mongoUri = "mongodb://127.0.0.1:" + storePort + "/forms";
        Launched store = launch("store", java("-cp", settings.apiJar().toString(), "-Dloader.main=" + STORE_MAIN,
                LAUNCHER, Integer.toString(storePort), dir.resolve("store-data").toString(), "256"), Map.of());
        Wait.until("the store on port " + storePort, START_TIMEOUT_SECONDS, store, () -> Wait.listening(storePort));
        Progress.say("loading the demo data (20 users, 1,000 forms, 100,000 responses)");
        Map<String, String> demoEnv = new HashMap<>(apiEnv(true, false, 0, 0));
        demoEnv.keySet().removeAll(List.of("ADMIN_EMAIL", "ADMIN_PASSWORD", "PORT", "MANAGEMENT_PORT"));
        Launched demo = launch("demo-data", java("-cp", settings.apiJar().toString(), "-Dloader.main=" + DEMO_MAIN,
                LAUNCHER), demoEnv);
        if (demo.await(START_TIMEOUT_SECONDS) != 0) {
            throw new IllegalStateException("loading the demo data failed:\n" + demo.tail(30));
        }
        Progress.say(demo.tail(3).lines().filter(l -> l.startsWith("Loaded")).findFirst().orElse(demo.tail(3)));
        // The first instance writes the bootstrap administrator before the others start, so that no two create it.
        Progress.say("starting the API instances" + (settings.peerJar() == null ? "" : " and the peer"));
        cached.add(startApi("api-1", true, true));
        List<Runnable> waits = new ArrayList<>();
        Instance second = startApiProcess("api-2", true, false);
        Instance third = startApiProcess("api-3", true, true);
        uncached = startApiProcess("api-off", false, false);
        cached.add(second);
        cached.add(third);
        for (Instance instance : List.of(second, third, uncached)) {
            waits.add(() -> awaitReady(instance));
        }
        if (settings.peerJar() != null) {
            int peerPort = FreePorts.next();
            peer = Endpoint.loopback(peerPort);
            Launched peerProcess = launch("peer", java("-jar", settings.peerJar().toString()), Map.of(
                    "PORT", Integer.toString(peerPort), "SERVER_ADDRESS", "127.0.0.1", "MONGODB_URI", mongoUri,
                    "REDIS_HOST", "127.0.0.1", "REDIS_PORT", Integer.toString(peerRedisPort)));
            waits.add(() -> Wait.until("the peer", START_TIMEOUT_SECONDS, peerProcess,
                    () -> Wait.answers(peer, "/api/v1/forms/000000000000000000000000/public")));
        }
        Parallel.run(waits);
    }

    private Instance startApi(String name, boolean cacheEnabled, boolean near) throws IOException {
        Instance instance = startApiProcess(name, cacheEnabled, near);
        awaitReady(instance);
        return instance;
    }

    private Instance startApiProcess(String name, boolean cacheEnabled, boolean near) throws IOException {
        int port = FreePorts.next();
        int management = FreePorts.next();
        launch(name, java("-jar", settings.apiJar().toString()), apiEnv(cacheEnabled, near, port, management));
        return new Instance(name, Endpoint.loopback(port), Endpoint.loopback(management));
    }

    private void awaitReady(Instance instance) {
        Launched process = processes.stream().filter(p -> p.name().equals(instance.name())).findFirst().orElseThrow();
        Wait.until(instance.name(), START_TIMEOUT_SECONDS, process, () -> Wait.ok(instance.http(), "/readyz"));
    }

    /**
     * An instance as configured for the targets. Rate limits are off (they would refuse most of a load test's
     * searches and submissions, cache on or off) and so is the start-up warm-up (each measurement prepares the
     * cache itself); everything else is the API's default, but for the near cache, off on {@code api-2} so that
     * the same run measures reads through Redis only.
     */
    private Map<String, String> apiEnv(boolean cacheEnabled, boolean near, int port, int management) {
        Map<String, String> env = new HashMap<>();
        env.put("MONGODB_URI", mongoUri);
        env.put("REDIS_HOST", "127.0.0.1");
        env.put("REDIS_PORT", Integer.toString(apiRedisPort));
        env.put("PORT", Integer.toString(port));
        env.put("SERVER_ADDRESS", "127.0.0.1");
        env.put("MANAGEMENT_PORT", Integer.toString(management));
        env.put("MANAGEMENT_ADDRESS", "127.0.0.1");
        env.put("ADMIN_EMAIL", ADMIN_EMAIL);
        env.put("ADMIN_PASSWORD", adminPassword);
        env.put("CACHE_ENABLED", Boolean.toString(cacheEnabled));
        env.put("CACHE_NEAR_ENABLED", Boolean.toString(near));
        env.put("RATE_LIMITS_ENABLED", "false");
        env.put("FORMS_CACHE_WARMUP_ON_STARTUP", "false");
        env.putAll(settings.apiEnv());
        return env;
    }

    private void startRedis(String name, int port) throws Exception {
        Launched redis = launch(name, List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()), Map.of());
        Wait.until(name, 30, redis, () -> {
            try (RedisClient client = new RedisClient(port)) {
                return "PONG".equals(client.command("PING"));
            } catch (IOException e) {
                return false;
            }
        });
    }

    private Launched launch(String name, List<String> command, Map<String, String> env) throws IOException {
        Launched launched = Launched.start(name, command, env, dir);
        synchronized (processes) {
            processes.add(launched);
        }
        return launched;
    }

    private static List<String> java(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args));
        return command;
    }

    /** The cached instance without a near cache ({@code api-2}): every lookup reads Redis. */
    Instance redisOnly() {
        return cached.get(1);
    }

    List<Instance> cached() {
        return cached;
    }

    Instance uncached() {
        return uncached;
    }

    Endpoint peer() {
        return peer;
    }

    int apiRedisPort() {
        return apiRedisPort;
    }

    int peerRedisPort() {
        return peerRedisPort;
    }

    String adminPassword() {
        return adminPassword;
    }

    /** The lines of the API instances' logs that contain {@code text}, each prefixed with its instance. */
    List<String> apiLogLines(String text) {
        List<String> errors = new ArrayList<>();
        for (Launched process : List.copyOf(processes)) {
            if (!process.name().startsWith("api-")) {
                continue;
            }
            try (Stream<String> lines = Files.lines(process.log(), StandardCharsets.ISO_8859_1)) {
                lines.filter(l -> l.contains(text)).forEach(l -> errors.add(process.name() + ": " + l));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return errors;
    }

    void markFailed() {
        failed = true;
    }

    /** Stops every process started here, the applications before the store and Redis; idempotent. */
    @Override
    public synchronized void close() {
        List<Launched> running;
        synchronized (processes) {
            running = new ArrayList<>(processes);
            processes.clear();
        }
        if (running.isEmpty()) {
            return;
        }
        List<Launched> applications = running.stream().filter(p -> !p.name().equals("store")
                && !p.name().startsWith("redis-")).toList();
        stopAll(applications);
        stopAll(running.stream().filter(p -> !applications.contains(p)).toList());
        if (failed || settings.keep()) {
            System.err.println("logs and data kept in " + dir);
        } else {
            delete(dir);
        }
    }

    private static void stopAll(List<Launched> processes) {
        Parallel.run(processes.stream().map(p -> (Runnable) () -> p.stop(30)).toList());
    }

    static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
