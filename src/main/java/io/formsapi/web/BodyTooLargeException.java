package io.formsapi.web;

import java.io.IOException;

import org.springframework.http.HttpStatus;

/** Thrown while reading a request body that grew past the configured limit. */
public class BodyTooLargeException extends IOException {

    private final long maxBytes;

    public BodyTooLargeException(long maxBytes) {
        super("request body exceeds " + maxBytes + " bytes");
        this.maxBytes = maxBytes;
    }

    public ApiException toProblem() {
        return problem(maxBytes);
    }

    static ApiException problem(long maxBytes) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "body-too-large",
                "the request body exceeds " + maxBytes + " bytes");
    }
}
