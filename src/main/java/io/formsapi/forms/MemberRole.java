package io.formsapi.forms;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum MemberRole {
    @JsonProperty("editor") EDITOR,
    @JsonProperty("viewer") VIEWER
}
