package io.formsapi.web;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * LOG_FORMAT=json switches the console to one JSON object per line (Spring Boot's structured logging, Logstash
 * layout), with the request id and any other MDC entries as fields. Anything else keeps the readable pattern.
 */
class LogFormatEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if ("json".equalsIgnoreCase(environment.getProperty("LOG_FORMAT", "").strip())) {
            environment.getPropertySources().addFirst(new MapPropertySource("logFormat",
                    Map.of("logging.structured.format.console", "logstash")));
        }
    }
}
