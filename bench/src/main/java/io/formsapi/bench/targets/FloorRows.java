package io.formsapi.bench.targets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a cached form read costs above the framework's floor, on one cached API instance: a trivial authenticated
 * endpoint ({@code GET /api/v1/users/me}, which reads only the caller's auth context), the owner's cached
 * {@code GET /api/v1/forms/{id}}, and the anonymous cached read of the same form (its public view). One published
 * form per demo user who owns one; the three run one after another in each of the alternating rounds.
 */
final class FloorRows {

    private final Settings settings;
    private final Endpoint api;
    private final DemoSet demo;
    private final Notes notes;

    FloorRows(Settings settings, Deployment deployment, DemoSet demo, Notes notes) {
        this.settings = settings;
        this.api = deployment.cached().get(0).http();
        this.demo = demo;
        this.notes = notes;
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
                + " s");
        Duration warmUp = Duration.ofSeconds(settings.warmupSeconds());
        for (List<HttpRequest> requests : List.of(floor, authenticated, anonymous)) {
            Load.run(settings.concurrency(), warmUp, Load.uniform(api, requests));
        }
        List<LoadResult> floorRuns = new ArrayList<>();
        List<LoadResult> authenticatedRuns = new ArrayList<>();
        List<LoadResult> anonymousRuns = new ArrayList<>();
        Duration round = Duration.ofSeconds(settings.seconds());
        for (int i = 0; i < settings.rounds(); i++) {
            floorRuns.add(notes.check("floor, GET /users/me", Load.run(settings.concurrency(), round,
                    Load.uniform(api, floor))));
            authenticatedRuns.add(notes.check("floor, authenticated form GET", Load.run(settings.concurrency(),
                    round, Load.uniform(api, authenticated))));
            anonymousRuns.add(notes.check("floor, anonymous form GET", Load.run(settings.concurrency(), round,
                    Load.uniform(api, anonymous))));
        }
        String shape = floor.size() + " forms, " + settings.concurrency() + " connections, x" + settings.rounds()
                + ", median of the rounds' ratios";
        double toFloor = Rounds.medianRatio(authenticatedRuns, floorRuns);
        double toAnonymous = Rounds.medianRatio(authenticatedRuns, anonymousRuns);
        return List.of(
                new Row("authenticated cached form GET against the floor (GET /users/me), req/s (" + shape + ")",
                        Row.number(Rounds.meanRate(authenticatedRuns)) + " (" + Rounds.rates(authenticatedRuns) + ")",
                        Row.number(Rounds.meanRate(floorRuns)) + " (" + Rounds.rates(floorRuns) + ")",
                        Row.ratio(toFloor), "≥ 0.95x (with the near cache)", toFloor >= 0.95),
                new Row("authenticated cached form GET against the anonymous cached read of the same form, req/s ("
                        + shape + ")",
                        Row.number(Rounds.meanRate(authenticatedRuns)) + " (" + Rounds.rates(authenticatedRuns) + ")",
                        Row.number(Rounds.meanRate(anonymousRuns)) + " (" + Rounds.rates(anonymousRuns) + ")",
                        Row.ratio(toAnonymous), "≥ 0.9x", toAnonymous >= 0.9));
    }
}
