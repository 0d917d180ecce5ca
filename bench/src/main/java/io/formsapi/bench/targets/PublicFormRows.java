package io.formsapi.bench.targets;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The public form read ({@code GET /api/v1/forms/{id}/public}) on one API instance against the peer's
 * {@code @Cacheable} endpoint serving the same forms from the same store: warm throughput, the latency of a miss
 * one at a time, and the p99 of a cold start under concurrency.
 */
final class PublicFormRows {

    private final Settings settings;
    private final Endpoint api;
    private final Endpoint peer;
    private final int apiRedis;
    private final int peerRedis;
    private final List<String> hot;
    private final List<String> all;
    private final Notes notes;

    PublicFormRows(Settings settings, Deployment deployment, DemoSet demo, Notes notes) {
        this.settings = settings;
        this.api = deployment.cached().get(0).http();
        this.peer = deployment.peer();
        this.apiRedis = deployment.apiRedisPort();
        this.peerRedis = deployment.peerRedisPort();
        this.hot = demo.ranked().subList(0, settings.mixForms()).stream().map(DemoSet.Form::id).toList();
        this.all = demo.ranked().stream().map(DemoSet.Form::id).toList();
        this.notes = notes;
    }

    List<Row> run() throws IOException {
        return List.of(warm(), missOneAtATime(), coldStart());
    }

    private Row warm() throws IOException {
        Progress.say("public form, warm: priming both caches with " + hot.size() + " forms, then A/B rounds of "
                + settings.seconds() + " s");
        Load.run(1, null, Load.once(api, reads(hot)));
        Load.run(1, null, Load.once(peer, reads(hot)));
        Load.run(settings.concurrency(), Duration.ofSeconds(settings.warmupSeconds()), Load.uniform(api, reads(hot)));
        Load.run(settings.concurrency(), Duration.ofSeconds(settings.warmupSeconds()), Load.uniform(peer, reads(hot)));
        List<LoadResult> apiRuns = new ArrayList<>();
        List<LoadResult> peerRuns = new ArrayList<>();
        for (int round = 0; round < settings.rounds(); round++) {
            apiRuns.add(notes.check("public form warm, API", Load.run(settings.concurrency(),
                    Duration.ofSeconds(settings.seconds()), Load.uniform(api, reads(hot)))));
            peerRuns.add(notes.check("public form warm, peer", Load.run(settings.concurrency(),
                    Duration.ofSeconds(settings.seconds()), Load.uniform(peer, reads(hot)))));
        }
        double apiRate = Rounds.meanRate(apiRuns);
        double peerRate = Rounds.meanRate(peerRuns);
        double[] ratios = Rounds.ratios(apiRuns, peerRuns);
        double ratio = Rounds.medianRatio(apiRuns, peerRuns);
        return new Row("public form, warm, req/s, mean (each round) (" + settings.concurrency() + " connections, "
                + hot.size() + " forms, A/B x" + settings.rounds() + "; API/peer, median of the rounds' ratios)",
                Row.number(apiRate) + " (" + Rounds.rates(apiRuns) + ")",
                Row.number(peerRate) + " (" + Rounds.rates(peerRuns) + ")",
                Row.ratio(ratio) + " (" + String.join(", ", Arrays.stream(ratios).mapToObj(Row::number).toList())
                        + ")", "≥ 1.0x (level)", ratio >= 1.0);
    }

