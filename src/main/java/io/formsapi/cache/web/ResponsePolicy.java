package io.formsapi.cache.web;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.web.bind.annotation.RequestParam;

import io.formsapi.cache.CacheKeys;

/**
 * A {@link CachedResponse} annotation, checked once: a malformed TTL, tag or key part fails at start-up, not on
 * the first request.
 *
 * @param ttl      the entries' TTL, or null for the cache type's
 * @param tags     tag templates such as {@code form:{formId}}
 * @param headers  request headers that are part of the key
 * @param shared   the response does not depend on the caller, and anyone may see it
 * @param access   the name of the {@link ResponseAccess} that admits the callers one shared entry serves, or empty
 * @param queryParameters the query parameters the method declares ({@code @RequestParam}): the only ones in the key
 * @param staleAcross the tag templates, among {@code tags}, whose invalidation a bounded type may serve stale across
 */
record ResponsePolicy(Duration ttl, List<String> tags, List<String> headers, boolean shared, String access,
        Set<String> queryParameters, List<String> staleAcross) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    private static final String HEADER_PART = "header:";
    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    static ResponsePolicy of(CachedResponse annotation, Method method) {
        String where = where(method);
        List<String> tags = tags(annotation.tags(), where);
        List<String> staleAcross = List.of(annotation.staleAcross());
        if (!tags.containsAll(staleAcross)) {
            throw invalid(where, "staleAcross " + staleAcross + " must be among the tags " + tags);
        }
        String access = annotation.access().strip();
        if (annotation.shared() && !access.isEmpty()) {
            throw invalid(where, "shared admits everyone; access \"" + access + "\" would never be asked");
        }
        return new ResponsePolicy(ttl(annotation.ttl(), where), tags, headers(annotation.key(), where),
                annotation.shared(), access, queryParameters(method, where), staleAcross);
    }

    /** Whether each caller has entries of their own: neither shared by everyone nor among those admitted. */
    boolean perCaller() {
        return !shared && access.isEmpty();
    }

    /**
     * The names of the method's {@code @RequestParam}s. Undeclared parameters never reach the handler, so they
     * stay out of the key: {@code ?junk=N} cannot mint an entry per request.
     */
    private static Set<String> queryParameters(Method method, String where) {
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < method.getParameterCount(); i++) {
            MethodParameter parameter = new MethodParameter(method, i);
            RequestParam declared = parameter.getParameterAnnotation(RequestParam.class);
            if (declared == null) {
                continue;
            }
            parameter.initParameterNameDiscovery(NAMES);
            String name = declared.name().isEmpty() ? parameter.getParameterName() : declared.name();
            if (name == null || Map.class.isAssignableFrom(parameter.getParameterType())) {
                throw invalid(where, "every @RequestParam needs a name (a map of all parameters cannot be keyed)");
            }
            names.add(name);
        }
        return Collections.unmodifiableSet(names);
    }

    /** The names of the path variables the tags refer to. */
    Set<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        for (String tag : tags) {
            Matcher placeholder = PLACEHOLDER.matcher(tag);
            while (placeholder.find()) {
                names.add(placeholder.group(1));
            }
        }
        return names;
    }

    /**
     * The tags of one request, with the path variables filled in; empty if a variable is missing or is not a safe
     * key part (such a request bypasses the cache).
     */
    Optional<Set<String>> tagsFor(Map<String, String> pathVariables) {
        return resolve(tags, pathVariables);
    }

    /** The tags of one request whose invalidation may be served stale across; see {@link #tagsFor}. */
    Optional<Set<String>> staleAcrossFor(Map<String, String> pathVariables) {
        return resolve(staleAcross, pathVariables);
    }

    private static Optional<Set<String>> resolve(List<String> templates, Map<String, String> pathVariables) {
        Set<String> resolved = new LinkedHashSet<>();
        for (String template : templates) {
            StringBuilder tag = new StringBuilder();
            Matcher placeholder = PLACEHOLDER.matcher(template);
            while (placeholder.find()) {
                String value = pathVariables == null ? null : pathVariables.get(placeholder.group(1));
                if (!CacheKeys.isSafe(value)) {
                    return Optional.empty();
                }
                placeholder.appendReplacement(tag, Matcher.quoteReplacement(value));
            }
            placeholder.appendTail(tag);
            resolved.add(tag.toString());
        }
        return Optional.of(Collections.unmodifiableSet(resolved));
    }

    private static Duration ttl(String text, String where) {
        if (text.isBlank()) {
            return null;
        }
        Duration ttl;
        try {
            ttl = DurationStyle.detectAndParse(text.strip(), ChronoUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw invalid(where, "ttl \"" + text + "\" is not a duration (\"60s\", \"5m\", \"PT30S\" or seconds)");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw invalid(where, "ttl must be positive, not " + text);
        }
        return ttl;
    }

    private static List<String> tags(String[] templates, String where) {
        List<String> tags = new ArrayList<>();
        for (String template : templates) {
            // Every placeholder stands for one safe part, so the template is valid if it is with "x" in their place.
            String sample = PLACEHOLDER.matcher(template).replaceAll("x");
            for (String part : sample.split(":", -1)) {
                if (!CacheKeys.isSafe(part)) {
                    throw invalid(where, "tag \"" + template + "\" must be parts of [A-Za-z0-9_.-] or {variable} "
                            + "separated by ':'");
                }
            }
            tags.add(template);
        }
        return List.copyOf(tags);
    }

    private static List<String> headers(String[] parts, String where) {
        List<String> headers = new ArrayList<>();
        for (String part : parts) {
            String name = part.startsWith(HEADER_PART) ? part.substring(HEADER_PART.length()).strip() : "";
            if (!HEADER_NAME.matcher(name).matches()) {
                throw invalid(where, "key part \"" + part + "\" must be \"header:<Name>\"");
            }
            headers.add(name);
        }
        return List.copyOf(headers);
    }

    /** Fails when a tag names a variable that one of the method's path patterns does not have. */
    void requireVariablesIn(Collection<String> pathPatterns, Method method) {
        for (String pattern : pathPatterns) {
            for (String variable : variables()) {
                if (!Pattern.compile("\\{\\*?" + variable + "(:[^}]*)?}").matcher(pattern).find()) {
                    throw invalid(where(method), "tag variable {" + variable + "} is not a path variable of "
                            + pattern);
                }
            }
        }
    }

    /** Fails when {@link #access()} names no {@link ResponseAccess} bean. */
    void requireAccessIn(Function<String, ResponseAccess> accesses, Method method) {
        if (access.isEmpty()) {
            return;
        }
        try {
            accesses.apply(access);
        } catch (RuntimeException e) {
            throw invalid(where(method), "access \"" + access + "\" is not the name of a ResponseAccess bean");
        }
    }

    /** The method as an error names it: {@code Class.method}. */
    private static String where(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    private static IllegalStateException invalid(String where, String problem) {
        return new IllegalStateException("@CachedResponse on " + where + ": " + problem);
    }
}
