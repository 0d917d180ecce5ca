package io.formsapi.cache.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.formsapi.cache.CacheKeys;
import io.formsapi.cache.CacheEngine;
import io.formsapi.cache.CacheTypes;

/**
 * Registers {@link ResponseCacheFilter} for {@code /api/*}, after the body size limit (which is at
 * {@code HIGHEST_PRECEDENCE + 10}), so that an oversized request is refused before anything else runs. Only in a
 * servlet web application: the cache layer also runs without one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ResponseCacheConfiguration {

    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;
    private static final String HANDLER_MAPPING = "requestMappingHandlerMapping";

    private final ResponsePolicies policies = new ResponsePolicies();
    /** The {@link ResponseAccess} beans by name, each looked up once, for the start-up check and the filter. */
    private final Function<String, ResponseAccess> accesses;

    ResponseCacheConfiguration(BeanFactory beans) {
        Map<String, ResponseAccess> found = new ConcurrentHashMap<>();
        this.accesses = name -> found.computeIfAbsent(name, n -> beans.getBean(n, ResponseAccess.class));
    }

    /**
     * Filters are created while the web server starts, before most beans; the filter's collaborators are therefore
     * looked up on its first request, not when it is registered.
     */
    @Bean
    FilterRegistrationBean<ResponseCacheFilter> responseCacheFilter(ObjectProvider<CacheEngine> cache,
            ObjectProvider<CacheKeys> keys, ObjectProvider<CacheTypes> types, ObjectProvider<RequestIdentity> identity,
            @Qualifier(HANDLER_MAPPING) ObjectProvider<RequestMappingHandlerMapping> handlers,
            ResponseCacheProperties properties) {
        ResponseCacheFilter filter = new ResponseCacheFilter(SingletonSupplier.of(cache::getObject),
                SingletonSupplier.of(keys::getObject),
                SingletonSupplier.of(() -> types.getObject().get(ResponseCacheFilter.CACHE_TYPE)),
                SingletonSupplier.of(identity::getObject), accesses, SingletonSupplier.of(handlers::getObject),
                policies, properties.enabled());
        FilterRegistrationBean<ResponseCacheFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/api/*");
        registration.setOrder(ORDER);
        return registration;
    }

    @Bean
    FoundHandlerMapping foundHandlerMapping() {
        return new FoundHandlerMapping();
    }

    /** Every {@link CachedResponse} is read once all beans exist: a malformed one stops the start-up. */
    @Bean
    SmartInitializingSingleton responseCachePolicyCheck(
            @Qualifier(HANDLER_MAPPING) ObjectProvider<RequestMappingHandlerMapping> handlers,
            ObjectProvider<CacheTypes> types) {
        return () -> {
            types.getObject().get(ResponseCacheFilter.CACHE_TYPE);
            policies.check(handlers.getObject().getHandlerMethods(), accesses);
        };
    }
}
