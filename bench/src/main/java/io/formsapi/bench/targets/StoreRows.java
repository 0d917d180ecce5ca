package io.formsapi.bench.targets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The embedded store's uncached reads, before and after its indexes, at each demo size: the demo data is loaded
 * into the API's store, an API instance with the cache off reads one form's response list, a search and each
 * widget type one request at a time (p50 and p99 of the latencies), then the same file is opened by the library's
 * own H2 backend (the store before, which scans) and the same requests are read again. Also the time the demo
 * data took to load, and the store's start-up time and heap with it. Independent of the cache deployment.
 */
final class StoreRows {

    private static final String STORE_MAIN = "io.formsapi.store.StandaloneStore";
    private static final String DEMO_MAIN = "io.formsapi.demo.DemoData";
    private static final String LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";
    private static final long TIMEOUT_SECONDS = 1_800;
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final Settings settings;
    private final Notes notes;
    private final String adminPassword = UUID.randomUUID().toString();
    private final List<Launched> started = new ArrayList<>();

    StoreRows(Settings settings, Notes notes) {
        this.settings = settings;
        this.notes = notes;
    }

    List<Row> run() throws Exception {
        List<Row> rows = new ArrayList<>();
        try {
            for (int responses : settings.storeSizes()) {
                rows.addAll(measure(responses));
            }
        } finally {
            started.forEach(process -> process.stop(60));
        }
        return rows;
    }

    private List<Row> measure(int responses) throws Exception {
        Path dir = Files.createTempDirectory("forms-store-rows-");
        Path data = dir.resolve("store-data");
        String size = String.format("%,d", responses);
        Progress.say("store rows at " + size + " responses, in " + dir);
        int port = FreePorts.next();
        Launched store = launch(dir, "store-" + responses, java("-cp", settings.apiJar().toString(),
                "-Dloader.main=" + STORE_MAIN, LAUNCHER, Integer.toString(port), data.toString()), Map.of());
        Wait.until("the store", TIMEOUT_SECONDS, store, () -> Wait.listening(port));
        Launched demo = launch(dir, "demo-" + responses, java("-cp", settings.apiJar().toString(),
                "-Dloader.main=" + DEMO_MAIN, LAUNCHER, "--forms.demo.responses=" + responses), apiEnv(port, 0, 0));
        if (demo.await(TIMEOUT_SECONDS) != 0) {
            throw new IllegalStateException("loading the demo data failed:\n" + demo.tail(30));
        }
        String loaded = demo.tail(3).lines().filter(l -> l.startsWith("Loaded")).findFirst().orElse("?");
        Progress.say(loaded);
        store.stop(120);

        long opening = System.nanoTime();
        store = launch(dir, "store-" + responses + "-restarted", java("-cp", settings.apiJar().toString(),
                "-Dloader.main=" + STORE_MAIN, LAUNCHER, Integer.toString(port), data.toString()), Map.of());
        Wait.until("the store with the demo data", TIMEOUT_SECONDS, store, () -> Wait.listening(port));
        double startSeconds = (System.nanoTime() - opening) / 1e9;
        long heapMb = heapAfterGc(store);
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("embedded store with " + size + " responses: demo data load (" + loaded
                + "); start-up s and heap MB after a full GC, indexes built", Row.number(startSeconds) + " s, "
                + heapMb + " MB", "-", "-", "-", null));

        StartedApi api = startApi(dir, "api-" + responses, port);
        Map<String, List<HttpRequest>> reads;
        String formDescription;
        try (Api client = new Api(api.http(), 600_000)) {
            DemoSet demoSet = DemoSet.discover(client, adminPassword, 0);
            DemoSet.Form hottest = demoSet.ranked().get(0);
            formDescription = "hottest form, " + String.format("%,d", hottest.responses()) + " responses";
            reads = reads(client, hottest);
        }
        Map<String, LoadResult> after = timeAll(api.http(), reads, settings.storeWarmup(), settings.storeSamples());
        api.process().stop(60);
        store.stop(120);

        Progress.say("the library's own backend on the same file");
        Launched library = launch(dir, "library-store-" + responses, java("-cp", benchJar(),
                LibraryStore.class.getName(), Integer.toString(port), data.toString()), Map.of());
        Wait.until("the library's store", TIMEOUT_SECONDS, library, () -> Wait.listening(port));
        StartedApi apiBefore = startApi(dir, "api-before-" + responses, port);
        Map<String, LoadResult> before = timeAll(apiBefore.http(), reads, 1, settings.storeBeforeSamples());
        apiBefore.process().stop(60);
        library.stop(120);
        if (settings.keep()) {
            Progress.say("logs and data kept in " + dir);
        } else {
            Deployment.delete(dir);
        }

