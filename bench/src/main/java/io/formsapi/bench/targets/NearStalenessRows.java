package io.formsapi.bench.targets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How long after a write has been answered on one instance another instance's near cache still serves the old
 * value, under write load. A form of the benchmark's own is updated (a new title) on {@code api-1} while
 * {@code api-1} and {@code api-3} take submissions to the hottest forms; before each update the other instance reads
 * the form's public view until it holds it, and after the update's answer it reads it again and again until the new
 * title shows; then the same with the owner's authenticated {@code GET /api/v1/forms/{id}}, whose versions are
 * read with the owner's auth context. The delay counts from the update's answer to the moment the first read that showed it was sent: an
 * upper bound of how long the reading instance still served the old title, to within one read's time when it did;
 * the same on {@code api-2}, which has no near cache, for comparison.
 */
final class NearStalenessRows {

    private static final int UPDATES = 200;
    private static final int WRITERS = 4;
    private static final Duration GIVE_UP = Duration.ofSeconds(5);
    private static final List<Map<String, Object>> FIELDS = List.of(
            Map.of("id", "rating", "label", "Rating", "type", "rating"));

    private final Settings settings;
    private final Deployment deployment;
    private final DemoSet demo;
    private final Notes notes;

    NearStalenessRows(Settings settings, Deployment deployment, DemoSet demo, Notes notes) {
        this.settings = settings;
        this.deployment = deployment;
        this.demo = demo;
        this.notes = notes;
    }

    /** The delays of one instance, and how many old answers it gave after the updates were answered. */
    private record Delays(double[] millis, int staleAnswers) {

        double percentile(double p) {
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
        }
    }

    List<Row> run() throws IOException {
        Endpoint writer = deployment.cached().get(0).http();
        Endpoint near = deployment.cached().get(2).http();
        Endpoint redisOnly = deployment.redisOnly().http();
        DemoSet.User owner = demo.users().get(0);
        String path;
        List<HttpRequest> submissions = new ArrayList<>();
        try (Api api = new Api(writer)) {
            String id = api.post("/api/v1/forms", owner.token(), Map.of("title", "t0", "fields", FIELDS)).path("id")
                    .asString();
            api.post("/api/v1/forms/" + id + "/publish", owner.token(), null);
            path = "/api/v1/forms/" + id;
            for (DemoSet.Form form : demo.ranked().subList(0, Math.min(20, demo.ranked().size()))) {
                String base = "/api/v1/forms/" + form.id();
                submissions.add(HttpRequest.post(base + "/responses", null,
                        DemoSet.submission(api.get(base + "/public", null))));
            }
        }
        Progress.say("near staleness: " + UPDATES + " updates on api-1, read on api-3 (near) and api-2 (Redis only), "
                + "under " + WRITERS + " connections of submissions");
        String shape = UPDATES + " updates answered on api-1, " + WRITERS + " connections submitting meanwhile";
        HttpRequest publicView = HttpRequest.get(path + "/public", null);
        HttpRequest ownersView = HttpRequest.get(path, owner.token());
        Delays anonymousNear = measure(writer, near, path, owner, publicView, submissions, 0);
        Delays anonymousRedis = measure(writer, redisOnly, path, owner, publicView, submissions, UPDATES);
        Delays ownerNear = measure(writer, near, path, owner, ownersView, submissions, 2 * UPDATES);
        Delays ownerRedis = measure(writer, redisOnly, path, owner, ownersView, submissions, 3 * UPDATES);
        return List.of(row("anonymous public view", shape, anonymousNear, anonymousRedis),
                row("the owner's form GET", shape, ownerNear, ownerRedis));
    }

    private static Row row(String read, String shape, Delays near, Delays redisOnly) {
        return new Row("near cache staleness across instances under write load, " + read + ": ms from an update "
                + "answered to the sending of the first read that showed it, p50 / p99 (" + shape + "; api-3 with the "
                + "near cache / api-2 without; old answers seen after the update was answered)",
                Row.number(near.percentile(50)) + " / " + Row.number(near.percentile(99)) + " ("
                        + near.staleAnswers() + " old)",
                Row.number(redisOnly.percentile(50)) + " / " + Row.number(redisOnly.percentile(99)) + " ("
                        + redisOnly.staleAnswers() + " old)",
                "-", "p99 ≤ 5 ms", near.percentile(99) <= 5);
    }

    private Delays measure(Endpoint writer, Endpoint reader, String path, DemoSet.User owner, HttpRequest view,
            List<HttpRequest> submissions, int firstTitle) throws IOException {
        Duration writing = Duration.ofSeconds(Math.max(30, settings.seconds() * 4L));
        CompletableFuture<LoadResult> load = CompletableFuture.supplyAsync(() -> Load.run(WRITERS, writing,
                random -> new Load.Call(random.nextBoolean() ? writer : reader,
                        submissions.get(random.nextInt(submissions.size())))));
        double[] delays = new double[UPDATES];
        int stale = 0;
        try (Api write = new Api(writer); Api read = new Api(reader)) {
            for (int i = 0; i < UPDATES; i++) {
                String before = "t" + (firstTitle + i);
                String after = "t" + (firstTitle + i + 1);
                for (int held = 0; held < 3 || !before.equals(title(read, view)); held++) {
                    if (held > 1000) {
                        throw new IOException("the public view never showed " + before);
                    }
                }
                HttpResponse updated = write.send(new HttpRequest("PUT", path, owner.token(), Api.JSON
                        .writeValueAsString(Map.of("title", after, "fields", FIELDS))
                        .getBytes(StandardCharsets.UTF_8), "application/json"));
                long answered = System.nanoTime();
                if (!updated.ok()) {
                    throw new IOException("the update answered " + updated.status() + ": " + updated.text());
                }
                long asked = System.nanoTime();
                while (!after.equals(title(read, view))) {
                    stale++;
                    asked = System.nanoTime();
                    if (asked - answered > GIVE_UP.toNanos()) {
                        throw new IOException("the public view still showed " + before + " after " + GIVE_UP);
                    }
                }
                delays[i] = (asked - answered) / 1e6;
            }
        }
        notes.check("near staleness, submissions", load.join());
        return new Delays(delays, stale);
    }

    private static String title(Api api, HttpRequest view) throws IOException {
        HttpResponse response = api.send(view);
        return response.ok() ? Api.JSON.readTree(response.body()).path("title").asString() : "";
    }
}
