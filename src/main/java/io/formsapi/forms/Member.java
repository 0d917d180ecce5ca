package io.formsapi.forms;

public record Member(String userId, MemberRole role) {
}
