package io.formsapi.bench.targets;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A read/write mix over the hottest forms, the form of rank k drawn with weight 1/k^0.99 (Zipf): 95% reads spread
 * evenly over the public form, the form, its response list, a search and a widget's figures, each read by one of
 * the form's owner, editor and viewer (each with a widget of their own), 5% anonymous submissions. Run on a cached
 * instance and on the instance with the cache off; the hit ratios and the MongoDB commands come from each instance's
 * Prometheus endpoint.
 */
final class MixRows {

    static final double ZIPF_EXPONENT = 0.99;
    static final double WRITE_SHARE = 0.05;
    /** The mix's endpoints, as the API's request metrics name them: method and URI template. */
    private static final List<Map<String, String>> ENDPOINTS = List.of(
            Map.of("method", "GET", "uri", "/api/v1/forms/{formId}/public"),
            Map.of("method", "GET", "uri", "/api/v1/forms/{formId}"),
            Map.of("method", "GET", "uri", "/api/v1/forms/{formId}/responses"),
            Map.of("method", "GET", "uri", "/api/v1/forms/{formId}/search"),
            Map.of("method", "GET", "uri", "/api/v1/dashboard/widgets/{widgetId}"),
            Map.of("method", "POST", "uri", "/api/v1/forms/{formId}/responses"));
    /** What each of a reader's reads is, in the order of {@link FormCalls#reads()}, and the submission. */
    private static final List<String> READ_KINDS = List.of("GET public form", "GET form", "GET responses",
            "GET search", "GET widget");
    private static final String SUBMISSION_KIND = "POST submission";
    private static final List<String> TYPES = List.of("form_schema", "user_session", "api_response", "query_result",
            "widget_definition", "dashboard_widget");

    /** Every request the mix can send about one form: for each reader the reads by kind, then the submission. */
    private record FormCalls(List<List<HttpRequest>> reads, HttpRequest submission) {
    }

    private final Settings settings;
    private final Deployment.Instance cached;
    private final Deployment.Instance redisOnly;
    private final Deployment.Instance uncached;
    private final DemoSet demo;
    private final Notes notes;

    MixRows(Settings settings, Deployment deployment, DemoSet demo, Notes notes) {
        this.settings = settings;
        this.cached = deployment.cached().get(0);
        this.redisOnly = deployment.redisOnly();
        this.uncached = deployment.uncached();
        this.demo = demo;
        this.notes = notes;
    }

    /** A measured load with the instance's metrics around it and the machine's busy CPU seconds during it. */
    private record Measured(LoadResult load, Prometheus before, Prometheus after, double busySeconds) {

        /** Milliseconds of the machine's busy CPU time per completed request. */
        double cpuMillisPerRequest() {
            return 1000 * busySeconds / load.completed();
        }

        double delta(String metric) {
            return after.total(metric) - before.total(metric);
        }

        double delta(String metric, String type) {
            return delta(metric, "type", type);
        }

        double delta(String metric, String label, String value) {
            return after.total(metric, label, value) - before.total(metric, label, value);
        }

        /** The mean in milliseconds of a timer's series whose {@code label} has {@code value}, over the run. */
        double meanMillis(String timer, String label, String value) {
            return meanMillis(timer, Map.of(label, value));
        }

        /** The mean in milliseconds of a timer's series with all of {@code labels}, over the run. */
        double meanMillis(String timer, Map<String, String> labels) {
            return 1000 * (after.total(timer + "_sum", labels) - before.total(timer + "_sum", labels))
                    / (after.total(timer + "_count", labels) - before.total(timer + "_count", labels));
        }

        double mongoCommandsPerRequest() {
            return delta("mongodb_driver_commands_seconds_count") / load.completed();
        }
    }

