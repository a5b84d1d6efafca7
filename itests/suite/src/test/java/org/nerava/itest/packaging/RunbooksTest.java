package org.nerava.itest.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every runbook of docs/operations.md is replayed by a test, and the messages it quotes are ones the server (or a
 * test asserting on its output) really has: a runbook added without a replay, a replay that is gone, or a quoted
 * message reworded in the code fails here with the section and the text to fix.
 */
class RunbooksTest {

    /** Each runbook (a heading of operations.md) and the tests that replay it against the built distribution. */
    private static final Map<String, List<String>> REPLAYED_BY = new LinkedHashMap<>();

    static {
        REPLAYED_BY.put("Backup and restore", List.of("BackupRestoreTest", "OperatorScriptsTest"));
        REPLAYED_BY.put("When sign-in answers `otp_unavailable` or `otp_timeout`",
                List.of("OtpFaultIsolationTest", "ProviderIsolationTest"));
        REPLAYED_BY.put("Runbook: OTP failing in production",
                List.of("TwilioProvidersTest", "TwilioUnreachableBootTest"));
        REPLAYED_BY.put("When events do not arrive", List.of("AnalyticsTest", "AnalyticsForwarderTest"));
        REPLAYED_BY.put("When a deployment fails", List.of("DeploymentsTest", "AdminApiTest"));
        REPLAYED_BY.put("Runbook: a deployment failed or was rolled back",
                List.of("DeploymentsTest", "DeploymentFollowerTest", "AdminApiTest", "DeploymentOutcomesTest"));
        REPLAYED_BY.put("When a value is refused", List.of("TruthfulReadinessTest", "AuthSettingsTest"));
        REPLAYED_BY.put("Hot-swap procedure", List.of("HotDeployTest", "DriverHotSwapTest"));
        REPLAYED_BY.put("Upgrading a feature with `bundle:update`", List.of("DriverHotSwapTest"));
        REPLAYED_BY.put("Code keys", List.of("CodeKeysTest"));
        REPLAYED_BY.put("Logging", List.of("LoggingTest"));
        REPLAYED_BY.put("Alerts", List.of("AlertRulesTest", "AlertRulesOnARunningServerTest"));
        REPLAYED_BY.put("Runbook: the server (or its container) won't start",
                List.of("OperatorScriptsTest", "PortTakenTest", "DatabaseOutageTest", "BootWindowTest"));
    }

    /** Quoted messages printed by Karaf or the JDK, not by Nerava's code: where each comes from. */
    private static final Map<String, String> PRINTED_BY_OTHERS = Map.of(
            "Address already in use", "the JDK's BindException, under Tomcat's 'Failed to initialize component' error",
            "Waiting for the lock ...", "Karaf's launcher, while another instance holds data/lock");

