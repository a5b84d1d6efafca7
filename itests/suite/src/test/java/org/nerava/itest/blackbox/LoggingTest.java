package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

/**
 * docs/operations.md, "Logging", replayed: {@code log:set DEBUG <logger>} from the shell makes favorites, sign-in and
 * configuration changes show in data/log/karaf.log (a sent code's number masked), until a restart (etc/ is left as
 * it was), {@code log:set DEFAULT} ends it, and a message longer than 500 characters is cut.
 */
class LoggingTest {

    private static final String PHONE = "+14155550177";

    @Test
    void debugOfAFeatureFromTheShellShowsItsWorkInTheLog() throws Exception {
        try (NeravaServer server = NeravaServer.start()) {
            server.shell("log:set DEBUG org.nerava.favorites\nlog:set DEBUG org.nerava.auth\n"
                    + "log:set DEBUG org.nerava.config");
            assertThat(server.shell("log:get ALL")).contains("org.nerava.favorites").contains("org.nerava.config");
            // Karaf's log:set updates the configuration through the API; fileinstall no longer writes such updates
            // into etc/ (felix.fileinstall.enableConfigSave=false), so the level lasts until the next restart.
            assertThat(Files.readString(server.home().resolve("etc/org.ops4j.pax.logging.cfg")))
                    .as("log:set lasts until a restart").doesNotContain("org.nerava.favorites");

            String token = server.signIn(PHONE);
            String otpLine = awaitLine(server, "DEBUG .*OTP deliver to \\*\\*\\*-\\*\\*\\*-0177 through 'console': sent"
                    + " in \\d+ ms \\(rid=");
            assertThat(otpLine).doesNotContain(PHONE);

            String merchant = server.get("/v1/merchants?lat=37.78235&lng=-122.40255&radius_m=50000&limit=1").json()
                    .get("merchants").get(0).get("id").asText();
            HttpResult added = server.send("POST", "/v1/merchants/" + merchant + "/favorite", null,
                    Map.of("Authorization", "Bearer " + token));
            assertThat(added.status()).as(added.toString()).isIn(200, 201);
            awaitLine(server, "DEBUG .*Favorite " + Pattern.quote(merchant) + " of driver \\S+: added");

            server.configure("org.nerava.auth", "resendIntervalSeconds", "29");
            awaitLine(server, "DEBUG .*Configuration org.nerava.auth updated.*resendIntervalSeconds=29");

            String longValue = "x".repeat(700);
            server.configure("org.nerava.exclusives", "loggingTestNote", longValue);
            String cut = awaitLine(server, "Configuration org.nerava.exclusives updated.*loggingTestNote=x+");
            String message = cut.substring(cut.indexOf("Configuration org.nerava.exclusives"));
            assertThat(message.length()).as("a message is cut at 500 characters: " + cut).isEqualTo(500);
            server.configure("org.nerava.exclusives", "loggingTestNote", null);

            server.shell("log:set DEFAULT org.nerava.favorites");
            long before = count(server, "Favorite .* of driver");
            HttpResult removed = server.send("DELETE", "/v1/merchants/" + merchant + "/favorite", null,
                    Map.of("Authorization", "Bearer " + token));
            assertThat(removed.status()).as(removed.toString()).isIn(200, 204);
            NeravaServer.sleep(1000);
            assertThat(count(server, "Favorite .* of driver")).as("no DEBUG after log:set DEFAULT").isEqualTo(before);
        }
    }

    private static String awaitLine(NeravaServer server, String regex) {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> lines = server.log().lines().filter(line -> pattern.matcher(line).find()).toList();
            if (!lines.isEmpty()) {
                return lines.get(lines.size() - 1);
            }
            NeravaServer.sleep(100);
        }
        throw new AssertionError("no line matching " + regex + " in data/log/karaf.log");
    }

    private static long count(NeravaServer server, String regex) {
        Matcher m = Pattern.compile(regex).matcher(server.log());
        return m.results().count();
    }
}
