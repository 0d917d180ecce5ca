package io.formsapi.cache.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caches the HTTP response of a GET controller method in Redis (the seed's {@code @cache_response(ttl, key_func)}).
 * {@link ResponseCacheFilter} does the work; see docs/CACHE.md, "Response caching".
 *
 * <p>An entry is keyed by the method, the path, the query parameters (sorted by name, with all their values), the
 * {@code Accept} and {@code Accept-Encoding} headers, the caller (unless {@link #shared()} or {@link #access()})
 * and the {@link #key()} parts. Only 2xx answers are stored. Every answer of an annotated endpoint carries
 * {@code X-Cache}; every 2xx answer to GET or HEAD carries a strong {@code ETag} and honours {@code If-None-Match}.
 *
 * <pre>
 * &#64;CachedResponse(tags = {"form:{formId}", "responses:{formId}"})
 * &#64;GetMapping("/{formId}/responses")
 * </pre>
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface CachedResponse {

    /**
     * How long an entry lives: a duration such as {@code "60s"}, {@code "5m"} or {@code "PT30S"}, or a number of
     * seconds ({@code "60"}). Empty: the {@code api_response} cache type's TTL (CACHE_DEFAULT_TTL).
     */
    String ttl() default "";

    /**
     * What the response depends on: invalidating any of these tags makes the entry stale. {@code {name}} is
     * replaced by the path variable {@code name}; a value that is not a safe key part ({@code [A-Za-z0-9_.-]}, at
     * most 128 characters) makes the request bypass the cache. An authenticated caller's entries are also tagged
     * {@code user:<id>}.
     */
    String[] tags() default {};

    /**
     * Further request parts the response depends on, each {@code "header:<Name>"} (all values of that request
     * header). Method, path, query, Accept, Accept-Encoding and the caller are always part of the key.
     */
    String[] key() default {};

    /**
     * True when the response does not depend on who asks: one entry serves every caller, and the caller is not
     * identified. Leave false whenever the body, or whether the request succeeds, depends on the caller (for the
     * latter, see {@link #access()}).
     */
    boolean shared() default false;

    /**
     * For an answer that is the same for everyone allowed to see it, but not everyone is: the name of the
     * {@link ResponseAccess} bean that decides who is. One entry serves every caller it admits; a caller it does not
     * admit bypasses the cache, and the handler answers (and refuses) them. It is asked on every request, so a
     * permission taken away counts from the next one. Not with {@link #shared()}, which admits everyone.
     */
    String access() default "";

    /**
     * Among {@link #tags()}, those of the data the answer is computed from (e.g. {@code "responses:{formId}"}):
     * when the {@code api_response} type's freshness is bounded, the previous answer may be served across their
     * invalidation ({@code X-Cache: STALE}, with {@code Age}) while it is recomputed, within the type's
     * max-staleness. Never a tag of who may see the answer; the caller's own tag is always strict.
     */
    String[] staleAcross() default {};
}
