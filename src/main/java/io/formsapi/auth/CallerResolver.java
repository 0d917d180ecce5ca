package io.formsapi.auth;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import io.formsapi.web.ApiException;

/**
 * Supplies {@link Caller} parameters from the {@code Authorization: Bearer} header. A missing header is 401
 * unless the parameter is {@link Anonymous}; a header that is present but invalid is always 401.
 */
@Component
class CallerResolver implements HandlerMethodArgumentResolver {

    /** The request's authenticated caller, once known (set here or by {@link BearerRequestIdentity}). */
    static final String ATTRIBUTE = CallerResolver.class.getName();
    private static final String BEARER = "Bearer ";

    private final AuthService auth;

    CallerResolver(AuthService auth) {
        this.auth = auth;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
            WebDataBinderFactory binders) {
        HttpServletRequest http = request.getNativeRequest(HttpServletRequest.class);
        Caller caller = (Caller) http.getAttribute(ATTRIBUTE);
        if (caller == null) {
            String token = bearerToken(http);
            if (token == null) {
                if (parameter.hasParameterAnnotation(Anonymous.class)) {
                    return null;
                }
                throw ApiException.unauthorized("this endpoint needs an Authorization: Bearer token");
            }
            caller = auth.authenticate(token);
            http.setAttribute(ATTRIBUTE, caller);
        }
        return caller;
    }

    static String bearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return null;
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApiException.unauthorized("the Authorization header must use the Bearer scheme");
        }
        return header.substring(BEARER.length()).strip();
    }
}
