package io.formsapi.cache.embedded;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code redis-server} child process on a loopback port: the one on PATH when there is one, otherwise
 * the binary shipped inside the embedded-redis artifact. Used for the zero-configuration default and by tests,
 * which kill, pause and restart their own servers.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisServerProcess.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final int port;
    private final List<String> settings;
    /** Where the server may write (cluster state files): its own, never the directory the application runs in. */
    private final Path directory;
    private Process process;

    private RedisServerProcess(int port, List<String> settings) {
        this.port = port;
        this.settings = List.copyOf(settings);
        try {
            this.directory = Files.createTempDirectory("redis-server-" + port + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a working directory for redis-server", e);
        }
    }

    /**
     * Starts a server on {@code port} (0 picks a free one) with extra {@code redis.conf} settings given as
     * command-line pairs, e.g. {@code List.of("--maxmemory", "256mb")}. Nothing is persisted to disk.
     */
    public static RedisServerProcess start(int port, List<String> settings) {
        RedisServerProcess server = new RedisServerProcess(port == 0 ? freePort() : port, settings);
        server.launch();
        return server;
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Starts the server again on the same port, with no data: as after a crash of a cache without persistence. */
    public synchronized void restart() {
        if (isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is still running");
        }
        launch();
    }

    /** Ends the process abruptly, as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitForExit();
        }
        deleteDirectory();
    }

    private void deleteDirectory() {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.debug("Could not delete {}: {}", directory, e.toString());
        }
    }

    private synchronized void launch() {
        List<String> command = new ArrayList<>(List.of(binary().toString(), "--port", String.valueOf(port),
                "--bind", host(), "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning",
                "--dir", directory.toString()));
        command.addAll(settings);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "redis-server-" + port + "-stop"));
        awaitReady();
        log.info("redis-server ({}) listening on {}:{}", command.get(0), host(), port);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + " on port " + port);
            }
            if (answersPing()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting redis-server", e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not answer PING on port " + port + " within " + READY_TIMEOUT);
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host(), port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] reply = new byte[7];
            InputStream in = socket.getInputStream();
            int read = in.readNBytes(reply, 0, reply.length);
            return new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    static Path binary() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return bundledBinary();
    }

    /** The embedded-redis artifact ships Redis 6.2 for Linux and macOS, x86-64 and ARM. */
    private static Path bundledBinary() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        boolean arm = System.getProperty("os.arch").contains("aarch64") || System.getProperty("os.arch").contains("arm");
        String name;
        if (os.contains("mac")) {
            name = arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
        } else if (os.contains("linux")) {
            name = arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
        } else {
            throw new IllegalStateException("no redis-server on PATH and no bundled binary for " + os);
        }
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "forms-api-redis", name);
        try (InputStream in = RedisServerProcess.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the embedded-redis artifact does not contain " + name);
            }
            if (!Files.isExecutable(target)) {
                Files.createDirectories(target.getParent());
                Path partial = Files.createTempFile(target.getParent(), name, ".part");
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                partial.toFile().setExecutable(true);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + name, e);
        }
    }
}
