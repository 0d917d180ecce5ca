package io.formsapi.bench.targets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's arguments, each {@code --name=value}; every one but the jars has a default sized for a whole run
 * of about ten minutes on two cores.
 *
 * @param apiJar       the API's executable jar ({@code target/forms-api-*-exec.jar})
 * @param peerJar      the peer's jar ({@code bench/peer/target/forms-api-peer.jar})
 * @param seconds      length of each measured load
 * @param warmupSeconds unmeasured load before the measured ones, so that both sides run compiled code
 * @param rounds       alternating rounds of the API and the peer (A/B/A/B) for the public form rows
 * @param concurrency  connections of each load
 * @param mixSeconds   length of each measured run of the read/write mix
 * @param mixForms     forms the mix spreads over (Zipf 0.99 by rank)
 * @param coldForms    distinct cold forms read one at a time for the miss latency
 * @param burst        concurrent requests for one cold key
 * @param burstKeys    cold keys per burst row
 * @param keys         entries of one form in Redis for the invalidation row
 * @param keep         keep the temporary directory (logs, store data) after the run
 * @param groups       the groups of rows to measure, by default all of {@link #CACHE_GROUPS}; {@code store} (the
 *                     embedded store before and after its indexes, some ten minutes more) only when named
 * @param storeSizes   the demo sizes the store rows load, in responses
 * @param storeWarmup  unmeasured sequential requests per read on the indexed store before its samples, enough
 *                     for the compiler to have settled
 * @param storeSamples sequential requests per read on the indexed store
 * @param storeBeforeSamples sequential requests per read on the library's scanning store (seconds each at 1M)
 * @param apiEnv       settings given to every API instance besides the benchmark's own
 *                     ({@code --api-env=NAME=VALUE;NAME=VALUE}), to measure one setting against its default
 */
record Settings(Path apiJar, Path peerJar, int seconds, int warmupSeconds, int rounds, int concurrency,
        int mixSeconds, int mixForms, int coldForms, int burst, int burstKeys, int keys, boolean keep,
        Set<String> groups, List<Integer> storeSizes, int storeWarmup, int storeSamples, int storeBeforeSamples,
        Map<String, String> apiEnv) {

    static final List<String> CACHE_GROUPS = List.of("public", "floor", "reads", "mix", "staleness", "bursts",
            "invalidation");
    static final List<String> GROUPS = List.of("public", "floor", "reads", "mix", "staleness", "bursts",
            "invalidation", "store");

    static Settings parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("arguments are --name=value, got " + arg);
            }
            int eq = arg.indexOf('=');
            given.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "true" : arg.substring(eq + 1));
        }
        Set<String> groups = Set.of(given.getOrDefault("rows", String.join(",", CACHE_GROUPS)).split(","));
        // Only the public form's rows compare with the peer: without them it is neither needed nor started.
        String peerJar = given.remove("peer-jar");
        Settings settings = new Settings(jar(given.remove("api-jar"), "api-jar"),
                groups.contains("public") || peerJar != null ? jar(peerJar, "peer-jar") : null,
                number(given, "seconds", 12),
                number(given, "warmup-seconds", 20), number(given, "rounds", 3), number(given, "concurrency", 32),
                number(given, "mix-seconds", 30), number(given, "mix-forms", 100), number(given, "cold-forms", 300),
                number(given, "burst", 1000), number(given, "burst-keys", 5), number(given, "keys", 1_000_000),
                Boolean.parseBoolean(given.getOrDefault("keep", "false")),
                groups,
                Arrays.stream(given.getOrDefault("store-sizes", "100000,1000000").split(",")).map(Integer::valueOf)
                        .toList(), number(given, "store-warmup", 200), number(given, "store-samples", 50),
                number(given, "store-before-samples", 5),
                environment(given.remove("api-env")));
        given.remove("keep");
        given.remove("rows");
        given.remove("store-sizes");
        if (!GROUPS.containsAll(settings.groups())) {
            throw new IllegalArgumentException("--rows takes a comma-separated subset of " + GROUPS);
        }
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown arguments: " + given.keySet());
        }
        return settings;
    }

    private static int number(Map<String, String> given, String name, int fallback) {
        String value = given.remove(name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static Map<String, String> environment(String value) {
        Map<String, String> env = new HashMap<>();
        if (value != null) {
            for (String setting : value.split(";")) {
                int eq = setting.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--api-env takes NAME=VALUE;NAME=VALUE, got " + value);
                }
                env.put(setting.substring(0, eq), setting.substring(eq + 1));
            }
        }
        return Map.copyOf(env);
    }

    private static Path jar(String value, String name) {
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            throw new IllegalArgumentException("--" + name + "=<path of an existing jar> is required, got " + value);
        }
        return Path.of(value).toAbsolutePath();
    }

    boolean measures(String group) {
        return groups.contains(group);
    }

    String describe() {
        return "--seconds=" + seconds + " --warmup-seconds=" + warmupSeconds + " --rounds=" + rounds
                + " --concurrency=" + concurrency + " --mix-seconds=" + mixSeconds + " --mix-forms=" + mixForms
                + " --cold-forms=" + coldForms + " --burst=" + burst + " --burst-keys=" + burstKeys + " --keys=" + keys
                + (groups.equals(Set.copyOf(CACHE_GROUPS)) ? ""
                        : " --rows=" + String.join(",", GROUPS.stream().filter(groups::contains).toList()))
                + (groups.contains("store") ? " --store-sizes=" + String.join(",",
                        storeSizes.stream().map(String::valueOf).toList()) + " --store-warmup=" + storeWarmup
                        + " --store-samples=" + storeSamples
                        + " --store-before-samples=" + storeBeforeSamples : "")
                + (apiEnv.isEmpty() ? "" : " --api-env=" + String.join(";", apiEnv.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).sorted().toList()));
    }
}
