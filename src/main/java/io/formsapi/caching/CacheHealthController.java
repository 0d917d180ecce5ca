package io.formsapi.caching;

import java.time.Clock;

import org.springframework.context.ApplicationContext;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.formsapi.cache.CacheHealth;
import io.formsapi.cache.CacheHealthCheck;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The seed's cache health endpoint. No authentication: it reveals figures about the cache, never user data.
 * 503 only when Redis cannot be used; every other status (warming and degraded included) is a 200, since the
 * API serves either way.
 */
@RestController
@RequestMapping("/api/v1/health")
@Tag(name = "health")
class CacheHealthController {

    private final CacheHealthCheck health;
    private final ApplicationContext context;
    private final Clock clock;

    CacheHealthController(CacheHealthCheck health, ApplicationContext context, Clock clock) {
        this.health = health;
        this.context = context;
        this.clock = clock;
    }

    @GetMapping("/cache")
    @Operation(summary = "Cache health: hit ratio over a sliding window, Redis memory, evictions, breaker state")
    @SecurityRequirements
    ResponseEntity<CacheHealthView> cache() {
        CacheHealth current = health.check();
        long uptime = Math.max(0, clock.millis() - context.getStartupDate()) / 1000;
        return ResponseEntity
                .status(current.status() == CacheHealth.Status.DOWN ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK)
                .cacheControl(CacheControl.noStore())
                .body(CacheHealthView.of(current, health.settings(), uptime));
    }
}
