package io.formsapi.web;

import java.util.Collection;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * A parameter a handler takes as one value ({@code ?page=1&page=2}) must be sent once: Spring would silently keep
 * the first value of an integer and join the values of a string with commas.
 */
final class SingleValuedParameters implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method) {
            for (MethodParameter parameter : method.getMethodParameters()) {
                RequestParam declared = parameter.getParameterAnnotation(RequestParam.class);
                if (declared != null && isScalar(parameter)) {
                    String name = declared.name().isEmpty() ? parameter.getParameterName() : declared.name();
                    String[] values = request.getParameterValues(name);
                    if (values != null && values.length > 1) {
                        throw ApiException.invalid(name, "must be given at most once");
                    }
                }
            }
        }
        return true;
    }

    private static boolean isScalar(MethodParameter parameter) {
        Class<?> type = parameter.nestedIfOptional().getNestedParameterType();
        return !type.isArray() && !Collection.class.isAssignableFrom(type) && !Map.class.isAssignableFrom(type);
    }
}
