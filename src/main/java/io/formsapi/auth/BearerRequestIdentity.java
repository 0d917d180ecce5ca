package io.formsapi.auth;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

/**
 * The caller as the response cache and the rate limits see it: the user id behind the bearer token, checked
 * exactly as {@link CallerResolver} checks it (a live session of that user). A token that does not authenticate
 * throws, so that the request bypasses the cache and its handler answers 401. The caller found is kept on the
 * request, so that the handler does not authenticate a second time.
 */
@Component
public class BearerRequestIdentity {

    private final AuthService auth;

    BearerRequestIdentity(AuthService auth) {
        this.auth = auth;
    }

    /** The caller's user id, empty without a token; throws when the token does not authenticate. */
    public Optional<String> identify(HttpServletRequest request) {
        return caller(request).map(Caller::userId);
    }

    /** The caller, empty without a token; throws when the token does not authenticate. */
    public Optional<Caller> caller(HttpServletRequest request) {
        if (request.getAttribute(CallerResolver.ATTRIBUTE) instanceof Caller known) {
            return Optional.of(known);
        }
        String token = CallerResolver.bearerToken(request);
        if (token == null) {
            return Optional.empty();
        }
        Caller caller = auth.authenticate(token);
        request.setAttribute(CallerResolver.ATTRIBUTE, caller);
        return Optional.of(caller);
    }
}
