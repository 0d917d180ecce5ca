package io.formsapi.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

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

    /** The slug of a problem that only has a status to say: {@code 405} becomes {@code method-not-allowed}. */
    public static String slugOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "http-" + status.value() : known.name().toLowerCase().replace('_', '-');
    }
}
