package io.formsapi.cache.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.ServletRequestPathUtils;

import io.formsapi.cache.CacheKeys;
import io.formsapi.cache.CacheOutcome;
import io.formsapi.cache.CacheRequest;
import io.formsapi.cache.CacheEngine;
import io.formsapi.cache.CacheType;
import io.formsapi.cache.Cached;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The response cache (the seed's cache middleware): for GET and HEAD requests whose handler method carries
 * {@link CachedResponse}, answers from Redis when a valid entry exists, and otherwise runs the handler and stores
 * its 2xx answer, through {@link CacheEngine#lookup} (single-flight, the cross-instance lease, and entries that
 * an invalidation during the load leaves stale). Whatever happens, the answer is written here, with
 * {@code X-Cache} (HIT, MISS, BYPASS or STALE) and, for 2xx answers, a strong {@code ETag}.
 */
public class ResponseCacheFilter extends OncePerRequestFilter {

    static final String X_CACHE = CacheHeaders.X_CACHE;
    static final String CACHE_TYPE = "api_response";
    /**
     * Headers that describe the answer and are replayed with it (to the requests that shared its load, and on
     * hits); never cookies or anything about the caller.
     */
    private static final List<String> REPLAYED_HEADERS = List.of(HttpHeaders.CONTENT_LANGUAGE,
            HttpHeaders.CONTENT_DISPOSITION, HttpHeaders.WWW_AUTHENTICATE, HttpHeaders.ETAG);

    private static final Logger log = LoggerFactory.getLogger(ResponseCacheFilter.class);

    private final Supplier<CacheEngine> cache;
    private final Supplier<CacheKeys> keys;
    private final Supplier<CacheType> type;
    private final Supplier<RequestIdentity> identity;
    private final Function<String, ResponseAccess> accesses;
    private final Supplier<HandlerMapping> handlers;
    private final ResponsePolicies policies;
    private final boolean enabled;
    private final JsonMapper json = JsonMapper.builder().build();

    ResponseCacheFilter(Supplier<CacheEngine> cache, Supplier<CacheKeys> keys, Supplier<CacheType> type,
            Supplier<RequestIdentity> identity, Function<String, ResponseAccess> accesses,
            Supplier<HandlerMapping> handlers, ResponsePolicies policies, boolean enabled) {
        this.cache = cache;
        this.keys = keys;
        this.type = type;
        this.identity = identity;
        this.accesses = accesses;
        this.handlers = handlers;
        this.policies = policies;
        this.enabled = enabled;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            filter(request, response, chain);
        } finally {
            cache.get().requestDone();
        }
    }

    private void filter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<ResponsePolicy> annotated = policyOf(request);
        if (annotated.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        ResponsePolicy policy = annotated.get();
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.setHeader(X_CACHE, CacheOutcome.BYPASS.name());
            chain.doFilter(request, response);
            return;
        }
        Optional<Lookup> cacheable = enabled ? lookupFor(request, policy) : Optional.empty();
        if (cacheable.isEmpty()) {
            write(request, response, capture(request, response, chain, null), CacheOutcome.BYPASS.name());
            return;
        }
        CacheRequest<StoredResponse> lookup = cacheable.get().request();
        String fingerprint = cacheable.get().fingerprint();
        if (wantsNoBody(request)) {
            answerWithoutFilling(request, response, chain, lookup, fingerprint);
            return;
        }
        // An answer served stale is recomputed here, after it has been sent: the handler needs this request's thread.
        // The client's next request on this connection would wait for that recomputation, so the connection closes
        // after this answer and the client opens another.
        List<Runnable> afterAnswer = new ArrayList<>();
        Executor closingConnection = recomputation -> {
            afterAnswer.add(recomputation);
            response.setHeader(HttpHeaders.CONNECTION, "close");
        };
        AtomicBoolean answered = new AtomicBoolean();
        try {
            answer(request, response, chain, policy, lookup, fingerprint, () -> Optional.of(answered.get()
                    ? captureDetached(request, response, chain, fingerprint)
                    : captureForLoad(request, response, chain, fingerprint)), closingConnection);
        } finally {
            answered.set(true);
            recomputeAfterAnswer(response, afterAnswer);
        }
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            ResponsePolicy policy, CacheRequest<StoredResponse> lookup, String fingerprint,
            Supplier<Optional<StoredResponse>> loader, Executor revalidation) throws IOException, ServletException {
        Cached<StoredResponse> cached;
        try {
            cached = cache.get().lookup(lookup, loader, stored -> stored.isPresent() && storable(stored.get()),
                    revalidation);
        } catch (ChainFailure e) {
            e.rethrow();
            return;
        }
        StoredResponse answer = cached.value().orElseThrow();
        if (!fingerprint.equals(answer.fingerprint())) {
            // Another request's entry under the same 64-bit key: never served; this request is answered afresh.
            log.warn("Response cache key collision on {}", lookup.key());
            write(request, response, capture(request, response, chain, fingerprint), CacheOutcome.BYPASS.name());
            return;
        }
        // A per-caller answer is never served stale: it may predate a permission change, and a role taken away
        // must be refused on the very next request, database or not. A shared one is anyone's, or its caller was
        // admitted just now.
        if (!policy.perCaller() && databaseUnavailable(answer)) {
            Optional<StoredResponse> lastKnown = cache.get().lastKnown(lookup)
                    .filter(stale -> fingerprint.equals(stale.fingerprint()));
            if (lastKnown.isPresent()) {
                response.reset();
                write(request, response, lastKnown.get(), CacheOutcome.STALE.name());
                return;
            }
        }
        // Before the body: once it is written, the headers are gone.
        CacheHeaders.describe(response, cached);
        write(request, response, answer, cached.outcome().name());
    }

    /**
     * Sends the answer, then runs the recomputations its lookup asked for (of an answer served stale). Each one
     * runs the handler into a {@link DetachedResponse}: nothing more reaches the client.
     */
    private static void recomputeAfterAnswer(HttpServletResponse response, List<Runnable> recomputations) {
        if (recomputations.isEmpty()) {
            return;
        }
        try {
            response.flushBuffer();
        } catch (IOException clientGone) {
            // The recomputation is for the next callers; this one no longer listens.
        }
        recomputations.forEach(Runnable::run);
    }

    /**
     * A HEAD, or a GET with {@code If-None-Match: *}: the client never receives the body, so a stranger could make
     * us load and store large answers for free. Answered from a valid entry if there is one, otherwise by the
     * handler, and never stored.
     */
    private static boolean wantsNoBody(HttpServletRequest request) {
        return "HEAD".equals(request.getMethod()) || ifNoneMatch(request).contains("*");
    }

    private void answerWithoutFilling(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            CacheRequest<StoredResponse> lookup, String fingerprint) throws IOException, ServletException {
        Cached<StoredResponse> peeked = cache.get().peek(lookup);
        Optional<StoredResponse> hit = peeked.value().filter(stored -> fingerprint.equals(stored.fingerprint()));
        if (hit.isPresent()) {
            write(request, response, hit.get(), CacheOutcome.HIT.name());
        } else {
            CacheOutcome outcome = peeked.outcome() == CacheOutcome.BYPASS ? CacheOutcome.BYPASS : CacheOutcome.MISS;
            write(request, response, capture(request, response, chain, fingerprint), outcome.name());
        }
    }

    /**
     * The policy of the handler method that will answer this request, if it carries {@link CachedResponse}; the
     * handler is then kept for the dispatcher ({@link FoundHandlerMapping}), which need not look it up again.
     */
    private Optional<ResponsePolicy> policyOf(HttpServletRequest request) {
        Object previousPath = request.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
        try {
            if (previousPath == null) {
                ServletRequestPathUtils.parseAndCache(request);
            }
            HandlerExecutionChain handler = handlers.get().getHandler(request);
            if (handler == null || !(handler.getHandler() instanceof HandlerMethod method)) {
                return Optional.empty();
            }
            Optional<ResponsePolicy> policy = policies.of(method);
            if (policy.isPresent()) {
                FoundHandlerMapping.keep(request, handler);
            }
            return policy;
        } catch (Exception e) {
            // No handler accepts the request (wrong method, media type, ...): the dispatcher will say so.
            return Optional.empty();
        } finally {
            if (previousPath == null) {
                ServletRequestPathUtils.clearParsedRequestPath(request);
            }
        }
    }

    /** What to look up, and the full hash of the key's parts that a stored answer must carry to be served. */
    private record Lookup(CacheRequest<StoredResponse> request, String fingerprint) {
    }

    /**
     * The cache lookup for this request, or empty when it must bypass the cache: a path variable is not a safe
     * key part, or the request carries credentials that do not identify anyone (the handler then answers 401).
     */
    private Optional<Lookup> lookupFor(HttpServletRequest request, ResponsePolicy policy) {
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request
                .getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        Optional<Set<String>> tags = policy.tagsFor(variables);
        if (tags.isEmpty()) {
            return Optional.empty();
        }
        Set<String> allTags = new LinkedHashSet<>(tags.get());
        String caller = "shared";
        if (!policy.shared()) {
            // The caller's auth context is read from Redis first; the answer's versions come along in that round
            // trip, so that a near hit for this caller is exactly as fresh as a hit read from Redis.
            cache.get().readAhead(tags.get());
        }
        if (!policy.access().isEmpty() && !admitted(request, policy.access(), variables)) {
            return Optional.empty();
        }
        if (policy.perCaller()) {
            Optional<String> id;
            try {
                id = identity.get().identify(request);
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            if (id.isPresent() && !CacheKeys.isSafe(id.get())) {
                return Optional.empty();
            }
            caller = id.map(user -> "user=" + user).orElse("anonymous");
            id.ifPresent(user -> allTags.add(identity.get().tagOf(user)));
        }
        // The key is the fingerprint's first 64 bits, as CacheKeys.hashed makes it: one hash for both.
        String fingerprint = CacheKeys.sha256Hex(String.join(":", keyParts(request, policy, caller)));
        String key = keys.get().key("api", "response", fingerprint.substring(0, 16));
        Set<String> staleAcross = policy.staleAcrossFor(variables).orElse(Set.of());
        return Optional.of(new Lookup(new CacheRequest<>(type.get(), key, allTags, StoredResponse.class,
                policy.ttl(), staleAcross), fingerprint));
    }

    /** Whether the named access admits the request's caller; one that fails admits nobody. */
    private boolean admitted(HttpServletRequest request, String access, Map<String, String> variables) {
        try {
            return accesses.apply(access).admits(request, variables);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Everything the key is built from, each part percent-encoded so that no value can contain the ':' that joins
     * them: two different requests never produce the same parts.
     */
    private static List<String> keyParts(HttpServletRequest request, ResponsePolicy policy, String caller) {
        List<String> parts = new ArrayList<>();
        // A HEAD is answered from the GET's entry: the same answer without its body.
        parts.add("GET");
        parts.add(encode(request.getRequestURI()));
        StringBuilder query = new StringBuilder();
        new TreeMap<>(request.getParameterMap()).forEach((name, values) -> {
            if (!policy.queryParameters().contains(name)) {
                return;
            }
            for (String value : values) {
                query.append(query.isEmpty() ? "" : "&").append(encode(name)).append('=').append(encode(value));
            }
        });
        parts.add("query=" + encode(query.toString()));
        parts.add(encode(caller));
        parts.add("accept=" + encode(headerValues(request, HttpHeaders.ACCEPT)));
        parts.add("accept-encoding=" + encode(headerValues(request, HttpHeaders.ACCEPT_ENCODING)));
        for (String header : policy.headers()) {
            parts.add("header=" + encode(header.toLowerCase()) + "=" + encode(headerValues(request, header)));
        }
        return parts;
    }


    private static String headerValues(HttpServletRequest request, String name) {
        List<String> values = Collections.list(request.getHeaders(name));
        return String.join(",", values);
    }

    /**
     * The text with '%' and every separator of the key's parts ({@code : & =}) percent-encoded, the rest as it is:
     * one text, one encoding, so that different parts never join into the same key. Cheaper than a full URL
     * encoding, which this runs several times per request.
     */
    static String encode(String text) {
        int i = 0;
        while (i < text.length() && !separator(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder encoded = new StringBuilder(text.length() + 8).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '%' -> encoded.append("%25");
                case ':' -> encoded.append("%3A");
                case '&' -> encoded.append("%26");
                case '=' -> encoded.append("%3D");
                default -> encoded.append(c);
            }
        }
        return encoded.toString();
    }

    private static boolean separator(char c) {
        return c == '%' || c == ':' || c == '&' || c == '=';
    }

    /** Runs the handler into a buffer; the real response is written afterwards, from what was captured. */
    private static StoredResponse capture(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain, String fingerprint) throws IOException, ServletException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, captured);
        return StoredResponse.of(captured.getStatus(), captured.getContentType(), replayedHeaders(captured),
                captured.getContentAsByteArray(), fingerprint);
    }

    private static Map<String, String> replayedHeaders(HttpServletResponse captured) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : REPLAYED_HEADERS) {
            String value = captured.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return headers;
    }

    /** Runs the handler into a response of its own, for recomputing an answer after this one was sent. */
    private static StoredResponse captureDetached(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain, String fingerprint) {
        DetachedResponse detached = new DetachedResponse(response);
        try {
            chain.doFilter(request, detached);
        } catch (IOException | ServletException e) {
            throw new ChainFailure(e);
        }
        return StoredResponse.of(detached.getStatus(), detached.getContentType(), replayedHeaders(detached),
                detached.body(), fingerprint);
    }

    /** {@link #capture} as the cache's loader, which cannot throw checked exceptions. */
    private static StoredResponse captureForLoad(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain, String fingerprint) {
        try {
            return capture(request, response, chain, fingerprint);
        } catch (IOException | ServletException e) {
            throw new ChainFailure(e);
        }
    }

    /**
     * Only successes are stored: never errors, validation failures included. Answers above the cache's entry size
     * ceiling (CACHE_MAX_ENTRY_SIZE) are served and not stored, by the cache itself.
     */
    private static boolean storable(StoredResponse response) {
        return response.successful();
    }

    /** A 503 problem of type ...database-unavailable, the answer for which stale-if-error applies. */
    private boolean databaseUnavailable(StoredResponse response) {
        if (response.status() != HttpServletResponse.SC_SERVICE_UNAVAILABLE || response.contentType() == null
                || !response.contentType().contains("problem+json")) {
            return false;
        }
        try {
            JsonNode problemType = json.readTree(response.body()).get("type");
            return problemType != null && problemType.isString()
                    && problemType.asString().endsWith("database-unavailable");
        } catch (JacksonException e) {
            return false;
        }
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, StoredResponse answer,
            String outcome) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setHeader(X_CACHE, outcome);
        if (answer.successful()) {
            // A handler's own ETag (one its conditional writes also understand) wins over the body hash.
            String etag = answer.headers().getOrDefault(HttpHeaders.ETAG, answer.etag());
            response.setHeader(HttpHeaders.ETAG, etag);
            if (notModified(request, etag)) {
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return;
            }
        }
        response.setStatus(answer.status());
        if (answer.contentType() != null) {
            response.setContentType(answer.contentType());
        }
        answer.headers().forEach(response::setHeader);
        byte[] body = answer.body();
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    /** If-None-Match, compared weakly as RFC 9110 asks: {@code *} or any listed tag equal to the ETag. */
    private static boolean notModified(HttpServletRequest request, String etag) {
        return ifNoneMatch(request).stream()
                .anyMatch(tag -> tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(etag));
    }

    /** The entity tags of every If-None-Match header, in order. */
    private static List<String> ifNoneMatch(HttpServletRequest request) {
        return Collections.list(request.getHeaders(HttpHeaders.IF_NONE_MATCH)).stream()
                .flatMap(header -> Arrays.stream(header.split(","))).map(String::strip).toList();
    }

    /** The handler chain failed with a checked exception; carried through the cache's loader and rethrown. */
    private static final class ChainFailure extends RuntimeException {
        ChainFailure(Exception cause) {
            super(cause);
        }

        void rethrow() throws IOException, ServletException {
            if (getCause() instanceof IOException io) {
                throw io;
            }
            throw (ServletException) getCause();
        }
    }
}
