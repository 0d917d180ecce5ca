package io.formsapi.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

import io.formsapi.FormsApiApplication;
import io.formsapi.forms.Form;
import io.formsapi.forms.ResponseCounts;

/** The demo loader writes as many responses as asked, spread over its forms, and loads nothing twice. */
class DemoDataLoaderTest {

    @TempDir
    Path dataDir;

    @Test
    void loadsTheResponsesAskedForOnce() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(FormsApiApplication.class)
                .web(WebApplicationType.NONE).run("--forms.store.data-dir=" + dataDir,
                        "--forms.cache.warmup.on-startup=false")) {
            DemoDataLoader loader = context.getBean(DemoDataLoader.class);
            MongoTemplate mongo = context.getBean(MongoTemplate.class);
            assertThatThrownBy(() -> loader.load(-1)).isInstanceOf(IllegalArgumentException.class);

            DemoDataLoader.Summary summary = loader.load(4_321);

            assertThat(summary.loaded()).isTrue();
            assertThat(summary.responses()).isEqualTo(4_321);
            assertThat(mongo.getCollection("responses").countDocuments()).isEqualTo(4_321);
            ResponseCounts counts = context.getBean(ResponseCounts.class);
            assertThat(mongo.findAll(Form.class).stream().mapToLong(form -> counts.countOf(form.id())).sum())
                    .isEqualTo(4_321);
            assertThat(loader.load(10).loaded()).isFalse();
            assertThat(mongo.getCollection("responses").countDocuments()).isEqualTo(4_321);
        }
    }
}