    /** A heading that names a procedure an operator follows. */
    private static final Pattern RUNBOOK_HEADING = Pattern.compile("^#{2,3} (Runbook: .*|When .*|.*procedure.*)$");
    /** A quoted command, path, variable or key rather than a message. */
    private static final Pattern NOT_A_MESSAGE = Pattern.compile("^(nerava:|curl|grep|config:|bin/|feature:|scr:|"
            + "log:|bundle:|docker|systemctl|ss |java|chown|tar |pg_|createdb|head |echo|sudo|POST |GET |PUT |DELETE |"
            + "promtool|\\$|data/|etc/|org\\.|NERAVA_|TWILIO|POSTHOG|https?:)");
    /**
     * What stands for a value in a quoted message ({@code <id>}, {@code ...}, numbers, example ids in quotes, reasons
     * in capitals) or is often composed apart from it (a detail in parentheses): the longest piece between them must
     * be found as it is.
     */
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "<[^>]+>|\\.\\.\\.|…|\\b\\d+(xx)?\\b|'[^']*'|\\bN\\b|\\b[A-Z][A-Z_]{3,}\\b|[()]");

    private final Path root = repositoryRoot();
    private final String guide = read(root.resolve("docs/operations.md"));

    @Test
    void everyRunbookHasAReplayAndEveryReplayExists() {
        Set<String> headings = headings();
        Set<String> runbooks = headings.stream().filter(h -> RUNBOOK_HEADING.matcher("## " + h).matches())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(REPLAYED_BY.keySet()).as("runbooks of operations.md without a replay: add them to REPLAYED_BY")
                .containsAll(runbooks);
        assertThat(headings).as("headings named in REPLAYED_BY").containsAll(REPLAYED_BY.keySet());
        Set<String> testClasses = testSources().stream()
                .map(p -> p.getFileName().toString().replace(".java", "")).collect(Collectors.toSet());
        REPLAYED_BY.forEach((runbook, tests) -> assertThat(testClasses).as("replays of '" + runbook + "'")
                .containsAll(tests));
    }

    @Test
    void theMessagesARunbookQuotesAreInTheCodeOrInATestOfItsOutput() {
        // A Java string continued on the next line ("... made at" + " start-up") is read as one.
        String code = Stream.concat(productSources().stream(), testSources().stream()).map(RunbooksTest::read)
                .collect(Collectors.joining("\n")).replaceAll("\"\\s*\\+\\s*\"", "");
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, String> section : sections().entrySet()) {
            if (!REPLAYED_BY.containsKey(section.getKey())) {
                continue;
            }
            Matcher span = Pattern.compile("`([^`\\n]+)`").matcher(section.getValue());
            while (span.find()) {
                String quoted = span.group(1);
                if (quoted.split("\\s+").length < 3 || NOT_A_MESSAGE.matcher(quoted).find()
                        || PRINTED_BY_OTHERS.containsKey(quoted) || quoted.contains(" | ")) {
                    continue;
                }
                checked++;
                String longest = PLACEHOLDER.splitAsStream(quoted).map(String::strip)
                        .max((a, b) -> Integer.compare(a.length(), b.length())).orElse("");
                if (longest.length() >= 12 && !code.contains(longest)) {
                    wrong.add(section.getKey() + ": `" + quoted + "` (not found: \"" + longest + "\")");
                }
            }
        }
        System.out.println("RunbooksTest: " + checked + " quoted messages checked");
        assertThat(wrong).as("messages quoted by runbooks that nothing prints or asserts any more").isEmpty();
        assertThat(checked).isGreaterThan(20);
    }

    private Set<String> headings() {
        return sections().keySet();
    }

    /** Heading text (without #) to the text under it, up to the next heading of any level. */
    private Map<String, String> sections() {
        Map<String, String> sections = new LinkedHashMap<>();
        String heading = null;
        StringBuilder text = new StringBuilder();
        boolean inFence = false;
        for (String line : guide.split("\n")) {
            if (line.startsWith("```")) {
                inFence = !inFence;
            }
            if (!inFence && line.matches("^#{2,4} .*")) {
                if (heading != null) {
                    sections.put(heading, text.toString());
                }
                heading = line.replaceFirst("^#+ ", "");
                text.setLength(0);
            } else {
                text.append(line).append('\n');
            }
        }
        if (heading != null) {
            sections.put(heading, text.toString());
        }
        return sections;
    }

    private List<Path> productSources() {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("bundles", "otp-providers")) {
            files.addAll(javaFiles(root.resolve(dir), "/src/main/"));
        }
        files.add(root.resolve("etc/nerava-alerts.yml"));
        try (Stream<Path> scripts = Files.list(root.resolve("karaf-assembly/src/main/assembly/bin"))) {
            scripts.filter(Files::isRegularFile).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private List<Path> testSources() {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("bundles", "otp-providers", "itests")) {
            files.addAll(javaFiles(root.resolve(dir), "/src/test/"));
        }
        return files;
    }

    private static List<Path> javaFiles(Path dir, String part) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".java") && p.toString().contains(part)
                    && !p.toString().contains("/target/")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/operations.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).isNotNull();
        return dir;
    }
}
