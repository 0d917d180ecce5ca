package io.formsapi.cache.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A response as the cache keeps it: status, content type, the few headers that describe the body, and the body,
 * as text when it is UTF-8 (the usual JSON, readable and well compressed in Redis) and as bytes otherwise.
 *
 * @param fingerprint the full SHA-256 of what the key was built from; the key keeps only 64 bits of it, so a hit
 *                    is served only if this matches too
 * @param etag        strong validator: a hash of the body
 */
record StoredResponse(int status, String contentType, Map<String, String> headers, String text, byte[] bytes,
        String etag, String fingerprint) {

    StoredResponse {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    static StoredResponse of(int status, String contentType, Map<String, String> headers, byte[] body,
            String fingerprint) {
        String text = utf8(body);
        return new StoredResponse(status, contentType, headers, text, text == null ? body : null, etagOf(body),
                fingerprint);
    }

    byte[] body() {
        if (text != null) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return bytes == null ? new byte[0] : bytes;
    }

    boolean successful() {
        return status >= 200 && status < 300;
    }

    private static String etagOf(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** The body as text if it is valid UTF-8 (so that it turns back into exactly the same bytes), else null. */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
