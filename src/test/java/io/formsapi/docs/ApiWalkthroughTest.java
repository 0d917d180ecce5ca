package io.formsapi.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.formsapi.support.IntegrationTest;

/** Runs the curl walk-through of docs/API.md, exactly as written, against the running app. */
class ApiWalkthroughTest extends IntegrationTest {

    private static final Pattern SECTION = Pattern.compile(
            "<!-- walkthrough:start -->(.*)<!-- walkthrough:end -->", Pattern.DOTALL);
    private static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

    @LocalServerPort
    int port;

    @Test
    void theDocumentedCurlCommandsWork() throws IOException, InterruptedException {
        assumeTrue(onPath("curl") && onPath("bash"), "curl and bash are needed to run the walk-through");
        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        Matcher section = SECTION.matcher(Files.readString(Path.of("docs/API.md")));
        assertThat(section.find()).as("docs/API.md has a walk-through section").isTrue();
        Matcher blocks = BASH_BLOCK.matcher(section.group(1));
        int count = 0;
        while (blocks.find()) {
            script.append(blocks.group(1)).append("\necho\n");
            count++;
        }
        assertThat(count).isGreaterThanOrEqualTo(5);

        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script.toString()).redirectErrorStream(true);
        bash.environment().put("BASE", "http://127.0.0.1:" + port);
        Process process = bash.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("\"status\":\"published\"").contains("\"interpretation\"")
                .contains("\"mean\"").contains("\"field\":\"answers.rating\"");
    }

    private static boolean onPath(String command) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
