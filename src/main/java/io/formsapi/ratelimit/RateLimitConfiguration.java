package io.formsapi.ratelimit;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.function.SingletonSupplier;

import io.formsapi.cache.web.RequestIdentity;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers {@link RateLimitFilter} for {@code /api/*} after the body size limit ({@code HIGHEST_PRECEDENCE + 10})
 * and before the response cache ({@code HIGHEST_PRECEDENCE + 20}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class RateLimitConfiguration {

    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 15;

    /** Filters are created while the web server starts; their collaborators are looked up on the first request. */
    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(ObjectProvider<RateLimits> limits,
            ObjectProvider<RequestIdentity> identity, ObjectProvider<JsonMapper> json) {
        RateLimitFilter filter = new RateLimitFilter(SingletonSupplier.of(limits::getObject),
                SingletonSupplier.of(identity::getObject), SingletonSupplier.of(json::getObject));
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/api/*");
        registration.setOrder(ORDER);
        return registration;
    }
}
