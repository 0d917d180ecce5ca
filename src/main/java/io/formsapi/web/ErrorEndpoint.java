package io.formsapi.web;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * Errors raised outside a controller (a servlet container rejection, a filter's sendError) still answer with
 * problem+json instead of the framework's default error body. Requested directly, the error path is just a path
 * with nothing at it.
 */
@Hidden
@RestController
class ErrorEndpoint implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        ApiException problem = problemFor(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
        ProblemDetail body = Problems.of(problem);
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
            body.setInstance(URI.create(uri));
        }
        return ResponseEntity.status(problem.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static ApiException problemFor(Object code) {
        HttpStatus status = code instanceof Integer c ? HttpStatus.resolve(c) : null;
        if (status == null || status == HttpStatus.NOT_FOUND) {
            return ApiException.noSuchPath();
        }
        if (status == HttpStatus.INTERNAL_SERVER_ERROR) {
            return new ApiException(status, "internal", "an internal error occurred");
        }
        return new ApiException(status, Problems.slugOf(status), status.getReasonPhrase());
    }
}
