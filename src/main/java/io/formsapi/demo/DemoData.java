package io.formsapi.demo;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.formsapi.FormsApiApplication;

/**
 * Loads the demo dataset into the configured store (the embedded one under ./data unless MONGODB_URI is set)
 * and prints credentials to try it. Run with the API stopped when both use the embedded store's files:
 * {@code ./mvnw spring-boot:run -Dspring-boot.run.main-class=io.formsapi.demo.DemoData}, with
 * {@code -Dspring-boot.run.arguments=--forms.demo.responses=1000000} for a million responses.
 */
public final class DemoData {

    /** How many responses to load, e.g. {@code --forms.demo.responses=1000000}; 100,000 by default. */
    static final String RESPONSES = "forms.demo.responses";

    private DemoData() {
    }

    public static void main(String[] args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(FormsApiApplication.class)
                .web(WebApplicationType.NONE).run(args)) {
            int responses = context.getEnvironment().getProperty(RESPONSES, Integer.class,
                    DemoDataLoader.DEFAULT_RESPONSES);
            DemoDataLoader.Summary summary = context.getBean(DemoDataLoader.class).load(responses);
            System.out.println(summary.describe());
        }
    }
}
