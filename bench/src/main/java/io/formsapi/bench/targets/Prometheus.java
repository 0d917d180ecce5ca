package io.formsapi.bench.targets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of an instance's {@code /actuator/prometheus} on its management port. */
final class Prometheus {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private Prometheus(List<Sample> samples) {
        this.samples = samples;
    }

    static Prometheus scrape(Endpoint management) throws IOException {
        try (HttpConnection connection = new HttpConnection(management, 30_000)) {
            HttpResponse response = connection.send(HttpRequest.get("/actuator/prometheus", null)
                    .accepting("text/plain"));
            if (!response.ok()) {
                throw new IOException("GET " + management.url() + "/actuator/prometheus answered " + response.status());
            }
            List<Sample> samples = new ArrayList<>();
            for (String line : response.text().split("\n")) {
                Matcher m = SAMPLE.matcher(line);
                if (line.startsWith("#") || !m.find()) {
                    continue;
                }
                Map<String, String> labels = new LinkedHashMap<>();
                if (m.group(3) != null) {
                    Matcher l = LABEL.matcher(m.group(3));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                }
                samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
            }
            return new Prometheus(samples);
        }
    }

    /** The sum of every series of {@code name}. */
    double total(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
    }

    /** The sum of the series of {@code name} whose {@code label} has {@code value}. */
    double total(String name, String label, String value) {
        return total(name, Map.of(label, value));
    }

    /** The sum of the series of {@code name} whose labels have every one of the values in {@code labels}. */
    double total(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(
                labels.entrySet())).mapToDouble(Sample::value).sum();
    }
}
