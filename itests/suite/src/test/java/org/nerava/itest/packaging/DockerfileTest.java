package org.nerava.itest.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The container image cannot be built on the build machines (no Docker daemon), so the Dockerfile is parsed and its
 * promises checked: the distribution just built, a Java 17 runtime, a non-root user, port 8000, a health check on
 * /healthz, configuration from the environment with no secret baked in, and the JVM as PID 1.
 */
class DockerfileTest {

    /** One instruction, continuation lines joined, comments dropped. */
    record Instruction(String keyword, String arguments) {
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("Dockerfile"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("a Dockerfile above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }

    static List<Instruction> parse(Path dockerfile) throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : Files.readAllLines(dockerfile)) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String text = current.toString().strip();
            current.setLength(0);
            if (!text.isEmpty()) {
                int space = text.indexOf(' ');
                instructions.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
            }
        }
        assertThat(current.toString().strip()).as("no dangling continuation").isEmpty();
        return instructions;
    }

    private final Path root = repositoryRoot();
    private final List<Instruction> instructions = parse(root.resolve("Dockerfile"));

    DockerfileTest() throws IOException {
    }

    private List<String> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }

    private String last(String keyword) {
        List<String> found = all(keyword);
        assertThat(found).as(keyword).isNotEmpty();
        return found.get(found.size() - 1);
    }

    @Test
    void everyInstructionIsAKnownDockerfileKeyword() {
        assertThat(instructions).extracting(Instruction::keyword).allMatch(k -> List.of("FROM", "ARG", "RUN", "ADD",
                "COPY", "ENV", "USER", "WORKDIR", "VOLUME", "EXPOSE", "HEALTHCHECK", "CMD", "ENTRYPOINT", "LABEL",
                "STOPSIGNAL").contains(k));
        assertThat(instructions.get(0).keyword()).isEqualTo("FROM");
    }

    @Test
    void runsOnJava17() {
        assertThat(all("FROM")).hasSize(1);
        assertThat(last("FROM")).matches("eclipse-temurin:17[-.a-z0-9]*");
    }

    @Test
    void packsTheDistributionOfThisVersion() throws IOException {
        String pom = Files.readString(root.resolve("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>nerava-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(version.find()).isTrue();
        assertThat(all("ARG")).contains("NERAVA_VERSION=" + version.group(1));
        assertThat(all("ADD")).anyMatch(a -> a.startsWith(
                "karaf-assembly/target/nerava-server-${NERAVA_VERSION}.tar.gz "));
        // The build context is only that tarball.
        assertThat(Files.readAllLines(root.resolve(".dockerignore")))
                .contains("*", "!karaf-assembly/target/nerava-server-*.tar.gz");
    }

    @Test
    void runsAsANonRootUserThatItCreates() {
        String user = last("USER");
        assertThat(user.split(":")[0]).isNotIn("root", "0");
        int userIndex = instructions.lastIndexOf(instructions.stream().filter(i -> i.keyword().equals("USER"))
                .reduce((a, b) -> b).orElseThrow());
        assertThat(instructions.subList(userIndex, instructions.size())).extracting(Instruction::keyword)
                .as("nothing runs as root after USER").doesNotContain("RUN", "ADD", "COPY");
        assertThat(all("RUN")).anyMatch(r -> r.contains("useradd") && r.contains(user.split(":")[0]));
    }

    @Test
    void exposesPort8000AndChecksHealthOnHealthz() {
        assertThat(all("EXPOSE")).containsExactly("8000");
        assertThat(last("ENV")).contains("NERAVA_HTTP_PORT=8000");
        String health = last("HEALTHCHECK");
        assertThat(health).contains("CMD").contains("http://127.0.0.1:8000/healthz");
        assertThat(health).containsPattern("--start-period=\\d+s");
    }

    @Test
    void startsKarafInTheForegroundAsPid1() {
        assertThat(last("CMD")).isEqualTo("[\"bin/karaf\", \"run\"]");
        assertThat(last("ENV")).contains("KARAF_EXEC=exec");
        assertThat(all("ENTRYPOINT")).isEmpty();
    }

    @Test
    void bakesInNoSecretAndKeepsDataOnAVolume() {
        for (String env : all("ENV")) {
            assertThat(env).doesNotContainPattern("(?i)(TOKEN|SECRET|PASSWORD|HMAC|API_KEY|AUTH)[A-Z_]*=");
        }
        for (String arg : all("ARG")) {
            assertThat(arg).doesNotContainPattern("(?i)(TOKEN|SECRET|PASSWORD|KEY)");
        }
        assertThat(all("VOLUME")).anyMatch(v -> v.contains("/opt/nerava/data"));
    }
}