        for (String read : reads.keySet()) {
            LoadResult a = notes.check(read + " at " + size + ", indexed", after.get(read));
            LoadResult b = notes.check(read + " at " + size + ", library", before.get(read));
            double ratio = b.percentileMillis(50) / a.percentileMillis(50);
            boolean judged = responses >= 1_000_000;
            rows.add(new Row(read + ", uncached p50 / p99 ms (" + formDescription + ", " + size + " in all; "
                    + a.latencies().length + " / " + b.latencies().length + " sequential requests; indexed / "
                    + "library scan)", millis(a), millis(b), Row.ratio(ratio),
                    judged ? "p50 ≤ 10 ms and ≥ 20x" : "-",
                    judged ? a.percentileMillis(50) <= 10 && ratio >= 20 : null));
        }
        return rows;
    }

    /** One request per read: the response list, a search with a free word, and one widget of each type. */
    private static Map<String, List<HttpRequest>> reads(Api client, DemoSet.Form form) throws IOException {
        String token = form.owner().token();
        String formPath = "/api/v1/forms/" + form.id();
        JsonNode fields = client.get(formPath, token).path("fields");
        String numeric = null;
        String choice = null;
        for (JsonNode field : fields) {
            String type = field.path("type").asString();
            if (numeric == null && (type.equals("number") || type.equals("rating"))) {
                numeric = field.path("id").asString();
            }
            if (choice == null && (type.equals("single_choice") || type.equals("multi_choice"))) {
                choice = field.path("id").asString();
            }
        }
        Map<String, List<HttpRequest>> reads = new LinkedHashMap<>();
        reads.put("response list", List.of(HttpRequest.get(formPath + "/responses?size=20", token)));
        reads.put("search", List.of(HttpRequest.get(formPath + "/search?q=refund", token)));
        Map<String, Map<String, Object>> widgets = new LinkedHashMap<>();
        widgets.put("count", Map.of("formId", form.id(), "type", "count"));
        widgets.put("timeseries", Map.of("formId", form.id(), "type", "timeseries", "days", 30));
        widgets.put("numeric_stats", Map.of("formId", form.id(), "type", "numeric_stats", "fieldId", numeric));
        widgets.put("choice_distribution", Map.of("formId", form.id(), "type", "choice_distribution",
                "fieldId", choice));
        widgets.put("latest", Map.of("formId", form.id(), "type", "latest"));
        for (Map.Entry<String, Map<String, Object>> widget : widgets.entrySet()) {
            String id = client.post("/api/v1/dashboard/widgets", token, widget.getValue()).path("id").asString();
            reads.put("widget " + widget.getKey(), List.of(HttpRequest.get("/api/v1/dashboard/widgets/" + id, token)));
        }
        return reads;
    }

    /**
     * Every read {@code warmup} times unmeasured (compiled code, a warm page cache), then each {@code samples}
     * times in turn, so that no read is measured while the compiler still works on the ones after it. The scanning
     * store gets one warm-up request per read: each costs it seconds at a million responses.
     */
    private static Map<String, LoadResult> timeAll(Endpoint endpoint, Map<String, List<HttpRequest>> reads,
            int warmup, int samples) {
        Progress.say("every read " + warmup + " times unmeasured");
        for (List<HttpRequest> read : reads.values()) {
            Load.run(1, null, Load.once(endpoint, Collections.nCopies(warmup, read.get(0))));
        }
        Map<String, LoadResult> results = new HashMap<>();
        for (Map.Entry<String, List<HttpRequest>> read : reads.entrySet()) {
            Progress.say(read.getKey() + ": " + samples + " requests");
            results.put(read.getKey(), Load.run(1, null, Load.once(endpoint,
                    Collections.nCopies(samples, read.getValue().get(0)))));
        }
        return results;
    }

    private static String millis(LoadResult result) {
        return Row.number(result.percentileMillis(50)) + " / " + Row.number(result.percentileMillis(99));
    }

    /** An API instance this class started, and where it answers. */
    private record StartedApi(Launched process, Endpoint http) {
    }

    private StartedApi startApi(Path dir, String name, int storePort) throws IOException {
        int port = FreePorts.next();
        int management = FreePorts.next();
        Launched api = launch(dir, name, java("-jar", settings.apiJar().toString()),
                apiEnv(storePort, port, management));
        Endpoint endpoint = Endpoint.loopback(port);
        Wait.until(name, TIMEOUT_SECONDS, api, () -> Wait.ok(endpoint, "/readyz"));
        return new StartedApi(api, endpoint);
    }

    /** An API, or the demo loader, on the store: the cache, rate limits and warm-up off, as in the cache rows. */
    private Map<String, String> apiEnv(int storePort, int port, int management) {
        Map<String, String> env = new HashMap<>();
        env.put("MONGODB_URI", "mongodb://127.0.0.1:" + storePort + "/forms");
        env.put("CACHE_ENABLED", "false");
        env.put("RATE_LIMITS_ENABLED", "false");
        env.put("FORMS_CACHE_WARMUP_ON_STARTUP", "false");
        if (port > 0) {
            env.put("PORT", Integer.toString(port));
            env.put("SERVER_ADDRESS", "127.0.0.1");
            env.put("MANAGEMENT_PORT", Integer.toString(management));
            env.put("MANAGEMENT_ADDRESS", "127.0.0.1");
            env.put("ADMIN_EMAIL", Deployment.ADMIN_EMAIL);
            env.put("ADMIN_PASSWORD", adminPassword);
        }
        return env;
    }

    /** The heap in use after a full collection, as jcmd reports it for the process. */
    private static long heapAfterGc(Launched process) throws IOException, InterruptedException {
        jcmd(process, "GC.run");
        Matcher used = HEAP_USED.matcher(jcmd(process, "GC.heap_info"));
        return used.find() ? Long.parseLong(used.group(1)) / 1024 : -1;
    }

    private static String jcmd(Launched process, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor(60, TimeUnit.SECONDS);
        return output;
    }

    private Launched launch(Path dir, String name, List<String> command, Map<String, String> env) throws IOException {
        Launched launched = Launched.start(name, command, env, dir);
        started.add(launched);
        return launched;
    }

    private static String benchJar() {
        return Path.of(StoreRows.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
    }

    private static List<String> java(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args));
        return command;
    }
}
