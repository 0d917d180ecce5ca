package io.formsapi.caching;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Service;

import io.formsapi.auth.AuthContextLoader;
import io.formsapi.cache.CacheAdministration;
import io.formsapi.dashboard.WidgetService;
import io.formsapi.forms.FormLoader;
import io.formsapi.responses.FormResponse;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The seed's {@code warmup_cache}: the most answered forms of the last days, the auth contexts of recently
 * active users, and the widgets on those forms, each phase written with one pipeline. Only one instance warms
 * at a time (a Redis lease), and warming stops when its time budget is spent.
 */
@Service
public class CacheWarmup {

    private static final Logger log = LoggerFactory.getLogger(CacheWarmup.class);

    private final CacheAdministration cache;
    private final FormLoader forms;
    private final AuthContextLoader sessions;
    private final WidgetService widgets;
    private final MongoTemplate mongo;
    private final WarmupProperties properties;
    private final Clock clock;
    private final AtomicInteger running = new AtomicInteger();
    private final Map<String, AtomicInteger> warmed = new LinkedHashMap<>();

    CacheWarmup(CacheAdministration cache, FormLoader forms, AuthContextLoader sessions, WidgetService widgets,
            MongoTemplate mongo, WarmupProperties properties, Clock clock, MeterRegistry registry) {
        Gauge.builder("cache.warmup.running", running, AtomicInteger::get)
                .description("1 while this instance is warming the cache").register(registry);
        for (String phase : List.of("forms", "sessions", "widgets")) {
            AtomicInteger entries = new AtomicInteger();
            warmed.put(phase, entries);
            Gauge.builder("cache.warmup.entries", entries, AtomicInteger::get).tag("phase", phase)
                    .description("Entries written by the phase of the latest warm-up").register(registry);
        }
        this.cache = cache;
        this.forms = forms;
        this.sessions = sessions;
        this.widgets = widgets;
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    public WarmupReport run() {
        Optional<CacheAdministration.Exclusive> lease = cache.tryExclusive("warmup",
                properties.budget().plus(Duration.ofSeconds(10)));
        if (lease.isEmpty()) {
            log.info("Cache warm-up skipped: another instance is warming, or the cache is unavailable");
            return WarmupReport.skipped("another instance is warming, or the cache is unavailable");
        }
        running.set(1);
        try (CacheAdministration.Exclusive held = lease.get()) {
            return warm();
        } finally {
            running.set(0);
        }
    }

    private WarmupReport warm() {
        long started = System.nanoTime();
        long deadline = started + properties.budget().toNanos();
        List<String> topForms = topForms();
        warmed.values().forEach(entries -> entries.set(0));
        int formCount = forms.warm(topForms);
        warmed.get("forms").set(formCount);
        log.info("Cache warm-up: {} of the {} most answered forms loaded", formCount, topForms.size());
        int sessionCount = 0;
        int widgetCount = 0;
        boolean complete = false;
        if (System.nanoTime() < deadline) {
            sessionCount = sessions.warm(sessions.activeUserIds(properties.sessions()));
            warmed.get("sessions").set(sessionCount);
            log.info("Cache warm-up: {} active users' sessions loaded", sessionCount);
            if (System.nanoTime() < deadline) {
                widgetCount = widgets.warm(widgets.onForms(topForms, properties.widgets()));
                warmed.get("widgets").set(widgetCount);
                log.info("Cache warm-up: {} widget figures computed", widgetCount);
                complete = System.nanoTime() < deadline;
            }
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        log.info("Cache warm-up {} in {} ms", complete ? "finished" : "stopped at its time budget", millis);
        return new WarmupReport(null, formCount, sessionCount, widgetCount, complete, millis);
    }

    /** Forms by number of responses over the recent days, most first. */
    private List<String> topForms() {
        Instant since = clock.instant().minus(Duration.ofDays(properties.recentDays()));
        Aggregation ranking = Aggregation.newAggregation(
                Aggregation.match(Criteria.where(FormResponse.SUBMITTED_AT).gte(since)),
                Aggregation.group(FormResponse.FORM_ID).count().as("responses"),
                Aggregation.sort(Sort.Direction.DESC, "responses"),
                Aggregation.limit(properties.forms()));
        return mongo.aggregate(ranking, FormResponse.COLLECTION, Document.class).getMappedResults().stream()
                .map(d -> String.valueOf(d.get("_id"))).toList();
    }
}
