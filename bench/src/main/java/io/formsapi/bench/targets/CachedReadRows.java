package io.formsapi.bench.targets;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Authenticated reads that cost the store a scan of the responses when they miss: a form's response list, a
 * search and a widget's figures, each on a cached instance against the instance with the cache off, over the same
 * keys (one per demo user) and the same connections.
 */
final class CachedReadRows {

    static final List<String> QUERIES = List.of("refund", "rating at least 4", "slow delivery", "last 30 days",
            "not happy");
    private static final List<String> WIDGET_TYPES = List.of("count", "timeseries", "latest");

    private final Settings settings;
    private final Deployment.Instance cached;
    private final Deployment.Instance uncached;
    private final DemoSet demo;
    private final Notes notes;

    CachedReadRows(Settings settings, Deployment deployment, DemoSet demo, Notes notes) {
        this.settings = settings;
        this.cached = deployment.cached().get(0);
        this.uncached = deployment.uncached();
        this.demo = demo;
        this.notes = notes;
    }

    List<Row> run() throws IOException {
        List<HttpRequest> lists = new ArrayList<>();
        List<HttpRequest> searches = new ArrayList<>();
        List<HttpRequest> widgets = new ArrayList<>();
        try (Api api = new Api(cached.http())) {
            for (int i = 0; i < demo.users().size(); i++) {
                DemoSet.User user = demo.users().get(i);
                String formId = demo.topFormOf(user).id();
                lists.add(HttpRequest.get("/api/v1/forms/" + formId + "/responses?size=20", user.token()));
                searches.add(HttpRequest.get("/api/v1/forms/" + formId + "/search?q="
                        + URLEncoder.encode(QUERIES.get(i % QUERIES.size()), StandardCharsets.UTF_8), user.token()));
                String widgetId = api.post("/api/v1/dashboard/widgets", user.token(),
                        Map.of("formId", formId, "type", WIDGET_TYPES.get(i % WIDGET_TYPES.size()))).path("id")
                        .asString();
                widgets.add(HttpRequest.get("/api/v1/dashboard/widgets/" + widgetId, user.token()));
            }
        }
        return List.of(compare("response list", "GET /forms/{id}/responses", lists),
                compare("search", "GET /forms/{id}/search?q=", searches),
                compare("widget data", "GET /dashboard/widgets/{id}", widgets));
    }

    private Row compare(String name, String endpoint, List<HttpRequest> requests) {
        Progress.say(name + ": priming both instances with " + requests.size() + " keys, then " + settings.seconds()
                + " s on each");
        Load.run(settings.concurrency(), null, Load.once(cached.http(), requests));
        Load.run(settings.concurrency(), null, Load.once(uncached.http(), requests));
        Duration duration = Duration.ofSeconds(settings.seconds());
        LoadResult on = notes.check(name + ", cache on", Load.run(settings.concurrency(), duration,
                Load.uniform(cached.http(), requests)));
        LoadResult off = notes.check(name + ", cache off", Load.run(settings.concurrency(), duration,
                Load.uniform(uncached.http(), requests)));
        double ratio = on.perSecond() / off.perSecond();
        return new Row(name + ", req/s (" + endpoint + ", " + requests.size() + " keys, " + settings.concurrency()
                + " connections; on/off)",
                Row.number(on.perSecond()) + " (p50 " + Row.number(on.percentileMillis(50)) + " ms)",
                Row.number(off.perSecond()) + " (p50 " + Row.number(off.percentileMillis(50)) + " ms)",
                Row.ratio(ratio), "≥ 10x", ratio >= 10);
    }
}
