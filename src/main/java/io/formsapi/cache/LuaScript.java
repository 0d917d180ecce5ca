package io.formsapi.cache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;

/**
 * A Lua script of the cache, sent by its SHA-1 ({@code EVALSHA}): Redis neither receives nor hashes the body again
 * on every call. The body is made of resources beside this class, functions from {@code lib/} first, so that
 * scripts share code instead of copying it.
 */
final class LuaScript {

    private final byte[] body;
    private final byte[] sha;

    private LuaScript(byte[] body) {
        this.body = body;
        this.sha = sha1Hex(body).getBytes(StandardCharsets.US_ASCII);
    }

    /** The script {@code name}, after the library files it uses ({@code lib/versions.lua}, ...), in that order. */
    static LuaScript of(String name, String... libraries) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String library : libraries) {
            body.writeBytes(resource("lib/" + library));
            body.write('\n');
        }
        body.writeBytes(resource(name));
        return new LuaScript(body.toByteArray());
    }

    /** Runs the script by its SHA-1. */
    Object run(RedisConnection connection, ReturnType returns, int keys, byte[]... keysAndArgs) {
        return connection.scriptingCommands().evalSha(sha, returns, keys, keysAndArgs);
    }

    /** Runs the script with its body, which also puts it in the server's script cache: after a NOSCRIPT reply. */
    Object runWithBody(RedisConnection connection, ReturnType returns, int keys, byte[]... keysAndArgs) {
        return connection.scriptingCommands().eval(body, returns, keys, keysAndArgs);
    }

    /**
     * Whether {@code failure} is the server's NOSCRIPT: it does not hold the script (restarted, flushed with SCRIPT
     * FLUSH, or a replica just promoted), so it must be sent with its body once.
     */
    static boolean missingOnServer(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] resource(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is always available", e);
        }
    }
}
