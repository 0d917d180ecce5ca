package io.formsapi;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class FormsApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(FormsApiApplication.class, args);
    }

    @Bean
    Clock clock() {
        // Stored instants have millisecond precision; answers should match what a later read returns.
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }
}
