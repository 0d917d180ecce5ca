package io.formsapi.cache.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who may be served an answer that is the same for everyone allowed to see it, such as a form's responses: named
 * by {@link CachedResponse#access()}, implemented by the application (a bean of that name), so that this package
 * does not depend on its permissions. It is asked on every request, hit or miss, before the cache is read.
 */
@FunctionalInterface
public interface ResponseAccess {

    /**
     * Whether the caller of {@code request} may see what the endpoint answers for these path variables. False, or
     * an exception, makes the request bypass the cache: the handler answers it, its refusal included.
     */
    boolean admits(HttpServletRequest request, Map<String, String> pathVariables);
}
