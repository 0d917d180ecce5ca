package io.formsapi.ratelimit;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import io.formsapi.cache.web.RequestIdentity;
import io.formsapi.web.Problems;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies the limits keyed by client address or caller, before anything else costs time: before the response
 * cache (so cached searches count too) and before a login's password hash. Paths are matched as Spring MVC
 * matches them (decoded segments, path parameters ignored), so an encoded path cannot slip past.
 *
 * <p>The client address is {@link HttpServletRequest#getRemoteAddr()}: the peer, unless the server is configured
 * to take it from a trusted proxy's X-Forwarded-For (see docs/SECURITY.md).
 */
class RateLimitFilter extends OncePerRequestFilter {

    private static final PathPattern LOGIN = PathPatternParser.defaultInstance.parse("/api/v1/auth/login");
    private static final PathPattern REGISTER = PathPatternParser.defaultInstance.parse("/api/v1/auth/register");
    private static final PathPattern SUBMISSIONS = PathPatternParser.defaultInstance
            .parse("/api/v1/forms/{formId}/responses");
    private static final PathPattern SEARCH = PathPatternParser.defaultInstance.parse("/api/v1/forms/{formId}/search");

    private final Supplier<RateLimits> limits;
    private final Supplier<RequestIdentity> identity;
    private final Supplier<JsonMapper> json;

    RateLimitFilter(Supplier<RateLimits> limits, Supplier<RequestIdentity> identity, Supplier<JsonMapper> json) {
        this.limits = limits;
        this.identity = identity;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (limits.get().enabled()) {
            try {
                applyLimits(request);
            } catch (RateLimitedException e) {
                Problems.write(e, response, json.get());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private void applyLimits(HttpServletRequest request) {
        PathContainer path = RequestPath.parse(request.getRequestURI(), request.getContextPath())
                .pathWithinApplication();
        String method = request.getMethod();
        String address = request.getRemoteAddr();
        if ("POST".equals(method) && LOGIN.matches(path)) {
            limits.get().check(RateLimits.LOGIN_PER_ADDRESS, address);
        } else if ("POST".equals(method) && REGISTER.matches(path)) {
            limits.get().check(RateLimits.REGISTER_PER_ADDRESS, address);
        } else if ("POST".equals(method) && request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
            formId(SUBMISSIONS, path).ifPresent(formId -> limits.get()
                    .check(RateLimits.SUBMISSIONS_PER_FORM_AND_ADDRESS, formId + " " + address));
        } else if (("GET".equals(method) || "HEAD".equals(method)) && SEARCH.matches(path)) {
            limits.get().check(RateLimits.SEARCH_PER_CALLER, caller(request, address));
        }
    }

    /** The user behind a valid token, or else the address (a token that does not authenticate is answered 401 later). */
    private String caller(HttpServletRequest request, String address) {
        try {
            return identity.get().identify(request).map(userId -> "user " + userId).orElse("address " + address);
        } catch (RuntimeException e) {
            return "address " + address;
        }
    }

    private static Optional<String> formId(PathPattern pattern, PathContainer path) {
        return Optional.ofNullable(pattern.matchAndExtract(path))
                .map(match -> match.getUriVariables().get("formId"));
    }
}
