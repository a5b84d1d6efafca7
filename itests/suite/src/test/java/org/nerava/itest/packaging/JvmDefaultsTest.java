package org.nerava.itest.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nerava.itest.harness.DistributionArchive;

/**
 * The distribution's {@code bin/setenv} gives the server JVM its memory defaults (docs/operations.md, "Memory"):
 * {@code JAVA_MAX_MEM} works (Karaf's own scripts ignore it), {@code NERAVA_JVM_OPTS} replaces the defaults,
 * {@code EXTRA_JAVA_OPTS} comes after them, sourcing twice (bin/start, then bin/karaf) adds nothing twice, the shell
 * client keeps Karaf's settings, and this Java really knows every option (they are not just being ignored).
 */
class JvmDefaultsTest {

    @TempDir
    static Path home;

    @BeforeAll
    static void extractSetenv() {
        DistributionArchive.extractSetenv(home);
    }

    /** Sources setenv {@code times} times in a clean environment plus {@code env}; returns the two variables. */
    private static Map<String, String> source(int times, Map<String, String> env) throws Exception {
        String script = ". bin/setenv; ".repeat(times)
                + "printf '%s\\n%s\\n' \"$EXTRA_JAVA_OPTS\" \"$MALLOC_ARENA_MAX\"";
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script).directory(home.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("JAVA_") || name.startsWith("NERAVA_")
                || name.equals("EXTRA_JAVA_OPTS") || name.equals("MALLOC_ARENA_MAX"));
        builder.environment().remove("KARAF_SCRIPT");
        builder.environment().put("KARAF_SCRIPT", "karaf");
        builder.environment().putAll(env);
        Process shell = builder.redirectErrorStream(true).start();
        List<String> lines = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(shell.waitFor()).as(String.join("\n", lines)).isZero();
        assertThat(lines).hasSize(2);
        return Map.of("EXTRA_JAVA_OPTS", lines.get(0), "MALLOC_ARENA_MAX", lines.get(1));
    }

    @Test
    void defaultsGiveA256MegabyteSerialC1Jvm() throws Exception {
        Map<String, String> result = source(1, Map.of());
        assertThat(result.get("EXTRA_JAVA_OPTS").split(" ")).containsExactly("-Xms32m", "-Xmx256m",
                "-XX:+UseSerialGC", "-XX:NewRatio=3", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=15",
                "-XX:TieredStopAtLevel=1",
                "-XX:+IgnoreUnrecognizedVMOptions", "-XX:TrimNativeHeapInterval=5000",
                "-Djdk.nio.maxCachedBufferSize=262144");
        assertThat(result.get("MALLOC_ARENA_MAX")).isEqualTo("2");
    }

    @Test
    void javaMaxMemSetsTheHeapLimitAndMallocArenaMaxIsKept() throws Exception {
        Map<String, String> result = source(1, Map.of("JAVA_MAX_MEM", "512m", "JAVA_MIN_MEM", "64m",
                "MALLOC_ARENA_MAX", "4"));
        assertThat(result.get("EXTRA_JAVA_OPTS")).startsWith("-Xms64m -Xmx512m ").doesNotContain("256m");
        assertThat(result.get("MALLOC_ARENA_MAX")).isEqualTo("4");
    }

    @Test
    void neravaJvmOptsReplaceTheDefaultsAndExtraJavaOptsComeLast() throws Exception {
        assertThat(source(1, Map.of("NERAVA_JVM_OPTS", "-Xmx1g -XX:+UseG1GC")).get("EXTRA_JAVA_OPTS"))
                .isEqualTo("-Xmx1g -XX:+UseG1GC");
        assertThat(source(1, Map.of("EXTRA_JAVA_OPTS", "-Xmx300m -Dx=y")).get("EXTRA_JAVA_OPTS"))
                .startsWith("-Xms32m -Xmx256m ").endsWith(" -Xmx300m -Dx=y");
    }

    @Test
    void theShellClientAndOtherToolsKeepKarafsSettings() throws Exception {
        for (String script : new String[] {"client", "shell", "stop", "status"}) {
            assertThat(source(1, Map.of("KARAF_SCRIPT", script, "EXTRA_JAVA_OPTS", "-Dx=y")).get("EXTRA_JAVA_OPTS"))
                    .as(script).isEqualTo("-Dx=y");
        }
        assertThat(source(1, Map.of("KARAF_SCRIPT", "start")).get("EXTRA_JAVA_OPTS")).startsWith("-Xms32m -Xmx256m ");
    }

    @Test
    void sourcingTwiceAddsNothingTwice() throws Exception {
        assertThat(source(2, Map.of("EXTRA_JAVA_OPTS", "-Dx=y"))).isEqualTo(source(1, Map.of("EXTRA_JAVA_OPTS", "-Dx=y")));
    }

    @Test
    void thisJavaKnowsEveryDefaultOption() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        Arrays.stream(source(1, Map.of()).get("EXTRA_JAVA_OPTS").split(" "))
                .filter(option -> !option.equals("-XX:+IgnoreUnrecognizedVMOptions"))
                .forEach(command::add);
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String flags = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(flags).isZero();
        assertThat(flags).containsPattern("bool UseSerialGC\\s+= true")
                .containsPattern("intx TieredStopAtLevel\\s+= 1 ")
                .containsPattern("uint TrimNativeHeapInterval\\s+= 5000 ")
                .containsPattern("size_t MaxHeapSize\\s+= 268435456 ");
    }
}
