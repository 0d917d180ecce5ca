package io.formsapi.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.json.JsonMapper;

/**
 * Rejects request bodies above {@code forms.http.max-body-size} before anything reads them. A body without
 * a Content-Length (chunked) fails with {@link BodyTooLargeException} once reading passes the limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final JsonMapper json;

    public BodySizeLimitFilter(HttpProperties properties, JsonMapper json) {
        this.maxBytes = properties.maxBodySize().toBytes();
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            Problems.write(BodyTooLargeException.problem(maxBytes), response, json);
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBytes), response);
    }

    @ConfigurationProperties("forms.http")
    public record HttpProperties(@DefaultValue("1MB") DataSize maxBodySize) {
    }
}
