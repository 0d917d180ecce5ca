package io.formsapi.bench.targets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What a cached form read costs above the framework's floor, on one cached API instance: a trivial authenticated
 * endpoint ({@code GET /api/v1/users/me}, which reads only the caller's auth context), the owner's cached
 * {@code GET /api/v1/forms/{id}}, and the anonymous cached read of the same form (its public view). One published
 * form per demo user who owns one; the three run one after another in each of the rounds, in reverse order every
 * other round, on the instance with the near cache ({@code api-1}) and, for comparison, on the one without
 * ({@code api-2}).
 */
final class FloorRows {

    private final Settings settings;
    private final Endpoint near;
    private final Endpoint redisOnly;
    private final DemoSet demo;
    private final Notes notes;

    FloorRows(Settings settings, Deployment deployment, DemoSet demo, Notes notes) {
        this.settings = settings;
        this.near = deployment.cached().get(0).http();
        this.redisOnly = deployment.redisOnly().http();
        this.demo = demo;
        this.notes = notes;
    }

    /** The three loads of one instance, each a list of rounds. */
    private record Runs(List<LoadResult> floor, List<LoadResult> authenticated, List<LoadResult> anonymous) {
    }

    List<Row> run() {
        List<HttpRequest> floor = new ArrayList<>();
        List<HttpRequest> authenticated = new ArrayList<>();
        List<HttpRequest> anonymous = new ArrayList<>();
        for (DemoSet.User user : demo.users()) {
            Optional<DemoSet.Form> owned = demo.ranked().stream().filter(f -> f.owner().equals(user)).findFirst();
            owned.ifPresent(form -> {
                floor.add(HttpRequest.get("/api/v1/users/me", user.token()));
                authenticated.add(HttpRequest.get("/api/v1/forms/" + form.id(), user.token()));
                anonymous.add(HttpRequest.get("/api/v1/forms/" + form.id() + "/public", null));
            });
        }
        Progress.say("floor: priming with " + floor.size() + " users' forms, then rounds of 3 x " + settings.seconds()
                + " s on the instance with the near cache and on the one without");
        Duration warmUp = Duration.ofSeconds(settings.warmupSeconds());
        for (Endpoint api : List.of(near, redisOnly)) {
            for (List<HttpRequest> requests : List.of(floor, authenticated, anonymous)) {
                Load.run(settings.concurrency(), warmUp, Load.uniform(api, requests));
            }
        }
        Runs withNear = new Runs(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Runs throughRedis = new Runs(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < settings.rounds(); i++) {
            boolean reversed = i % 2 == 1;
            round("near cache", near, floor, authenticated, anonymous, withNear, reversed);
            round("Redis only", redisOnly, floor, authenticated, anonymous, throughRedis, reversed);
        }
        String shape = floor.size() + " forms, " + settings.concurrency() + " connections, x" + settings.rounds()
                + ", median of the rounds' ratios";
        List<Row> rows = new ArrayList<>();
        rows.addAll(rows(withNear, shape + ", near cache", "≥ 0.95x", "≥ 0.9x"));
        rows.addAll(rows(throughRedis, shape + ", Redis only (no near cache)", null, null));
        return rows;
    }

    /**
     * The three loads of a round, in the order floor, authenticated, anonymous, or the reverse: alternating rounds
     * give each load the same neighbours before and after, so that neither gains from the compiler's or the
     * machine's drift over a round.
     */
    private void round(String what, Endpoint api, List<HttpRequest> floor, List<HttpRequest> authenticated,
            List<HttpRequest> anonymous, Runs runs, boolean reversed) {
        Duration round = Duration.ofSeconds(settings.seconds());
        List<Runnable> loads = new ArrayList<>(List.of(
                () -> runs.floor().add(load("floor, GET /users/me, " + what, round, Load.uniform(api, floor))),
                () -> runs.authenticated().add(load("floor, authenticated form GET, " + what, round,
                        Load.uniform(api, authenticated))),
                () -> runs.anonymous().add(load("floor, anonymous form GET, " + what, round,
                        Load.uniform(api, anonymous)))));
        if (reversed) {
            Collections.reverse(loads);
        }
        loads.forEach(Runnable::run);
    }

    /** One timed load, announced as it starts so that whoever watches the run can tell the loads apart. */
    private LoadResult load(String what, Duration duration, Load.Calls calls) {
        Progress.say(what + ": " + duration.toSeconds() + " s");
        return notes.check(what, Load.run(settings.concurrency(), duration, calls));
    }

    /** The two rows of one instance; without targets (null) for the instance measured for comparison. */
    private static List<Row> rows(Runs runs, String shape, String floorTarget, String anonymousTarget) {
        double toFloor = Rounds.medianRatio(runs.authenticated(), runs.floor());
        double toAnonymous = Rounds.medianRatio(runs.authenticated(), runs.anonymous());
        String authenticated = Row.number(Rounds.meanRate(runs.authenticated())) + " ("
                + Rounds.rates(runs.authenticated()) + ")";
        return List.of(
                new Row("authenticated cached form GET against the floor (GET /users/me), req/s (" + shape + ")",
                        authenticated, Row.number(Rounds.meanRate(runs.floor())) + " (" + Rounds.rates(runs.floor())
                                + ")", Row.ratio(toFloor), floorTarget == null ? "-" : floorTarget,
                        floorTarget == null ? null : toFloor >= 0.95),
                new Row("authenticated cached form GET against the anonymous cached read of the same form, req/s ("
                        + shape + ")", authenticated, Row.number(Rounds.meanRate(runs.anonymous())) + " ("
                                + Rounds.rates(runs.anonymous()) + ")", Row.ratio(toAnonymous),
                        anonymousTarget == null ? "-" : anonymousTarget,
                        anonymousTarget == null ? null : toAnonymous >= 0.9));
    }
}
