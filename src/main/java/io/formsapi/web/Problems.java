package io.formsapi.web;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import tools.jackson.databind.json.JsonMapper;

/** Builds the problem documents every error response of the API uses. */
public final class Problems {

    public static final String TYPE_PREFIX = "urn:forms-api:problem:";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String slug, String detail, List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + slug));
        if (!errors.isEmpty()) {
            problem.setProperty("field", errors.get(0).field());
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    public static ProblemDetail of(ApiException e) {
        return of(e.status(), e.slug(), e.getMessage(), e.errors());
    }

    /** Writes the problem as the whole answer, its headers included: for filters, which run outside Spring MVC. */
    public static void write(ApiException e, HttpServletResponse response, JsonMapper json) throws IOException {
        response.setStatus(e.status().value());
        e.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), of(e));
    }

    /** The slug of a problem that only has a status to say: {@code 405} becomes {@code method-not-allowed}. */
    public static String slugOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "http-" + status.value() : known.name().toLowerCase().replace('_', '-');
    }
}
