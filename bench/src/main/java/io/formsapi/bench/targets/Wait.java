package io.formsapi.bench.targets;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.BooleanSupplier;

/** Waiting for a started process to be ready, or failing with its log when it died or took too long. */
final class Wait {

    private Wait() {
    }

    static void until(String what, long timeoutSeconds, Launched process, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (!ready.getAsBoolean()) {
            if (!process.alive()) {
                throw new IllegalStateException(what + " ended before it was ready:\n" + process.tail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " not ready within " + timeoutSeconds + " s:\n"
                        + process.tail(40));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether GET {@code path} answers 200. */
    static boolean ok(Endpoint endpoint, String path) {
        return status(endpoint, path) == 200;
    }

    /** Whether GET {@code path} answers at all. */
    static boolean answers(Endpoint endpoint, String path) {
        return status(endpoint, path) > 0;
    }

    private static int status(Endpoint endpoint, String path) {
        try (HttpConnection connection = new HttpConnection(endpoint, 5_000)) {
            return connection.send(HttpRequest.get(path, null)).status();
        } catch (IOException e) {
            return -1;
        }
    }
}
