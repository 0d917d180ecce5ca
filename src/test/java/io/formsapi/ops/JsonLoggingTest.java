package io.formsapi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.formsapi.FormsApiApplication;
import io.formsapi.support.ApiClient;
import tools.jackson.databind.JsonNode;

/** LOG_FORMAT=json: one JSON object per line, carrying the request id of the request being handled. */
@ExtendWith(OutputCaptureExtension.class)
class JsonLoggingTest {

    @TempDir
    Path dataDir;

    @Test
    void logLinesAreJsonWithTheRequestId(CapturedOutput output) {
        // Logging is configured once per JVM; forget the configuration of earlier tests so this app's applies.
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.cleanUp();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(FormsApiApplication.class).run(
                "--server.port=0", "--management.server.port=0", "--forms.store.data-dir=" + dataDir, "--LOG_FORMAT=json",
                "--forms.cache.warmup.on-startup=false", "--logging.level.io.formsapi.web.RequestIdFilter=DEBUG")) {
            ApiClient api = new ApiClient(((WebServerApplicationContext) app).getWebServer().getPort());
            api.get("/api/v1/forms", null, Map.of("X-Request-Id", "json-log-check"));
        } finally {
            logging.cleanUp();
        }
        JsonNode line = output.getOut().lines().filter(l -> l.contains("json-log-check") && l.startsWith("{"))
                .findFirst()
                .map(ApiClient.JSON::readTree).orElseThrow();
        assertThat(line.path("requestId").asString()).isEqualTo("json-log-check");
        assertThat(line.path("message").asString()).contains("GET /api/v1/forms -> 401");
        assertThat(line.has("@timestamp")).isTrue();
    }
}
