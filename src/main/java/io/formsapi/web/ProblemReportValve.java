package io.formsapi.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat rejects some requests before the application sees them: a malformed request line (raw non-ASCII, an
 * unencoded {@code [} in the query), an encoded {@code /}, {@code \} or NUL in the path, headers over the
 * connector's limit, the CONNECT method. Tomcat's own page for those is HTML; this answers problem+json instead.
 */
class ProblemReportValve extends ErrorReportValve {

    /** The API's methods; CONNECT targets a host, not a resource, so there is no narrower list to give. */
    private static final String API_METHODS = "GET, HEAD, POST, PUT, DELETE, OPTIONS";

    private static final Logger log = LoggerFactory.getLogger(ProblemReportValve.class);
    private static final String HEADERS_TOO_LARGE = StringManager.getManager("org.apache.coyote.http11")
            .getString("iib.requestheadertoolarge.error");

    private final JsonMapper json;

    ProblemReportValve(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void report(Request request, Response response, Throwable cause) {
        if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ApiException problem = problemFor(request.getMethod(), response.getStatus(), cause);
        log.debug("Rejected by the server before the application: {} {}", problem.status().value(),
                problem.getMessage());
        try {
            response.setStatus(problem.status().value());
            if (problem.status() == HttpStatus.METHOD_NOT_ALLOWED) {
                response.setHeader(HttpHeaders.ALLOW, API_METHODS);
            }
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(json.writeValueAsString(Problems.of(problem)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("Could not write the problem for a rejected request: {}", e.toString());
        }
    }

    private static ApiException problemFor(String method, int status, Throwable cause) {
        if (status == HttpStatus.NOT_IMPLEMENTED.value() && "CONNECT".equals(method)) {
            return new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
                    "the CONNECT method is not supported");
        }
        if (cause instanceof IllegalArgumentException && HEADERS_TOO_LARGE.equals(cause.getMessage())) {
            return new ApiException(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers-too-large",
                    "the request line and headers exceed the server's limit");
        }
        HttpStatus known = HttpStatus.resolve(status);
        if (known == HttpStatus.BAD_REQUEST) {
            return new ApiException(known, "malformed-request", "the request is not valid HTTP: the path must not"
                    + " contain an encoded '/', '\\' or NUL, and the path and query must be ASCII with '[', ']',"
                    + " '{', '}', '|' and '^' percent-encoded");
        }
        if (known == null || known == HttpStatus.INTERNAL_SERVER_ERROR) {
            return new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "an internal error occurred");
        }
        return new ApiException(known, Problems.slugOf(known), known.getReasonPhrase());
    }
}
