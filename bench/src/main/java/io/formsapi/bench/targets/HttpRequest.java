package io.formsapi.bench.targets;

import java.nio.charset.StandardCharsets;

/** A request to send: a body, when there is one, is JSON. */
record HttpRequest(String method, String path, String token, byte[] body, String accept) {

    private static final String JSON = "application/json";

    static HttpRequest get(String path, String token) {
        return new HttpRequest("GET", path, token, null, JSON);
    }

    static HttpRequest post(String path, String token, String json) {
        return new HttpRequest("POST", path, token, json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                JSON);
    }

    /** The same request accepting another media type. */
    HttpRequest accepting(String mediaType) {
        return new HttpRequest(method, path, token, body, mediaType);
    }
}
