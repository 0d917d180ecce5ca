package io.formsapi.cache.web;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

import io.formsapi.cache.CacheOutcome;
import io.formsapi.cache.Cached;

/** How an answer says where it came from: {@code X-Cache}, and for a stale one its {@code Age} in seconds. */
public final class CacheHeaders {

    public static final String X_CACHE = "X-Cache";

    private CacheHeaders() {
    }

    /** Describes an answer built from {@code cached}, for endpoints whose value comes from a cache region. */
    public static void describe(HttpServletResponse response, Cached<?> cached) {
        response.setHeader(X_CACHE, cached.outcome().name());
        if (cached.outcome() == CacheOutcome.STALE) {
            response.setHeader(HttpHeaders.AGE, String.valueOf(cached.age().toSeconds()));
        }
    }
}
