package io.formsapi.auth;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "auth")
class AuthController {

    private final AuthService auth;

    AuthController(AuthService auth) {
        this.auth = auth;
    }

    record LoginRequest(String email, String password) {
    }

    @PostMapping("/api/v1/auth/register")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an account")
    UserView register(@RequestBody AuthService.Registration request) {
        return auth.register(request);
    }

    @PostMapping("/api/v1/auth/login")
    @Operation(summary = "Exchange email and password for a bearer token")
    AuthService.LoginResult login(@RequestBody LoginRequest request) {
        return auth.login(request.email(), request.password());
    }

    @PostMapping("/api/v1/auth/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "End the session of the presented token")
    void logout(Caller caller, HttpServletRequest request) {
        auth.logout(CallerResolver.bearerToken(request));
    }

    @GetMapping("/api/v1/users/me")
    @Operation(summary = "The authenticated user")
    UserView me(Caller caller) {
        return auth.me(caller);
    }
}
