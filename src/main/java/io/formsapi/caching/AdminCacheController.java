package io.formsapi.caching;

import static io.formsapi.auth.AuthService.requireAdmin;

import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.formsapi.auth.Caller;
import io.formsapi.cache.CacheAdministration;
import io.formsapi.cache.CacheStats;
import io.formsapi.web.ApiException;
import io.formsapi.web.Ids;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Cache operations for administrators (users with the admin role). */
@RestController
@RequestMapping("/api/v1/admin/cache")
@Tag(name = "admin")
class AdminCacheController {

    /** Key characters plus the glob wildcards; escaping and character classes are not offered. */
    private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9_.:*?-]{1,200}");

    private final CacheAdministration cache;
    private final Invalidations invalidation;
    private final CacheWarmup warmup;

    AdminCacheController(CacheAdministration cache, Invalidations invalidation, CacheWarmup warmup) {
        this.cache = cache;
        this.invalidation = invalidation;
        this.warmup = warmup;
    }

    record PatternRequest(String pattern) {
    }

    record Removed(long removed) {
    }

    @GetMapping("/stats")
    @Operation(summary = "Hit ratios per cache type, latency, and Redis's own figures")
    CacheStats stats(Caller caller) {
        requireAdmin(caller);
        return cache.stats();
    }

    @PostMapping("/invalidate/forms/{formId}")
    @Operation(summary = "Make everything cached about a form stale, on every instance")
    Map<String, String> invalidateForm(Caller caller, @PathVariable String formId) {
        requireAdmin(caller);
        invalidation.invalidateForm(Ids.require(formId, "form"));
        return Map.of("invalidated", "form " + formId);
    }

    @PostMapping("/invalidate/users/{userId}")
    @Operation(summary = "Make everything cached for a user stale, on every instance")
    Map<String, String> invalidateUser(Caller caller, @PathVariable String userId) {
        requireAdmin(caller);
        invalidation.invalidateUser(Ids.require(userId, "user"));
        return Map.of("invalidated", "user " + userId);
    }

    @PostMapping("/invalidate/pattern")
    @Operation(summary = "Delete the keys matching a glob within this application's namespace (SCAN + UNLINK)")
    Removed invalidatePattern(Caller caller, @RequestBody PatternRequest request) {
        requireAdmin(caller);
        if (request.pattern() == null || !GLOB.matcher(request.pattern()).matches()) {
            throw ApiException.invalid("pattern",
                    "must be 1 to 200 characters of letters, digits, '_', '.', ':', '-' and the wildcards * and ?");
        }
        return new Removed(cache.invalidatePattern(request.pattern()));
    }

    @PostMapping("/flush")
    @Operation(summary = "Delete every key of this application's namespace")
    Removed flush(Caller caller) {
        requireAdmin(caller);
        return new Removed(cache.flushNamespace());
    }

    @PostMapping("/warmup")
    @Operation(summary = "Warm the cache now and report what was loaded")
    WarmupReport warmup(Caller caller) {
        requireAdmin(caller);
        return warmup.run();
    }
}
