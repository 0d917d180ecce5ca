package io.formsapi.bench.targets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Loads per cold key: many concurrent requests for one key no instance has cached yet, spread round-robin over the
 * three instances that share one Redis, and how many times the loader ran for it in all of them
 * ({@code cache_loads_total} of the key's type). One load per key is the goal.
 */
final class ColdKeyRows {

    private final Settings settings;
    private final Deployment deployment;
    private final List<Deployment.Instance> instances;
    private final List<DemoSet.Form> widgetForms;
    private final List<DemoSet.Form> listForms;
    private final Notes notes;

    ColdKeyRows(Settings settings, Deployment deployment, List<DemoSet.Form> widgetForms,
            List<DemoSet.Form> listForms, Notes notes) {
        this.settings = settings;
        this.deployment = deployment;
        this.instances = deployment.cached();
        this.widgetForms = widgetForms;
        this.listForms = listForms;
        this.notes = notes;
    }

    /** The first form of each list is a warm-up burst, not counted: the instances run compiled code afterwards. */
    List<Row> run() throws IOException, InterruptedException {
        List<Burst> widgets = new ArrayList<>();
        for (DemoSet.Form form : widgetForms) {
            String widget;
            try (Api api = new Api(instances.get(0).http())) {
                widget = api.post("/api/v1/dashboard/widgets", form.owner().token(),
                        Map.of("formId", form.id(), "type", "count")).path("id").asString();
            }
            widgets.add(burst(form, HttpRequest.get("/api/v1/dashboard/widgets/" + widget, form.owner().token()),
                    "dashboard_widget"));
        }
        List<Burst> lists = new ArrayList<>();
        for (DemoSet.Form form : listForms) {
            lists.add(burst(form, HttpRequest.get("/api/v1/forms/" + form.id() + "/responses?size=20",
                    form.owner().token()), "api_response"));
        }
        warmUpNote("widget data", widgets.get(0));
        warmUpNote("response list", lists.get(0));
        return List.of(row("widget data", "dashboard_widget", widgets.subList(1, widgets.size())),
                row("response list", "api_response", lists.subList(1, lists.size())));
    }

    private void warmUpNote(String name, Burst burst) {
        notes.add("cold key warm-up burst (not in the table), " + name + ": " + burst.loads() + " loads, "
                + burst.bypasses() + " Redis bypasses, the circuit breaker opened " + burst.breakerOpenings()
                + " times, p99 " + Row.number(burst.result().percentileMillis(99)) + " ms");
    }

    private record Burst(long loads, long bypasses, long breakerOpenings, LoadResult result) {
    }

    private Row row(String name, String type, List<Burst> bursts) {
        List<Long> loads = bursts.stream().map(Burst::loads).toList();
        long bypasses = bursts.stream().mapToLong(Burst::bypasses).sum();
        long openings = bursts.stream().mapToLong(Burst::breakerOpenings).sum();
        LoadResult all = notes.check("cold key bursts, " + name,
                LoadResult.merge(bursts.stream().map(Burst::result).toList()));
        double mean = loads.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
        return new Row("loads per cold key, " + name + " (" + settings.burst() + " concurrent GETs of one key over "
                + instances.size() + " instances, " + bursts.size() + " keys after one warm-up key; "
                + "cache_loads_total{type=\"" + type + "\"})", loads.toString().replace("[", "").replace("]", "")
                + " (mean " + Row.number(mean) + ", p99 " + Row.number(all.percentileMillis(99)) + " ms"
                + (bypasses > 0 ? ", " + bypasses + " Redis bypasses" : "")
                + (openings > 0 ? ", circuit breaker opened " + openings + " times" : "") + ")", "-", "-", "1 per key",
                loads.stream().allMatch(n -> n == 1));
    }

    /**
     * The caller's auth context and the form are read first on every instance, so that only the key under test is
     * cold; then every connection is opened, and all requests are sent at once.
     */
    private Burst burst(DemoSet.Form form, HttpRequest request, String type)
            throws IOException, InterruptedException {
        Progress.say("cold key burst: " + settings.burst() + " x " + request.path());
        for (Deployment.Instance instance : instances) {
            try (Api api = new Api(instance.http())) {
                api.get("/api/v1/users/me", request.token());
                api.get("/api/v1/forms/" + form.id(), request.token());
            }
        }
        double loadsBefore = total("cache_loads_total", type);
        double bypassesBefore = total("cache_bypasses_total", type);
        int openingsBefore = deployment.apiLogLines(Deployment.BREAKER_OPENED).size();
        int n = settings.burst();
        List<HttpConnection> connections = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HttpConnection connection = new HttpConnection(instances.get(i % instances.size()).http(), 120_000);
            connection.connect();
            connections.add(connection);
        }
        CountDownLatch go = new CountDownLatch(1);
        AtomicLongArray latencies = new AtomicLongArray(n);
        int[] statuses = new int[n];
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            Thread thread = new Thread(() -> {
                try (HttpConnection connection = connections.get(index)) {
                    go.await();
                    long start = System.nanoTime();
                    HttpResponse response = connection.send(request);
                    latencies.set(index, System.nanoTime() - start);
                    statuses[index] = response.status();
                    if (!response.ok() && errors.size() < 5) {
                        errors.add(request.path() + " -> " + response.status() + " " + response.text());
                    }
                } catch (IOException e) {
                    statuses[index] = -1;
                    errors.add(request.path() + " -> " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "burst-" + i);
            thread.start();
            threads.add(thread);
        }
        long started = System.nanoTime();
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long loads = Math.round(total("cache_loads_total", type) - loadsBefore);
        long bypasses = Math.round(total("cache_bypasses_total", type) - bypassesBefore);
        long openings = deployment.apiLogLines(Deployment.BREAKER_OPENED).size() - openingsBefore;
        Map<Integer, Long> byStatus = new TreeMap<>();
        long ioErrors = 0;
        List<Long> answered = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (statuses[i] < 0) {
                ioErrors++;
            } else {
                byStatus.merge(statuses[i], 1L, Long::sum);
                answered.add(latencies.get(i));
            }
        }
        long[] sorted = answered.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Burst(loads, bypasses, openings,
                new LoadResult(sorted, seconds, byStatus, ioErrors, List.copyOf(errors), n));
    }

    /** A counter of the type, summed over the instances. */
    private double total(String metric, String type) throws IOException {
        double sum = 0;
        for (Deployment.Instance instance : instances) {
            sum += Prometheus.scrape(instance.management()).total(metric, "type", type);
        }
        return sum;
    }
}