    private Row missOneAtATime() throws IOException {
        List<String> forms = all.subList(0, Math.min(settings.coldForms(), all.size()));
        Progress.say("public form, miss one at a time: " + forms.size() + " cold forms, interleaved");
        flush();
        Sequential apiReads = new Sequential(api);
        Sequential peerReads = new Sequential(peer);
        try (apiReads; peerReads) {
            for (int i = 0; i < forms.size(); i++) {
                String path = path(forms.get(i));
                if (i % 2 == 0) {
                    apiReads.read(path);
                    peerReads.read(path);
                } else {
                    peerReads.read(path);
                    apiReads.read(path);
                }
            }
        }
        List<LoadResult> apiRuns = List.of(apiReads.result());
        List<LoadResult> peerRuns = List.of(peerReads.result());
        LoadResult apiAll = notes.check("public form miss, API", LoadResult.merge(apiRuns));
        LoadResult peerAll = notes.check("public form miss, peer", LoadResult.merge(peerRuns));
        double meanRatio = apiAll.meanMillis() / peerAll.meanMillis();
        double p50Ratio = apiAll.percentileMillis(50) / peerAll.percentileMillis(50);
        return new Row("public form, miss one at a time, mean / p50 ms (" + forms.size()
                + " distinct cold forms after a flush; API/peer)",
                Row.number(apiAll.meanMillis()) + " / " + Row.number(apiAll.percentileMillis(50)),
                Row.number(peerAll.meanMillis()) + " / " + Row.number(peerAll.percentileMillis(50)),
                Row.ratio(meanRatio) + " / " + Row.ratio(p50Ratio), "≤ 1.2x (mean and p50)",
                meanRatio <= 1.2 && p50Ratio <= 1.2);
    }

    private Row coldStart() throws IOException {
        Progress.say("public form, cold start: " + all.size() + " distinct cold forms at " + settings.concurrency()
                + " connections, " + settings.rounds() + " rounds each");
        List<LoadResult> apiRuns = new ArrayList<>();
        List<LoadResult> peerRuns = new ArrayList<>();
        for (int round = 0; round < settings.rounds(); round++) {
            boolean apiFirst = round % 2 == 0;
            for (Endpoint target : apiFirst ? List.of(api, peer) : List.of(peer, api)) {
                flush();
                LoadResult result = Load.run(settings.concurrency(), null, Load.once(target, reads(all)));
                (target == api ? apiRuns : peerRuns).add(result);
            }
        }
        LoadResult apiAll = notes.check("public form cold start, API", LoadResult.merge(apiRuns));
        LoadResult peerAll = notes.check("public form cold start, peer", LoadResult.merge(peerRuns));
        double ratio = apiAll.percentileMillis(99) / peerAll.percentileMillis(99);
        return new Row("public form, cold start, p99 ms (" + settings.concurrency() + " connections, each of "
                + all.size() + " cold forms once, x" + settings.rounds() + "; API/peer)",
                Row.number(apiAll.percentileMillis(99)) + " (p50 " + Row.number(apiAll.percentileMillis(50)) + ")",
                Row.number(peerAll.percentileMillis(99)) + " (p50 " + Row.number(peerAll.percentileMillis(50)) + ")",
                Row.ratio(ratio), "≤ 1.0x (no worse than the peer)", ratio <= 1.0);
    }

    /** Requests one after the other on one kept-alive connection, each timed. */
    private static final class Sequential implements AutoCloseable {

        private final HttpConnection connection;
        private final List<Long> latencies = new ArrayList<>();
        private final Map<Integer, Long> statuses = new TreeMap<>();
        private final List<String> errors = new ArrayList<>();
        private long ioErrors;

        Sequential(Endpoint target) throws IOException {
            connection = new HttpConnection(target, 60_000);
            connection.connect();
        }

        void read(String path) {
            long start = System.nanoTime();
            try {
                HttpResponse response = connection.send(HttpRequest.get(path, null));
                statuses.merge(response.status(), 1L, Long::sum);
                if (!response.ok() && errors.size() < 5) {
                    errors.add("GET " + path + " -> " + response.status() + " " + response.text());
                }
            } catch (IOException e) {
                ioErrors++;
                errors.add("GET " + path + " -> " + e);
            }
            latencies.add(System.nanoTime() - start);
        }

        LoadResult result() {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return new LoadResult(sorted, latencies.stream().mapToLong(Long::longValue).sum() / 1e9, statuses,
                    ioErrors, errors, latencies.size());
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    /** Empties both Redis servers: every form is cold on both sides. */
    private void flush() throws IOException {
        for (int port : List.of(apiRedis, peerRedis)) {
            try (RedisClient redis = new RedisClient(port)) {
                redis.command("FLUSHALL");
            }
        }
    }

    private static List<HttpRequest> reads(List<String> forms) {
        return forms.stream().map(id -> HttpRequest.get(path(id), null)).toList();
    }

    private static String path(String formId) {
        return "/api/v1/forms/" + formId + "/public";
    }
}
