package io.formsapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.web.server.LocalServerPort;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.formsapi.support.ApiClient;
import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** Client mistakes get problem+json that names the cause; none of them is a 500 or logs a stack trace. */
class ErrorsApiTest extends IntegrationTest {

    @LocalServerPort
    private int port;

    @Test
    void malformedJsonIsABadRequest() {
        TestUser user = newUser("Json");
        assertProblem(api.post("/api/v1/forms", user.token(), "{\"title\": "), 400, "body");
    }

    @Test
    void unknownPropertiesAreNamed() {
        TestUser user = newUser("Typo");
        assertProblem(api.post("/api/v1/forms", user.token(), Map.of("titel", "x")), 400, "titel");
    }

    @Test
    void nestedTypeErrorsAreNamedByPath() {
        TestUser user = newUser("Nested");
        Reply reply = api.post("/api/v1/forms", user.token(),
                Map.of("title", "x", "fields", List.of(Map.of("id", "a", "label", "A", "type", "text",
                        "min", "lots"))));
        assertProblem(reply, 400, "fields[0].min");
    }

    @Test
    void operatorDocumentsInAnswersAreJustInvalidValues() {
        TestUser user = newUser("Injector");
        String formId = createPublishedForm(user, "Injection", List.of(field("q", "Q", "text"),
                field("n", "N", "number")));
        Reply reply = api.post("/api/v1/forms/" + formId + "/responses", null,
                Map.of("answers", Map.of("q", Map.of("$gt", ""), "n", Map.of("$where", "1"))));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.at("/errors").findValuesAsString("field")).containsExactlyInAnyOrder("answers.q",
                "answers.n");
    }

    @Test
    void malformedIdsAreNotFound() {
        TestUser user = newUser("Ids");
        for (String id : List.of("x", "%7B%22%24ne%22%3A1%7D", "0123456789abcdef0123456Z", "%24where")) {
            assertProblem(api.get("/api/v1/forms/" + id, user.token()), 404, null);
            assertProblem(api.get("/api/v1/forms/" + id + "/responses", user.token()), 404, null);
        }
    }

    @Test
    void bodiesAboveTheLimitAreRefusedBeforeParsing() {
        TestUser user = newUser("Big");
        String huge = "{\"title\":\"" + "x".repeat(1_100_000) + "\"}";
        Reply reply = api.post("/api/v1/forms", user.token(), huge);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    void badPagingParametersAreNamed() {
        TestUser user = newUser("Pages");
        assertProblem(api.get("/api/v1/forms?size=0", user.token()), 400, "size");
        assertProblem(api.get("/api/v1/forms?size=abc", user.token()), 400, "size");
        assertProblem(api.get("/api/v1/forms?page=99999999", user.token()), 400, "page");
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        TestUser user = newUser("Lost");
        assertProblem(api.get("/api/v1/nothing-here", user.token()), 404, null);
        assertProblem(api.send("PATCH", "/api/v1/forms", user.token(), Map.of()), 405, null);
        Reply text = api.send("POST", "/api/v1/auth/login", null, null);
        assertThat(text.status()).isBetween(400, 499);
        assertThat(text.contentType()).startsWith("application/problem+json");
    }

    private static void assertProblem(Reply reply, int status, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.contentType()).as(reply.toString()).startsWith("application/problem+json");
        assertThat(reply.at("/type").asString()).startsWith(Problems.TYPE_PREFIX);
        assertThat(reply.raw()).doesNotContain("Exception").doesNotContain("\tat ");
        if (field != null) {
            assertThat(reply.at("/field").asString()).as(reply.toString()).isEqualTo(field);
        }
    }

    @Test
    void requestsTheServerRejectsBeforeTheApplicationAreProblems() {
        String big = "x".repeat(9 * 1024);
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("GET /api/v1/forms/a%00b HTTP/1.1\r\n", 400);
        expected.put("GET /api/v1/forms/a%2Fb HTTP/1.1\r\n", 400);
        expected.put("GET /api/v1/forms/a%5Cb HTTP/1.1\r\n", 400);
        expected.put("GET /api/v1/forms/a[b HTTP/1.1\r\n", 400);
        expected.put("GET /api/v1/forms/caf\u00c3\u00a9 HTTP/1.1\r\n", 400);
        expected.put("GET /api/v1/forms?page[]=1 HTTP/1.1\r\n", 400);
        expected.put("GET /api/v1/forms HTTP/1.1\r\nX-Padding: " + big + "\r\n", 431);
        expected.put("CONNECT example.com:443 HTTP/1.1\r\n", 405);
        try (LogCapture log = new LogCapture()) {
            expected.forEach((head, status) -> {
                RawReply reply = raw(head + "Host: localhost\r\nConnection: close\r\n\r\n");
                assertRawProblem(reply, status);
                log.assertAtMostOneLineAndNoStackTrace(reply.toString());
            });
        }
    }

    @Test
    void connectIsMethodNotAllowedWithTheMethodsTheApiServes() {
        RawReply reply = raw("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
        assertRawProblem(reply, 405);
        assertThat(reply.headers().get("allow")).contains("GET", "POST", "PUT", "DELETE");
    }

    @Test
    void notFoundMethodNotAllowedNotAcceptableAndUnsupportedTypeLogNoStackTrace() {
        try (LogCapture log = new LogCapture()) {
            assertProblem(api.get("/nope", null), 404, null);
            log.assertAtMostOneLineAndNoStackTrace("GET /nope");

            assertProblem(api.get("/error", null), 404, null);
            log.assertAtMostOneLineAndNoStackTrace("GET /error");

            Reply patch = api.send("PATCH", "/api/v1/forms", null, Map.of());
            assertProblem(patch, 405, null);
            assertThat(patch.header("Allow")).contains("GET", "POST");
            log.assertAtMostOneLineAndNoStackTrace("PATCH /api/v1/forms");

            assertProblem(api.get("/api/v1/health/cache", null, Map.of("Accept", "text/html")), 406, null);
            log.assertAtMostOneLineAndNoStackTrace("GET /api/v1/health/cache as text/html");

            RawReply unsupported = raw("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: text/plain\r\nAccept: text/html\r\nContent-Length: 1\r\n"
                    + "Connection: close\r\n\r\nx");
            assertRawProblem(unsupported, 415);
            log.assertAtMostOneLineAndNoStackTrace("POST text/plain to /api/v1/auth/login");
        }
    }

    @Test
    void theErrorPathItselfIsNotFound() {
        for (String method : List.of("GET", "POST", "DELETE")) {
            Reply reply = api.send(method, "/error", null, null);
            assertProblem(reply, 404, null);
            assertThat(reply.at("/detail").asString()).isEqualTo("no resource at this path");
        }
    }

    private static void assertRawProblem(RawReply reply, int status) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.headers().get("content-type")).as(reply.toString()).startsWith("application/problem+json");
        JsonNode body = ApiClient.JSON.readTree(reply.body());
        assertThat(body.path("type").asString()).startsWith(Problems.TYPE_PREFIX);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("detail").asString()).isNotBlank();
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("Tomcat");
    }

    /**
     * One HTTP/1.1 exchange over a plain socket: HTTP client libraries refuse or normalise most of these requests.
     * {@code request} is sent as ISO-8859-1, so that each char below 256 is one byte on the wire.
     */
    private RawReply raw(String request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return RawReply.parse(readUntilClosedOrComplete(socket.getInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("raw request failed: " + request.lines().findFirst().orElse(""), e);
        }
    }

    private static String readUntilClosedOrComplete(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            received.write(buffer, 0, n);
            if (RawReply.isComplete(received.toString(StandardCharsets.UTF_8))) {
                break;
            }
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    private record RawReply(int status, Map<String, String> headers, String body) {

        static RawReply parse(String response) {
            int split = response.indexOf("\r\n\r\n");
            assertThat(split).as("a complete HTTP response: " + response).isPositive();
            List<String> lines = response.substring(0, split).lines().toList();
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            String body = response.substring(split + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            return new RawReply(Integer.parseInt(lines.get(0).split(" ")[1]), headers, body);
        }

        /** Complete once the body announced by Content-Length, or the last chunk, has arrived. */
        static boolean isComplete(String response) {
            int split = response.indexOf("\r\n\r\n");
            if (split < 0) {
                return false;
            }
            String head = response.substring(0, split).toLowerCase(Locale.ROOT);
            int length = head.indexOf("content-length:");
            if (length >= 0) {
                int end = head.indexOf("\r\n", length);
                long expected = Long.parseLong(head.substring(length + 15, end < 0 ? head.length() : end).trim());
                return response.getBytes(StandardCharsets.UTF_8).length - split - 4 >= expected;
            }
            return head.contains("transfer-encoding: chunked") && response.endsWith("\r\n0\r\n\r\n");
        }

        private static String dechunk(String chunked) {
            StringBuilder body = new StringBuilder();
            int at = 0;
            while (true) {
                int lineEnd = chunked.indexOf("\r\n", at);
                int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
                if (size == 0) {
                    return body.toString();
                }
                byte[] bytes = chunked.substring(lineEnd + 2).getBytes(StandardCharsets.UTF_8);
                String chunk = new String(bytes, 0, size, StandardCharsets.UTF_8);
                body.append(chunk);
                at = lineEnd + 2 + chunk.length() + 2;
            }
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }

    /**
     * The log events written on server worker threads while it is open. Events at INFO and above are what an
     * operator sees with the shipped configuration.
     */
    private static final class LogCapture implements AutoCloseable {

        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private int seen;

        LogCapture() {
            appender.start();
            root.addAppender(appender);
        }

        void assertAtMostOneLineAndNoStackTrace(String request) {
            List<ILoggingEvent> events = new ArrayList<>(appender.list.subList(seen, appender.list.size()));
            seen += events.size();
            List<ILoggingEvent> visible = events.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                    .filter(e -> e.getThreadName().contains("-exec-"))
                    .toList();
            assertThat(visible).as("log lines for " + request + ": " + visible).hasSizeLessThanOrEqualTo(1);
            assertThat(visible).as("stack traces for " + request).allSatisfy(e -> {
                assertThat(e.getThrowableProxy()).as(e.getFormattedMessage()).isNull();
                assertThat(e.getFormattedMessage()).doesNotContain("\tat ").doesNotContain("\n");
            });
        }

        @Override
        public void close() {
            root.detachAppender(appender);
            appender.stop();
        }
    }
}