    List<Row> run() throws IOException {
        List<DemoSet.Form> forms = demo.ranked().subList(0, settings.mixForms());
        Progress.say("mix: creating a widget for each reader of the " + forms.size() + " hottest forms");
        List<FormCalls> calls = new ArrayList<>();
        try (Api api = new Api(cached.http()); Api reader = new Api(uncached.http())) {
            for (int i = 0; i < forms.size(); i++) {
                DemoSet.Form form = forms.get(i);
                String base = "/api/v1/forms/" + form.id();
                String query = URLEncoder.encode(CachedReadRows.QUERIES.get(i % 3), StandardCharsets.UTF_8);
                List<List<HttpRequest>> reads = new ArrayList<>();
                for (DemoSet.User user : form.readers()) {
                    String widget = api.post("/api/v1/dashboard/widgets", user.token(), Map.of("formId", form.id(),
                            "type", "count")).path("id").asString();
                    reads.add(List.of(HttpRequest.get(base + "/public", null), HttpRequest.get(base, user.token()),
                            HttpRequest.get(base + "/responses?size=20", user.token()),
                            HttpRequest.get(base + "/search?q=" + query, user.token()),
                            HttpRequest.get("/api/v1/dashboard/widgets/" + widget, user.token())));
                }
                calls.add(new FormCalls(reads, HttpRequest.post(base + "/responses", null,
                        DemoSet.submission(reader.get(base + "/public", null)))));
            }
        }
        double[] cumulative = zipf(forms.size());
        Measured on = measure("cache on", cached, calls, cumulative);
        Measured throughRedis = measure("cache on, Redis only", redisOnly, calls, cumulative);
        Measured off = measure("cache off", uncached, calls, cumulative);
        List<HttpRequest> formReads = calls.stream().flatMap(form -> form.reads().stream()).map(reads -> reads.get(1))
                .toList();
        Measured formGet = formGet("near cache", cached, formReads);
        Measured formGetThroughRedis = formGet("Redis only", redisOnly, formReads);
        Measured submissions = submissionsAlone(cached, calls, cumulative);
        List<Row> rows = new ArrayList<>();
        String shape = "Zipf " + ZIPF_EXPONENT + " over " + forms.size() + " forms, " + Math.round(WRITE_SHARE * 100)
                + "% submissions, " + settings.concurrency() + " connections";
        double rateRatio = on.load().perSecond() / off.load().perSecond();
        rows.add(new Row("mix, req/s (" + shape + "; on/off)", Row.number(on.load().perSecond()),
                Row.number(off.load().perSecond()), Row.ratio(rateRatio), "≥ 2x", rateRatio >= 2));
        double p50 = on.load().percentileMillis(50) / off.load().percentileMillis(50);
        double p99 = on.load().percentileMillis(99) / off.load().percentileMillis(99);
        rows.add(new Row("mix, p50 / p99 ms (on/off)", latencies(on.load()), latencies(off.load()),
                Row.ratio(p50) + " / " + Row.ratio(p99), "< 1.0x (both)", p50 < 1 && p99 < 1));
        double commands = on.mongoCommandsPerRequest() / off.mongoCommandsPerRequest();
        rows.add(new Row("mix, MongoDB commands per request (driver's count; on/off)",
                Row.number(on.mongoCommandsPerRequest()), Row.number(off.mongoCommandsPerRequest()),
                Row.ratio(commands), "≤ 0.5x", commands <= 0.5));
        rows.addAll(againstTheFormGet(on, off, formGet, shape + ", near cache", true));
        rows.addAll(againstTheFormGet(throughRedis, off, formGetThroughRedis, shape + ", Redis only", false));
        rows.addAll(ceilings(submissions, formGet, on, off));
        // What a submission costs on the instance: its near-cache barrier, and its whole answer.
        rows.add(new Row("mix, near-cache barriers waited for (cache on, near cache): count; mean ms",
                Math.round(on.delta("cache_near_barriers_seconds_count")) + "; " + Row.number(1000
                        * on.delta("cache_near_barriers_seconds_sum") / on.delta("cache_near_barriers_seconds_count")),
                "-", "-", "-", null));
        rows.add(new Row("mix, submissions answered: count; mean ms (cache on, near cache / cache off)",
                Math.round(on.delta("http_server_requests_seconds_count", "method", "POST")) + "; "
                        + Row.number(on.meanMillis("http_server_requests_seconds", "method", "POST")),
                Math.round(off.delta("http_server_requests_seconds_count", "method", "POST")) + "; "
                        + Row.number(off.meanMillis("http_server_requests_seconds", "method", "POST")),
                "-", "-", null));
        // Which requests make the p99: each endpoint's mean on the instance itself (its http_server_requests).
        for (Map<String, String> endpoint : ENDPOINTS) {
            rows.add(new Row("mix, " + endpoint.get("method") + " " + endpoint.get("uri")
                    + ": mean ms on the instance (cache on, near cache / cache off)",
                    Row.number(on.meanMillis("http_server_requests_seconds", endpoint)),
                    Row.number(off.meanMillis("http_server_requests_seconds", endpoint)), "-", "-", null));
        }
        // The same, as the client saw it: the p99 of each kind of request, queueing and connection included.
        for (String kind : Stream.concat(READ_KINDS.stream(), Stream.of(SUBMISSION_KIND)).toList()) {
            rows.add(new Row("mix, " + kind + ": p50 / p99 ms at the client (cache on, near cache / cache off)",
                    latencies(on.load(), kind), latencies(off.load(), kind), "-", "-", null));
            rows.add(new Row("mix, " + kind + ": answers by X-Cache (cache on, near cache)", on.load().outcomes(kind),
                    "-", "-", "-", null));
        }
        for (String type : TYPES) {
            // A stale value served within its bound is answered from the cache, as the health window counts it.
            double hits = on.delta("cache_hits_total", type);
            double stale = on.delta("cache_stale_total", type);
            double misses = on.delta("cache_misses_total", type);
            double ratio = (hits + stale) / (hits + stale + misses);
            rows.add(new Row("mix, hit ratio of " + type + " ((hits + stale) / lookups, cache on)",
                    Row.number(ratio) + " (" + Math.round(hits) + " + " + Math.round(stale) + " / "
                            + Math.round(hits + stale + misses) + ")", "-", "-", "> 0.7 (the health threshold)",
                    ratio > 0.7));
        }
        return rows;
    }

