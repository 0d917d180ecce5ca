package io.formsapi.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay in front of a server, which a test can cut and restore: the client loses the server while
 * the server (and its data) lives on, as in a network partition. It can also hold back what the server sends on
 * chosen connections, as a client too busy to read them would.
 */
final class TcpProxy implements AutoCloseable {

    private volatile int targetPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** The local ports (as the server sees them) of the connections whose server-to-client bytes are held back. */
    private final Set<Integer> held = new HashSet<>();
    private volatile ServerSocket listener;

    TcpProxy(int targetPort) {
        this.targetPort = targetPort;
        this.listener = open(0);
        this.port = listener.getLocalPort();
        accept(listener);
    }

    int port() {
        return port;
    }

    /** Drops every connection and refuses new ones. */
    synchronized void cut() {
        closeQuietly(listener);
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    /** Accepts connections again, on the same port. */
    synchronized void restore() {
        listener = open(port);
        accept(listener);
    }

    /**
     * Drops every connection and relays the new ones to {@code newTarget}: the server behind was replaced. The
     * listener stays open: a port given up even briefly may be taken by a client reconnecting to it meanwhile (a
     * TCP connection to itself).
     */
    synchronized void switchTo(int newTarget) {
        targetPort = newTarget;
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    /**
     * Stops relaying what the server sends on those of this proxy's connections that the server sees coming from
     * one of {@code serverSidePorts} (the ports CLIENT LIST shows); the bytes wait, in order, until {@link #release}.
     * Returns how many connections are held.
     */
    int hold(Set<Integer> serverSidePorts) {
        synchronized (held) {
            sockets.stream().filter(s -> s.getPort() == targetPort).map(Socket::getLocalPort)
                    .filter(serverSidePorts::contains).forEach(held::add);
            return held.size();
        }
    }

    /** Relays everything held back, and everything after it. */
    void release() {
        synchronized (held) {
            held.clear();
            held.notifyAll();
        }
    }

    @Override
    public void close() {
        release();
        cut();
    }

    private static ServerSocket open(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket server) {
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    relay(server, client);
                } catch (IOException closed) {
                    return;
                }
            }
        }, "proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Connects to the target and relays both ways; never half-way through a {@link #switchTo}. A connection
     * accepted just before a {@link #cut} is dropped, not relayed past it.
     */
    private synchronized void relay(ServerSocket server, Socket client) throws IOException {
        if (server.isClosed()) {
            closeQuietly(client);
            return;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream, -1);
        pump(upstream, client, upstream.getLocalPort());
    }

    /** Relays {@code from} to {@code to}, waiting while the connection the server knows by {@code heldAs} is held. */
    private void pump(Socket from, Socket to, int heldAs) {
        Thread pump = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[8192];
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    awaitRelease(heldAs);
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException closed) {
                // one side went away; close the other below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private void awaitRelease(int serverSidePort) throws InterruptedException {
        synchronized (held) {
            while (held.contains(serverSidePort)) {
                held.wait();
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
