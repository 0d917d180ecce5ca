package io.formsapi.web;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A failure the client can act on. Rendered as RFC 9457 problem+json by {@link ProblemHandler};
 * {@code slug} becomes the last segment of the problem {@code type}.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String slug;
    private final List<FieldProblem> errors;

    public ApiException(HttpStatus status, String slug, String detail, List<FieldProblem> errors) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.errors = List.copyOf(errors);
    }

    public ApiException(HttpStatus status, String slug, String detail) {
        this(status, slug, detail, List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    /** Headers the answer carries besides the problem document (none unless a subclass says so). */
    public HttpHeaders headers() {
        return new HttpHeaders();
    }

    public static ApiException notFound(String resource) {
        return new ApiException(HttpStatus.NOT_FOUND, "not-found", resource + " not found");
    }

    public static ApiException noSuchPath() {
        return new ApiException(HttpStatus.NOT_FOUND, "not-found", "no resource at this path");
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", detail);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "conflict", detail);
    }

    public static ApiException preconditionFailed(String detail) {
        return new ApiException(HttpStatus.PRECONDITION_FAILED, "precondition-failed", detail);
    }

    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldProblem(field, message)));
    }

    public static ApiException invalid(List<FieldProblem> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ApiException(HttpStatus.BAD_REQUEST, "validation", detail, errors);
    }
}
