package io.formsapi.bench.targets;

import java.util.List;
import java.util.Locale;

/**
 * One line of the targets table: what was measured on the API (the cached instance), on what it is compared with
 * (the peer, or the instance with the cache off), their ratio, the target and whether it is met (null: no target).
 */
record Row(String measurement, String api, String other, String ratio, String target, Boolean met) {

    static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| measurement | API | peer / cache off | ratio | target | met |\n");
        out.append("| --- | ---: | ---: | ---: | --- | --- |\n");
        for (Row row : rows) {
            out.append("| ").append(row.measurement()).append(" | ").append(row.api()).append(" | ")
                    .append(row.other()).append(" | ").append(row.ratio()).append(" | ").append(row.target())
                    .append(" | ").append(row.met() == null ? "-" : row.met() ? "yes" : "**no**").append(" |\n");
        }
        return out.toString();
    }

    /** A number for the table: thousands separated above 100, else two significant decimals. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** A ratio for the table, e.g. {@code 1.07x}. */
    static String ratio(double value) {
        return number(value) + "x";
    }
}