    /**
     * The mix against what it is made of: its rate against the cached form GET's on the same instance, its p99
     * against its p50, and the MongoDB commands it saves against the cache off. Targets only with {@code targets}.
     */
    private static List<Row> againstTheFormGet(Measured mix, Measured off, Measured formGet, String shape,
            boolean targets) {
        double rate = mix.load().perSecond() / formGet.load().perSecond();
        double spread = mix.load().percentileMillis(99) / mix.load().percentileMillis(50);
        double cut = 1 - mix.mongoCommandsPerRequest() / off.mongoCommandsPerRequest();
        return List.of(
                new Row("mix against the cached form GET, req/s (" + shape + ")", Row.number(mix.load().perSecond()),
                        Row.number(formGet.load().perSecond()), Row.ratio(rate), targets ? "≥ 0.5x" : "-",
                        targets ? rate >= 0.5 : null),
                new Row("mix, p99 against p50, ms (" + shape + ")", latencies(mix.load()), "-", Row.ratio(spread),
                        targets ? "≤ 5x" : "-", targets ? spread <= 5 : null),
                new Row("mix, MongoDB commands per request cut against the cache off (" + shape + ")",
                        Row.number(mix.mongoCommandsPerRequest()), Row.number(off.mongoCommandsPerRequest()),
                        Row.number(cut * 100) + "%", targets ? "≥ 99%" : "-", targets ? cut >= 0.99 : null));
    }

    /**
     * What the mix's targets can reach at best, from costs measured in this run. Were every read of the mix a near
     * hit as cheap as the cached form GET, and nothing ever recomputed, the mix would still hold
     * {@link #WRITE_SHARE} submissions, each costing the machine what one costs in the submissions-alone load (which
     * recomputes nothing, so that a submission in the mix costs more). A saturated machine serves requests at the
     * inverse of their mean cost, so the mix's rate against the form GET's is at most {@code 1 / ((1 - w) + w n)},
     * with {@code n} a submission's CPU cost in cached form GETs; and its MongoDB commands per request are at least
     * {@code w} times a submission's.
     */
    private static List<Row> ceilings(Measured submissions, Measured formGet, Measured mix, Measured off) {
        double cost = submissions.cpuMillisPerRequest() / formGet.cpuMillisPerRequest();
        double rate = 1 / ((1 - WRITE_SHARE) + WRITE_SHARE * cost);
        double perSubmission = submissions.mongoCommandsPerRequest();
        double cut = 1 - WRITE_SHARE * perSubmission / off.mongoCommandsPerRequest();
        String share = Row.number(WRITE_SHARE);
        return List.of(
                new Row("CPU ms per request, all processes (machine busy during the load): cached form GET alone "
                        + "/ submissions alone (Zipf over the same forms) / the mix; near cache",
                        Row.number(formGet.cpuMillisPerRequest()) + " (" + busy(formGet) + ") / "
                                + Row.number(submissions.cpuMillisPerRequest()) + " (" + busy(submissions) + ") / "
                                + Row.number(mix.cpuMillisPerRequest()) + " (" + busy(mix) + ")",
                        "-", "n = " + Row.number(cost) + " form GETs per submission", "-", null),
                new Row("mix against the cached form GET at best: every read a near hit, nothing recomputed, "
                        + share + " submissions as above: 1 / (" + Row.number(1 - WRITE_SHARE) + " + " + share
                        + " n)", Row.ratio(rate), "-", Row.ratio(rate), "≥ 0.5x (the mix's target)", rate >= 0.5),
                new Row("MongoDB commands per request cut at best: the submissions' own (" + Row.number(perSubmission)
                        + " each, submissions alone) against the cache off", Row.number(WRITE_SHARE * perSubmission),
                        Row.number(off.mongoCommandsPerRequest()), Row.number(cut * 100) + "%",
                        "≥ 99% (the mix's target)", cut >= 0.99));
    }

