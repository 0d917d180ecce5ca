package io.formsapi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * deploy/local/run driven from a test: the production topology as processes on loopback ports of its own (a Redis
 * primary with two replicas, three Sentinels, the store, three API instances from the built jar, nginx), with the
 * means to kill any one of them as a crash would.
 */
final class LocalTopology implements AutoCloseable {

    private static final Path SCRIPT = Path.of("deploy/local/run");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(8);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
    /** deploy/local/run uses ports base to base + 59. */
    private static final int PORTS_USED = 60;

    private final int base;
    private final Path directory;
    private final Map<String, String> environment;

    private LocalTopology(int base, Path directory, Map<String, String> environment) {
        this.base = base;
        this.directory = directory;
        this.environment = environment;
    }

    /**
     * Starts the topology with the API variables given, on free ports; the calling test is skipped when the jar has
     * not been built or a program the topology needs is missing.
     */
    static LocalTopology start(Path directory, Map<String, String> apiVariables) throws Exception {
        Optional<Path> jar = builtJar();
        Assumptions.assumeTrue(jar.isPresent(), "no target/forms-api-*-exec.jar: the failover test runs in the "
                + "integration-test phase of ./mvnw verify, after package (or run ./mvnw package -DskipTests first)");
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String tool : List.of("redis-server", "redis-cli", "redis-sentinel", "nginx", "curl")) {
            Assumptions.assumeTrue(onPath(tool, path), tool + " is not installed (Debian: apt-get install "
                    + "redis-server redis-sentinel redis-tools nginx-light curl; .ci/run installs them)");
        }
        Map<String, String> environment = new HashMap<>(apiVariables);
        environment.put("PATH", path);
        int base = freeBase();
        environment.put("FORMS_LOCAL_BASE_PORT", String.valueOf(base));
        environment.put("FORMS_LOCAL_DIR", directory.toString());
        LocalTopology topology = new LocalTopology(base, directory, environment);
        System.out.println("Local topology from " + jar.get() + " on ports " + base + "-" + (base + PORTS_USED - 1));
        ExternalTool.Result started = topology.script("start", START_TIMEOUT);
        if (started.exit() != 0) {
            String output = started.output();
            topology.close();
            throw new AssertionError("deploy/local/run start failed (" + started.exit() + "):\n" + output);
        }
        return topology;
    }

    int nginxPort() {
        return base;
    }

    /** The port of the Redis primary as the Sentinels that answer name it. */
    int primaryPort() throws Exception {
        for (int sentinel = 1; sentinel <= 3; sentinel++) {
            if (!alive("sentinel-" + sentinel)) {
                continue;
            }
            ExternalTool.Result answer = ExternalTool.run(List.of("redis-cli", "-p",
                    String.valueOf(base + 50 + sentinel), "--raw", "sentinel", "get-master-addr-by-name", "forms"),
                    null, Duration.ofSeconds(10));
            List<String> lines = answer.output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (answer.exit() == 0 && lines.size() == 2) {
                return Integer.parseInt(lines.get(1));
            }
        }
        throw new AssertionError("no Sentinel names a primary");
    }

    /** The component (redis-0, redis-1, redis-2) listening on a Redis port. */
    String redisAt(int port) {
        return "redis-" + (port - base - 40);
    }

    /** Kills a component (redis-1, api-2, sentinel-3, ...) with SIGKILL and waits until it is gone. */
    void kill(String component) throws IOException {
        ProcessHandle process = ProcessHandle.of(pid(component))
                .orElseThrow(() -> new AssertionError(component + " is not running"));
        assertThat(process.destroyForcibly()).as("kill -9 " + component).isTrue();
        process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    }

    boolean alive(String component) {
        try {
            return ProcessHandle.of(pid(component)).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private long pid(String component) throws IOException {
        return Long.parseLong(Files.readString(directory.resolve("pids").resolve(component + ".pid")).strip());
    }

    /** Stops what is left, and says where the logs are when something went wrong. */
    @Override
    public void close() throws Exception {
        ExternalTool.Result stopped = script("stop", STOP_TIMEOUT);
        assertThat(stopped.exit()).as("deploy/local/run stop:\n" + stopped.output()).isZero();
    }

    private ExternalTool.Result script(String command, Duration timeout) throws Exception {
        Path output = Files.createTempFile("local-run", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null")
                            .toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new ExternalTool.Result(-1, "did not finish within " + timeout + ":\n"
                        + Files.readString(output));
            }
            return new ExternalTool.Result(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Optional<Path> builtJar() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(Path.of("target"), "forms-api-*-exec.jar")) {
            found.forEach(jars::add);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return jars.stream().findFirst();
    }

    private static boolean onPath(String tool, String path) {
        return Stream.of(path.split(":")).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, tool)).anyMatch(Files::isExecutable);
    }

    /**
     * A base port whose whole range is free now; the script checks again before it starts anything. The range lies
     * below 32768, where Linux starts handing out ports to outgoing connections by default: the API instances open
     * many while the topology starts, and one once took nginx's port, found free a minute before.
     */
    private static int freeBase() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + 100 * ThreadLocalRandom.current().nextInt(127);
            if (rangeFree(base)) {
                return base;
            }
        }
        throw new AssertionError("no free range of " + PORTS_USED + " loopback ports found");
    }

    private static boolean rangeFree(int base) {
        for (int port = base; port < base + PORTS_USED; port++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
