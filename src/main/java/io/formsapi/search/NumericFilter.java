package io.formsapi.search;

/** A number or rating answer compared with {@code value} (an Integer when whole, else a Double). */
public record NumericFilter(String field, String label, Comparison op, Number value) implements Filter {
}
