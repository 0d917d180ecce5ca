package io.formsapi.cache.web;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

/** The {@link CachedResponse} policy of each handler method, read and checked once. */
final class ResponsePolicies {

    private final ConcurrentMap<Method, Optional<ResponsePolicy>> byMethod = new ConcurrentHashMap<>();

    Optional<ResponsePolicy> of(HandlerMethod handler) {
        return byMethod.computeIfAbsent(handler.getMethod(), ResponsePolicies::read);
    }

    /** Reads every mapped method's annotation, so that a malformed one fails the start-up. */
    void check(Map<RequestMappingInfo, HandlerMethod> handlers, Function<String, ResponseAccess> accesses) {
        handlers.forEach((mapping, handler) -> of(handler).ifPresent(policy -> {
            policy.requireVariablesIn(mapping.getPatternValues(), handler.getMethod());
            policy.requireAccessIn(accesses, handler.getMethod());
        }));
    }

    private static Optional<ResponsePolicy> read(Method method) {
        CachedResponse annotation = AnnotatedElementUtils.findMergedAnnotation(method, CachedResponse.class);
        return annotation == null ? Optional.empty() : Optional.of(ResponsePolicy.of(annotation, method));
    }
}
