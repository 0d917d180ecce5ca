package io.formsapi.demo;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.formsapi.FormsApiApplication;

/**
 * Loads the demo dataset into the configured store (the embedded one under ./data unless MONGODB_URI is set)
 * and prints credentials to try it. Run with the API stopped when both use the embedded store's files:
 * {@code ./mvnw spring-boot:run -Dspring-boot.run.main-class=io.formsapi.demo.DemoData}.
 */
public final class DemoData {

    private DemoData() {
    }

    public static void main(String[] args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(FormsApiApplication.class)
                .web(WebApplicationType.NONE).run(args)) {
            DemoDataLoader.Summary summary = context.getBean(DemoDataLoader.class).load();
            System.out.println(summary.describe());
        }
    }
}
