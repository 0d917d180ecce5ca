package io.formsapi.forms;

import java.util.EnumSet;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A caller's relation to one form, and what it permits. */
public enum FormRole {
    @JsonProperty("owner") OWNER(EnumSet.allOf(Permission.class)),
    @JsonProperty("editor") EDITOR(EnumSet.of(Permission.READ_FORM, Permission.READ_RESPONSES, Permission.EDIT)),
    @JsonProperty("viewer") VIEWER(EnumSet.of(Permission.READ_FORM, Permission.READ_RESPONSES)),
    @JsonProperty("none") NONE(EnumSet.noneOf(Permission.class));

    private final Set<Permission> permissions;

    FormRole(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public boolean allows(Permission permission) {
        return permissions.contains(permission);
    }

    static FormRole of(MemberRole role) {
        return role == MemberRole.EDITOR ? EDITOR : VIEWER;
    }
}
