package io.formsapi.forms;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum FieldType {
    @JsonProperty("text") TEXT,
    @JsonProperty("long_text") LONG_TEXT,
    @JsonProperty("number") NUMBER,
    @JsonProperty("rating") RATING,
    @JsonProperty("single_choice") SINGLE_CHOICE,
    @JsonProperty("multi_choice") MULTI_CHOICE,
    @JsonProperty("date") DATE,
    @JsonProperty("email") EMAIL;

    public boolean isChoice() {
        return this == SINGLE_CHOICE || this == MULTI_CHOICE;
    }

    public boolean isNumeric() {
        return this == NUMBER || this == RATING;
    }

    public boolean isText() {
        return this == TEXT || this == LONG_TEXT;
    }
}
