package io.formsapi.web;

import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import tools.jackson.core.JacksonException;

/**
 * Turns every failure into RFC 9457 problem+json. Client mistakes name the offending field;
 * server failures never expose internals.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final URI BLANK_TYPE = URI.create("about:blank");

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        HttpHeaders headers = e.headers();
        if (e.status() == HttpStatus.UNAUTHORIZED) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return ResponseEntity.status(e.status()).headers(headers).body(Problems.of(e));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return api(ApiException.invalid(e.getName(), "has an invalid value"));
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException e) {
        return api(ApiException.conflict("a resource with the same unique value already exists"));
    }

    @ExceptionHandler(DataAccessResourceFailureException.class)
    ResponseEntity<ProblemDetail> storeUnavailable(DataAccessResourceFailureException e) {
        log.warn("Database unavailable: {}", e.getMessage());
        return api(new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                "the database is unavailable, try again shortly"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unhandled failure", e);
        return api(new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "an internal error occurred"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        BodyTooLargeException tooLarge = findCause(e, BodyTooLargeException.class);
        ApiException problem = tooLarge != null ? tooLarge.toProblem()
                : e.getCause() instanceof JacksonException json && !json.getPath().isEmpty()
                ? ApiException.invalid(jsonPath(json.getPath()), readableReason(json))
                : ApiException.invalid("body", "is missing or is not valid JSON");
        return new ResponseEntity<>(Problems.of(problem), headers, problem.status());
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ApiException problem = ApiException.noSuchPath();
        return new ResponseEntity<>(Problems.of(problem), headers, problem.status());
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ApiException problem = ApiException.invalid(e.getParameterName(), "is required");
        return new ResponseEntity<>(Problems.of(problem), headers, problem.status());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldProblem(f.getField(), f.getDefaultMessage()))
                .toList();
        return new ResponseEntity<>(Problems.of(ApiException.invalid(errors)), headers, HttpStatus.BAD_REQUEST);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(err -> new FieldProblem(r.getMethodParameter().getParameterName(),
                                err.getDefaultMessage())))
                .toList();
        return new ResponseEntity<>(Problems.of(ApiException.invalid(errors)), headers, HttpStatus.BAD_REQUEST);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        if (body instanceof ProblemDetail problem && hasNoType(problem)) {
            problem.setType(URI.create(Problems.TYPE_PREFIX + Problems.slugOf(status)));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Spring Framework 7 leaves the type unset (null) where earlier versions said {@code about:blank}. */
    private static boolean hasNoType(ProblemDetail problem) {
        return problem.getType() == null || BLANK_TYPE.equals(problem.getType());
    }

    private static String jsonPath(List<JacksonException.Reference> path) {
        return path.stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String readableReason(JacksonException e) {
        String name = e.getClass().getSimpleName();
        if (name.startsWith("UnrecognizedProperty")) {
            return "is not a known property";
        }
        return "has the wrong type or format";
    }
}
