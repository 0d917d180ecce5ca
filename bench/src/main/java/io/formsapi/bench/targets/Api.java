package io.formsapi.bench.targets;

import java.io.IOException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls to one server that must succeed: setting things up and reading results, not load. */
final class Api implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Endpoint endpoint;
    private final HttpConnection connection;

    Api(Endpoint endpoint) {
        this(endpoint, 180_000);
    }

    Api(Endpoint endpoint, int timeoutMillis) {
        this.endpoint = endpoint;
        this.connection = new HttpConnection(endpoint, timeoutMillis);
    }

    Endpoint endpoint() {
        return endpoint;
    }

    synchronized HttpResponse send(HttpRequest request) throws IOException {
        return connection.send(request);
    }

    JsonNode get(String path, String token) throws IOException {
        return json(HttpRequest.get(path, token));
    }

    JsonNode post(String path, String token, Object body) throws IOException {
        return json(HttpRequest.post(path, token, body == null ? null : JSON.writeValueAsString(body)));
    }

    private JsonNode json(HttpRequest request) throws IOException {
        HttpResponse response = send(request);
        if (!response.ok()) {
            throw new IOException(request.method() + " " + endpoint.url() + request.path() + " answered "
                    + response.status() + ": " + response.text());
        }
        return response.body().length == 0 ? JSON.missingNode() : JSON.readTree(response.body());
    }

    @Override
    public void close() {
        connection.close();
    }
}
