package io.formsapi.forms;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum FormStatus {
    @JsonProperty("draft") DRAFT,
    @JsonProperty("published") PUBLISHED,
    @JsonProperty("closed") CLOSED
}
