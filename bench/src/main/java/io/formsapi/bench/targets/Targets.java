package io.formsapi.bench.targets;

import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The cache targets in one run: starts its own Redis servers, store, demo data, API instances and peer (see
 * {@link Deployment}), measures every row over real HTTP, prints one table, and stops everything it started.
 * Run through {@code bench/targets}, which builds the jars first; see docs/BENCHMARKS.md.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.formsapi.bench.targets.Targets
 *     --api-jar=target/forms-api-0.1.0-SNAPSHOT-exec.jar --peer-jar=bench/peer/target/forms-api-peer.jar</pre>
 */
public final class Targets {

    private Targets() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Notes notes = new Notes();
        List<Row> rows = new ArrayList<>();
        if (settings.measures("store")) {
            rows.addAll(new StoreRows(settings, notes).run());
        }
        if (Settings.CACHE_GROUPS.stream().anyMatch(settings::measures)) {
            rows.addAll(cacheRows(settings, notes));
        }
        System.out.println();
        System.out.printf("Cache targets, %s, %d cores, Java %s, load average %.2f at the start, %.0f s in all;"
                + "%n%s%n%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                loadAtStart, Progress.elapsedSeconds(), settings.describe());
        System.out.print(Row.table(rows));
        long met = rows.stream().filter(r -> Boolean.TRUE.equals(r.met())).count();
        long judged = rows.stream().filter(r -> r.met() != null).count();
        System.out.printf("%nTargets met: %d of %d.%n", met, judged);
        if (!notes.lines().isEmpty()) {
            System.out.println();
            System.out.println("Notes:");
            notes.lines().forEach(l -> System.out.println("- " + l));
        }
    }

    /** The rows that need the cache deployment: Redis servers, the API instances and the peer. */
    private static List<Row> cacheRows(Settings settings, Notes notes) throws Exception {
        List<Row> rows = new ArrayList<>();
        Deployment deployment = Deployment.start(settings);
        try {
            DemoSet demo;
            try (Api api = new Api(deployment.cached().get(0).http())) {
                demo = DemoSet.discover(api, deployment.adminPassword(), 2 * settings.burstKeys() + 4);
            }
            List<DemoSet.Form> reserved = demo.reserved();
            if (settings.measures("public")) {
                rows.addAll(new PublicFormRows(settings, deployment, demo, notes).run());
            }
            if (settings.measures("floor")) {
                rows.addAll(new FloorRows(settings, deployment, demo, notes).run());
            }
            if (settings.measures("reads")) {
                rows.addAll(new CachedReadRows(settings, deployment, demo, notes).run());
            }
            if (settings.measures("mix")) {
                rows.addAll(new MixRows(settings, deployment, demo, notes).run());
            }
            if (settings.measures("staleness")) {
                rows.addAll(new NearStalenessRows(settings, deployment, demo, notes).run());
            }
            if (settings.measures("bursts")) {
                int keys = settings.burstKeys() + 1;
                rows.addAll(new ColdKeyRows(settings, deployment, reserved.subList(0, keys),
                        reserved.subList(keys, 2 * keys), notes).run());
            }
            if (settings.measures("invalidation")) {
                rows.add(new InvalidationRow(settings, deployment, demo, reserved.get(reserved.size() - 2),
                        reserved.get(reserved.size() - 1)).run());
            }
            List<String> errors = deployment.apiLogLines(" ERROR ");
            if (!errors.isEmpty()) {
                notes.add(errors.size() + " ERROR lines in the API instances' logs, e.g.:");
                errors.stream().limit(5).forEach(e -> notes.add("    " + Notes.abbreviate(e)));
            }
            List<String> openings = deployment.apiLogLines(Deployment.BREAKER_OPENED);
            if (!openings.isEmpty()) {
                Map<String, Long> byInstance = openings.stream().collect(Collectors.groupingBy(
                        l -> l.substring(0, l.indexOf(':')), TreeMap::new, Collectors.counting()));
                notes.add("over the whole run, the Redis circuit breaker opened " + openings.size()
                        + " times (by instance: " + byInstance + ")");
            }
        } catch (Exception | Error e) {
            deployment.markFailed();
            throw e;
        } finally {
            Progress.say("stopping every process started");
            deployment.close();
        }
        return rows;
    }
}
