package io.formsapi.caching;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param onStartup   warm when the application starts
 * @param blocking    on start-up, warm before the application reports ready (off: warming runs in the background)
 * @param budget      warming stops after this long, whatever is left
 * @param forms       how many of the most answered forms to load
 * @param recentDays  "most answered" counts responses of this many recent days
 * @param sessions    how many recently active users' auth contexts to load
 * @param widgets     how many widgets on those forms to compute
 */
@ConfigurationProperties("forms.cache.warmup")
public record WarmupProperties(@DefaultValue("true") boolean onStartup, @DefaultValue("false") boolean blocking,
        @DefaultValue("30s") Duration budget, @DefaultValue("100") int forms, @DefaultValue("7") int recentDays,
        @DefaultValue("1000") int sessions, @DefaultValue("100") int widgets) {
}
