package io.formsapi.ops;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** A program the ops tests run (promtool, docker-compose, ...): found on PATH, run to completion within a bound. */
final class ExternalTool {

    record Result(int exit, String output) {
    }

    private ExternalTool() {
    }

    /** The binary on PATH; the calling test is skipped (not failed) with {@code whereToGetIt} where it is missing. */
    static Path required(String name, String whereToGetIt) {
        Optional<Path> found = onPath(name);
        Assumptions.assumeTrue(found.isPresent(), name + " is not installed (" + whereToGetIt + ")");
        return found.get();
    }

    static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs a command to completion, stdin from {@code input} or empty, stdout and stderr together. */
    static Result run(List<String> command, Path input, Duration timeout) throws IOException, InterruptedException {
        Path output = Files.createTempFile("tool", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.redirectInput(ProcessBuilder.Redirect.from(input == null ? new File("/dev/null") : input.toFile()));
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
