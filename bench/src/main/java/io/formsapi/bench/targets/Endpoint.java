package io.formsapi.bench.targets;

/** Where a server listens: always a loopback address of this machine. */
record Endpoint(String host, int port) {

    static Endpoint loopback(int port) {
        return new Endpoint("127.0.0.1", port);
    }

    String url() {
        return "http://" + host + ":" + port;
    }
}
