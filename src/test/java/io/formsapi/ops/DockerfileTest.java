package io.formsapi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.formsapi.support.ApiClient;
import tools.jackson.databind.JsonNode;

/**
 * The Dockerfile read by the rules of its format: line continuations, comments, a parser directive, known
 * instructions, exec forms that are JSON arrays, stages and the stages {@code COPY --from} names. There is no Docker
 * engine or Dockerfile linter to run here, so this is what checks the file: it does not build the image. What the
 * image must be is then asserted on the parsed instructions: a build with the Maven wrapper, a JRE run stage as a user
 * without privileges, a health check on the liveness probe and a heap sized from the container's memory.
 */
class DockerfileTest {

    static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final Path DOCKERIGNORE = Path.of(".dockerignore");

    /** Every instruction of the Dockerfile reference. */
    private static final Set<String> INSTRUCTIONS = Set.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE",
            "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME",
            "WORKDIR");
    private static final Pattern FROM = Pattern.compile("(?i)(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?");
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)");

    record Instruction(int line, String keyword, String arguments) {
    }

    record Stage(String image, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }
    }

    @Test
    void parsesAsDockerfileInstructions() throws IOException {
        List<Instruction> instructions = read();
        assertThat(Files.readAllLines(DOCKERFILE).get(0)).isEqualTo("# syntax=docker/dockerfile:1");
        assertThat(instructions.get(0).keyword()).isEqualTo("FROM");
        for (Instruction instruction : instructions) {
            assertThat(INSTRUCTIONS).as("line " + instruction.line()).contains(instruction.keyword());
            assertThat(instruction.arguments()).as("line " + instruction.line()).isNotBlank();
            if (List.of("CMD", "ENTRYPOINT", "RUN", "SHELL").contains(instruction.keyword())
                    && instruction.arguments().startsWith("[")) {
                assertThat(execForm(instruction.arguments())).as("line " + instruction.line()).isNotEmpty();
            }
        }

        Set<String> stageNames = new HashSet<>();
        for (Stage stage : stages(instructions)) {
            for (Instruction copy : stage.all("COPY")) {
                Matcher from = Pattern.compile("--from=(\\S+)").matcher(copy.arguments());
                if (from.find()) {
                    assertThat(stageNames).as("line " + copy.line() + " copies from an earlier stage")
                            .contains(from.group(1));
                }
            }
            if (stage.name() != null) {
                assertThat(stageNames.add(stage.name())).as("stage " + stage.name() + " named once").isTrue();
            }
        }
    }

    @Test
    void buildsWithTheMavenWrapperFromWhatTheBuildContextKeeps() throws IOException {
        List<Stage> stages = stages(read());
        assertThat(stages).hasSize(2);
        Stage build = stages.get(0);
        assertThat(build.name()).isEqualTo("build");
        assertThat(build.image()).startsWith("eclipse-temurin:17-jdk");
        assertThat(build.all("RUN")).anySatisfy(run -> assertThat(run.arguments()).contains("./mvnw -B -q package")
                .contains("java -Djarmode=tools -jar target/forms-api-*-exec.jar extract --layers --launcher"));

        // Every file the build copies exists, and .dockerignore keeps it in the build context.
        List<String> kept = Files.readAllLines(DOCKERIGNORE).stream().filter(line -> line.startsWith("!"))
                .map(line -> line.substring(1)).toList();
        assertThat(Files.readAllLines(DOCKERIGNORE)).contains("*");
        for (Instruction copy : build.all("COPY")) {
            List<String> words = List.of(copy.arguments().split("\\s+"));
            for (String source : words.subList(0, words.size() - 1)) {
                String path = source.replaceAll("/$", "");
                assertThat(Path.of(path)).as("line " + copy.line()).exists();
                assertThat(kept).as(path + " is in the build context").contains(path);
            }
        }
    }

    @Test
    void runsOnAJreAsAnUnprivilegedUserWithALivenessHealthCheckAndAContainerSizedHeap() throws IOException {
        List<Instruction> instructions = read();
        Stage run = stages(instructions).get(1);
        assertThat(run.image()).startsWith("eclipse-temurin:17-jre");

        // The launcher's layers, in the order the jar lists them (least often changed first).
        assertThat(run.all("COPY").stream().map(Instruction::arguments)).containsExactly(
                "--from=build /layers/dependencies/ ./", "--from=build /layers/spring-boot-loader/ ./",
                "--from=build /layers/snapshot-dependencies/ ./", "--from=build /layers/application/ ./");

        List<Instruction> users = run.all("USER");
        assertThat(users).hasSize(1);
        String user = users.get(0).arguments().split(":")[0];
        assertThat(user).isNotIn("root", "0");
        assertThat(run.all("RUN")).anySatisfy(r -> assertThat(r.arguments()).contains("useradd --system")
                .contains(" " + user));
        assertThat(instructions.indexOf(users.get(0))).as("USER comes before the process starts")
                .isLessThan(instructions.indexOf(run.all("ENTRYPOINT").get(0)));

        List<Instruction> healthchecks = run.all("HEALTHCHECK");
        assertThat(healthchecks).singleElement().satisfies(h -> assertThat(h.arguments())
                .contains("CMD curl -fsS").contains("http://127.0.0.1:${PORT}/livez"));
        assertThat(run.all("RUN")).anySatisfy(r -> assertThat(r.arguments()).contains("install -y")
                .contains("curl"));

        Map<String, String> env = environment(instructions);
        assertThat(env.get("JAVA_TOOL_OPTIONS")).containsPattern("-XX:MaxRAMPercentage=\\d+")
                .doesNotContainPattern("-Xmx");
        assertThat(env).containsEntry("PORT", "8080").containsEntry("MANAGEMENT_PORT", "8081");
        assertThat(run.all("EXPOSE")).singleElement().extracting(Instruction::arguments).isEqualTo("8080 8081");

        assertThat(run.all("ENTRYPOINT")).singleElement().satisfies(e -> assertThat(execForm(e.arguments()))
                .containsExactly("java", "org.springframework.boot.loader.launch.JarLauncher"));
    }

    /** The instructions, continuation lines joined, comments and the parser directive dropped. */
    static List<Instruction> read() throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        List<String> lines = Files.readAllLines(DOCKERFILE);
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("#") || (current == null && line.isBlank())) {
                continue;
            }
            if (current == null) {
                current = new StringBuilder();
                start = i + 1;
            }
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continues) {
                String[] parts = current.toString().strip().split("\\s+", 2);
                instructions.add(new Instruction(start, parts[0].toUpperCase(Locale.ROOT),
                        parts.length > 1 ? parts[1].replaceAll("\\s+", " ") : ""));
                current = null;
            }
        }
        assertThat(current).as("the last instruction ends").isNull();
        return instructions;
    }

    /** The variables the image sets ({@code ENV name=value ...}). */
    static Map<String, String> environment(List<Instruction> instructions) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("ENV")) {
                Matcher pair = ENV_PAIR.matcher(instruction.arguments());
                while (pair.find()) {
                    env.put(pair.group(1), pair.group(2).replaceAll("^\"|\"$", ""));
                }
            }
        }
        return env;
    }

    private static List<Stage> stages(List<Instruction> instructions) {
        List<Stage> stages = new ArrayList<>();
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                Matcher from = FROM.matcher(instruction.arguments());
                assertThat(from.matches()).as("line " + instruction.line()).isTrue();
                stages.add(new Stage(from.group(1), from.group(2), new ArrayList<>()));
            }
            stages.get(stages.size() - 1).instructions().add(instruction);
        }
        return stages;
    }

    /** The words of an exec form, which must be a JSON array of strings. */
    private static List<String> execForm(String arguments) {
        JsonNode array = ApiClient.JSON.readTree(arguments);
        assertThat(array.isArray()).as(arguments).isTrue();
        List<String> words = new ArrayList<>();
        for (JsonNode word : array) {
            assertThat(word.isString()).as(arguments).isTrue();
            words.add(word.asString());
        }
        return words;
    }
}
