package io.formsapi.cache.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who is asking, as far as the response cache needs to know: responses of endpoints that are not shared are
 * cached per identity. Implemented by the application's authentication, so that this package does not depend
 * on it.
 */
public interface RequestIdentity {

    /**
     * A stable id of the authenticated caller (the same for every request of that caller, a safe key part), or
     * empty for a request without credentials.
     *
     * @throws RuntimeException when the request carries credentials that do not identify anyone (an invalid or
     *                          expired token); the request then bypasses the cache and the handler answers it
     */
    Optional<String> identify(HttpServletRequest request);

    /** The tag of everything cached for the caller {@code id}: invalidating it drops their cached answers. */
    String tagOf(String id);
}
