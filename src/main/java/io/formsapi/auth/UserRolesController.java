package io.formsapi.auth;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.formsapi.web.Ids;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Admins grant and revoke the admin role; the change holds from the next request on, on every instance. */
@RestController
@RequestMapping("/api/v1/admin/users/{userId}/roles/admin")
@Tag(name = "admin")
class UserRolesController {

    private final AuthService auth;

    UserRolesController(AuthService auth) {
        this.auth = auth;
    }

    @PutMapping
    @Operation(summary = "Grant the admin role")
    UserView grant(Caller caller, @PathVariable String userId) {
        return auth.setAdmin(caller, Ids.require(userId, "user"), true);
    }

    @DeleteMapping
    @Operation(summary = "Revoke the admin role (not the bootstrap administrator's)")
    UserView revoke(Caller caller, @PathVariable String userId) {
        return auth.setAdmin(caller, Ids.require(userId, "user"), false);
    }
}
