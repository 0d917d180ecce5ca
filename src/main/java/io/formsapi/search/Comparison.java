package io.formsapi.search;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a numeric answer is compared with the number in a query. */
public enum Comparison {
    GREATER(">"), AT_LEAST(">="), LESS("<"), AT_MOST("<="), EQUAL("=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    @JsonValue
    public String symbol() {
        return symbol;
    }
}