    /** The share of the machine's CPU that was busy during a load. */
    private static String busy(Measured measured) {
        double capacity = Runtime.getRuntime().availableProcessors() * measured.load().seconds();
        return Math.round(100 * measured.busySeconds() / capacity) + "%";
    }

    /** Submissions only, to the mix's forms with the mix's weights, on {@code instance}. */
    private Measured submissionsAlone(Deployment.Instance instance, List<FormCalls> calls, double[] cumulative)
            throws IOException {
        Load.Calls submissions = random -> new Load.Call(instance.http(),
                calls.get(pick(cumulative, random)).submission(), SUBMISSION_KIND);
        return measured("mix, submissions alone", instance, Duration.ofSeconds(settings.seconds()), submissions);
    }

    /** The cached form GET alone, as its readers send it, on {@code instance}. */
    private Measured formGet(String what, Deployment.Instance instance, List<HttpRequest> reads) throws IOException {
        return measured("mix, the cached form GET alone, " + what, instance, Duration.ofSeconds(settings.seconds()),
                Load.uniform(instance.http(), reads));
    }

    private Measured measure(String what, Deployment.Instance instance, List<FormCalls> calls, double[] cumulative)
            throws IOException {
        Load.Calls mix = random -> {
            FormCalls form = calls.get(pick(cumulative, random));
            double r = random.nextDouble();
            List<HttpRequest> reads = form.reads().get(random.nextInt(form.reads().size()));
            if (r < WRITE_SHARE) {
                return new Load.Call(instance.http(), form.submission(), SUBMISSION_KIND);
            }
            int read = Math.min(reads.size() - 1, (int) ((r - WRITE_SHARE) / (1 - WRITE_SHARE) * reads.size()));
            return new Load.Call(instance.http(), reads.get(read), READ_KINDS.get(read));
        };
        return measured("mix, " + what, instance, Duration.ofSeconds(settings.mixSeconds()), mix);
    }

    /**
     * One load of {@code calls} on {@code instance} after the warm-up, announced as it starts, with the instance's
     * metrics and the machine's busy CPU around the measured part.
     */
    private Measured measured(String what, Deployment.Instance instance, Duration duration, Load.Calls calls)
            throws IOException {
        Progress.say(what + ": " + settings.warmupSeconds() + " s warm-up, " + duration.toSeconds() + " s measured");
        Load.run(settings.concurrency(), Duration.ofSeconds(settings.warmupSeconds()), calls);
        Prometheus before = Prometheus.scrape(instance.management());
        double busy = MachineCpu.busySeconds();
        LoadResult load = notes.check(what, Load.run(settings.concurrency(), duration, calls));
        busy = MachineCpu.busySeconds() - busy;
        return new Measured(load, before, Prometheus.scrape(instance.management()), busy);
    }

    /** The cumulative weights of ranks 1..n under Zipf, normalised to end at 1. */
    static double[] zipf(int n) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1 / Math.pow(k, ZIPF_EXPONENT);
            cumulative[k - 1] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
        return cumulative;
    }

    private static int pick(double[] cumulative, SplittableRandom random) {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
    }

    private static String latencies(LoadResult load) {
        return Row.number(load.percentileMillis(50)) + " / " + Row.number(load.percentileMillis(99));
    }

    private static String latencies(LoadResult load, String kind) {
        return Row.number(load.percentileMillis(kind, 50)) + " / " + Row.number(load.percentileMillis(kind, 99));
    }
}
