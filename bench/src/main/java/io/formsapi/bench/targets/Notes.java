package io.formsapi.bench.targets;

import java.util.ArrayList;
import java.util.List;

/** What went wrong on the way (errors, 5xx, failed connections), printed under the table. */
final class Notes {

    private final List<String> lines = new ArrayList<>();

    /** Records the failures of a measured load, if any, and returns it. */
    LoadResult check(String what, LoadResult result) {
        if (result.failures() > 0) {
            StringBuilder line = new StringBuilder(what).append(": ").append(result.failures()).append(" of ")
                    .append(result.requests()).append(" requests failed, answers by status ")
                    .append(result.statuses());
            if (result.ioErrors() > 0) {
                line.append(", ").append(result.ioErrors()).append(" connection errors");
            }
            result.errorSamples().forEach(s -> line.append("\n    e.g. ").append(abbreviate(s)));
            lines.add(line.toString());
        }
        return result;
    }

    void add(String line) {
        lines.add(line);
    }

    List<String> lines() {
        return lines;
    }

    static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
