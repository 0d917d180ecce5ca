package io.formsapi.bench.targets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Invalidating everything cached about one form when Redis holds a million entries of it: the tag bump the API
 * does on every write ({@code POST /admin/cache/invalidate/forms/{id}}, one INCR) against the SCAN + UNLINK purge
 * of the same entries ({@code POST /admin/cache/invalidate/pattern}), which is what pattern invalidation costs.
 */
final class InvalidationRow {

    private static final int PIPELINE = 10_000;
    private static final int TAG_RUNS = 5;
    /** The filled keys expire by themselves, in case the run stops before the purge. */
    private static final String TTL_MILLIS = "900000";

    private final Settings settings;
    private final Deployment deployment;
    private final DemoSet demo;
    private final DemoSet.Form form;
    private final DemoSet.Form other;

    InvalidationRow(Settings settings, Deployment deployment, DemoSet demo, DemoSet.Form form, DemoSet.Form other) {
        this.settings = settings;
        this.deployment = deployment;
        this.demo = demo;
        this.form = form;
        this.other = other;
    }

    Row run() throws IOException {
        String pattern = "api:response:" + form.id() + ":*";
        try (Api api = new Api(deployment.cached().get(0).http())) {
            // the form's tag version exists once something depending on it is cached, as in real use
            api.get("/api/v1/forms/" + form.id() + "/public", null);
            for (int i = 0; i < 3; i++) {
                api.post("/api/v1/admin/cache/invalidate/forms/" + other.id(), demo.adminToken(), null);
            }
            api.post("/api/v1/admin/cache/invalidate/pattern", demo.adminToken(),
                    Map.of("pattern", "api:response:" + other.id() + ":*"));
            fill();
            Progress.say("timing " + TAG_RUNS + " tag invalidations, then the purge");
            double[] tagMillis = new double[TAG_RUNS];
            for (int i = 0; i < TAG_RUNS; i++) {
                long start = System.nanoTime();
                api.post("/api/v1/admin/cache/invalidate/forms/" + form.id(), demo.adminToken(), null);
                tagMillis[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(tagMillis);
            double tag = tagMillis[TAG_RUNS / 2];
            long start = System.nanoTime();
            long removed = api.post("/api/v1/admin/cache/invalidate/pattern", demo.adminToken(),
                    Map.of("pattern", pattern)).path("removed").asLong();
            double purge = (System.nanoTime() - start) / 1e6;
            double ratio = purge / tag;
            return new Row("invalidate one form holding " + String.format("%,d", settings.keys())
                    + " cached keys, ms: tag bump (median of " + TAG_RUNS + ") vs SCAN+UNLINK purge (purge/tag)",
                    Row.number(tag), Row.number(purge) + " (" + String.format("%,d", removed) + " removed)",
                    Row.ratio(ratio), "≥ 100x", ratio >= 100 && removed == settings.keys());
        }
    }

    /** Pipelined SETs of keys shaped like the form's response-cache entries, under the API's key prefix. */
    private void fill() throws IOException {
        Progress.say("filling the API's Redis with " + String.format("%,d", settings.keys()) + " keys of form "
                + form.id());
        String value = "{\"e\":1,\"t\":{\"form:" + form.id() + "\":1},\"v\":\"" + "x".repeat(150) + "\"}";
        try (RedisClient redis = new RedisClient(deployment.apiRedisPort())) {
            List<String[]> batch = new ArrayList<>(PIPELINE);
            for (int i = 0; i < settings.keys(); i++) {
                batch.add(new String[] {"SET", "forms-api:api:response:" + form.id() + ":" + String.format("%016x", i),
                        value, "PX", TTL_MILLIS});
                if (batch.size() == PIPELINE) {
                    redis.pipeline(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                redis.pipeline(batch);
            }
            Progress.say("Redis now holds " + redis.command("DBSIZE") + " keys");
        }
    }
}
