package io.formsapi.cache.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code forms.cache.responses.*}.
 *
 * @param enabled CACHE_RESPONSES_ENABLED: whether {@link CachedResponse} endpoints are answered from Redis. Off by
 *                default until every write invalidates the tags it changes (docs/CACHE.md); while off, those
 *                endpoints answer as with CACHE_ENABLED=false ({@code X-Cache: BYPASS}, ETag and 304 still work).
 */
@ConfigurationProperties("forms.cache.responses")
public record ResponseCacheProperties(@DefaultValue("false") boolean enabled) {
}
