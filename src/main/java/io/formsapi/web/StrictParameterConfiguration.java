package io.formsapi.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A query parameter the handler takes as one value is given once, on every endpoint (see also
 * {@link DecimalIntegerParameters}): no handler has to remember it.
 */
@Configuration(proxyBeanMethods = false)
class StrictParameterConfiguration implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new SingleValuedParameters());
    }
}
