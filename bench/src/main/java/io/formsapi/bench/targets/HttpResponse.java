package io.formsapi.bench.targets;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An answer read in full; header names in lower case. */
record HttpResponse(int status, Map<String, String> headers, byte[] body) {

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    boolean ok() {
        return status >= 200 && status < 300;
    }
}
