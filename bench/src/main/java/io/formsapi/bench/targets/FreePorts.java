package io.formsapi.bench.targets;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for the processes a run starts, each free when handed out and never handed out twice. They are
 * taken below the kernel's range of ephemeral ports: a port the system itself hands out (ServerSocket(0)) is one the
 * next outgoing connection of any process may take before the started process binds it, which once made an API
 * instance fail to start ("Port ... was already in use").
 */
final class FreePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int LINUX_EPHEMERAL_START = 32_768;
    private static final AtomicInteger NEXT = new AtomicInteger();

    private FreePorts() {
    }

    /** A loopback port nothing listens on now, below the ephemeral range, not handed out before in this run. */
    static int next() throws IOException {
        int below = ephemeralStart();
        NEXT.compareAndSet(0, LOWEST + ThreadLocalRandom.current().nextInt(Math.max(1, (below - LOWEST) / 2)));
        for (int port = NEXT.getAndIncrement(); port < below; port = NEXT.getAndIncrement()) {
            if (bindable(port)) {
                return port;
            }
        }
        throw new IOException("no free loopback port left between " + LOWEST + " and " + below);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** Where the kernel's ephemeral ports begin (Linux's default where it cannot be read). */
    private static int ephemeralStart() {
        // Read line by line: Files.readString trusts the size procfs reports, and returns a fragment of the file.
        try {
            return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException unreadable) {
            return LINUX_EPHEMERAL_START;
        }
    }
}
