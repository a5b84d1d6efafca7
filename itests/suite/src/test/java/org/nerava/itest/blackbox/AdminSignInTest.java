package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

/**
 * Admin sign-in of the built distribution. Sessions: a password opens a token that the console sends instead, sign-out
 * and {@code nerava:admin-sessions} end it, and a token cannot open another session. Guessing a password, as an
 * attacker would: wrong passwords from one address are answered 429 with
 * {@code Retry-After} after a few, the right password is refused the same way during the lock, and works once it has
 * passed; another user from another address is not affected; the lock is audited and listed by
 * {@code nerava:admin-locks}, which also lifts it. Addresses come from {@code X-Forwarded-For}, the loopback being
 * configured as our own proxy.
 */
class AdminSignInTest {

    private static final String ALICE_PASSWORD = "alice-" + UUID.randomUUID();
    private static final String BOB_PASSWORD = "bob-" + UUID.randomUUID();
    private static final String GUESSER = "198.51.100.66";
    @AutoClose
    private static NeravaServer server;

    @BeforeAll
    static void boot() {
        server = NeravaServer.start(Map.of(), List.of(
                "alice = " + ALICE_PASSWORD + ",_g_:admingroup",
                "bob = " + BOB_PASSWORD + ",_g_:admingroup",
                "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh"));
        server.configure("org.nerava.admin", "trustedProxies", "127.0.0.1", "lockBaseSeconds", "1",
                "lockMaxSeconds", "2");
        server.awaitReady();
    }

    @Test
    void guessesAreLockedOutTheRightPasswordWaitsAndOthersAreUnaffected() {
        int answered401 = 0;
        HttpResult locked = null;
        for (int guess = 1; guess <= 20 && locked == null; guess++) {
            HttpResult answer = audit("alice", "guess-" + guess, GUESSER);
            if (answer.status() == 429) {
                locked = answer;
            } else {
                assertThat(answer.status()).as(answer.body()).isEqualTo(401);
                answered401++;
            }
        }
        assertThat(locked).as("locked before the 20th guess").isNotNull();
        assertThat(answered401).isLessThan(19);
        assertThat(locked.header("Content-Type")).startsWith("application/problem+json");
        assertThat(locked.json().get("code").asText()).isEqualTo("too_many_attempts");
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 2L);

        assertThat(audit("alice", ALICE_PASSWORD, GUESSER).status()).as("the right password, locked").isEqualTo(429);
        assertThat(audit("bob", BOB_PASSWORD, "203.0.113.20").status()).as("another user, another address")
                .isEqualTo(200);

        String locks = server.shellAs("bob", BOB_PASSWORD, "nerava:admin-locks");
        assertThat(locks).contains("user:alice", "address:" + GUESSER);

        NeravaServer.sleep(2_100);
        assertThat(audit("alice", ALICE_PASSWORD, GUESSER).status()).as("after the lock").isEqualTo(200);

        HttpResult trail = audit("bob", BOB_PASSWORD, "203.0.113.20", "?action=admin.lock&limit=10");
        assertThat(trail.json().get("entries").toString()).contains("user:alice", "address:" + GUESSER);
        assertThat(server.get("/metrics").body()).containsPattern("nerava_admin_sign_in_locks_total\\{[^}]*scope=\"user\"");
    }

    @Test
    void anOperatorLiftsALockFromTheShell() {
        String address = "198.51.100.77";
        HttpResult answer;
        int guess = 0;
        do {
            answer = audit("carol-" + UUID.randomUUID(), "guess", address);
            guess++;
        } while (answer.status() != 429 && guess < 20);
        assertThat(answer.status()).isEqualTo(429);

        String lifted = server.shellAs("bob", BOB_PASSWORD, "nerava:admin-locks --clear address:" + address);

        assertThat(lifted).contains("Lifted: address:" + address);
        assertThat(audit("bob", BOB_PASSWORD, address).status()).isEqualTo(200);
    }

    @Test
    void passwordsWrittenInClearBeforeTheBootAreKeptAsHashesAndStillSignIn() throws Exception {
        java.nio.file.Path usersFile = server.home().resolve("etc/users.properties");
        String users = java.nio.file.Files.readString(usersFile);
        for (int i = 0; i < 100 && (users.contains(ALICE_PASSWORD) || users.contains(BOB_PASSWORD)); i++) {
            NeravaServer.sleep(100);
            users = java.nio.file.Files.readString(usersFile);
        }

        assertThat(users).doesNotContain(ALICE_PASSWORD).doesNotContain(BOB_PASSWORD)
                .contains("alice = {CRYPT}$2a$10$").contains("bob = {CRYPT}$2a$10$");
        assertThat(audit("alice", ALICE_PASSWORD, "203.0.113.9").status()).isEqualTo(200);
        // A wrong password for bob, not alice: alice's failures are counted by the guessing test.
        assertThat(audit("bob", ALICE_PASSWORD, "203.0.113.9").status()).isEqualTo(401);
    }

    @Test
    void aPasswordOpensASessionWhoseTokenWorksUntilSignOut() {
        HttpResult opened = server.send("POST", "/v1/admin/sessions", null, Map.of("Authorization",
                basic("bob", BOB_PASSWORD)));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        assertThat(opened.json().get("token_type").asText()).isEqualTo("Bearer");
        assertThat(opened.json().at("/session/user").asText()).isEqualTo("bob");
        String token = opened.json().get("token").asText();
        assertThat(opened.body()).doesNotContain(BOB_PASSWORD);

        assertThat(withToken("GET", "/v1/admin/audit?limit=1", token).status()).isEqualTo(200);
        HttpResult renewal = withToken("POST", "/v1/admin/sessions", token);
        assertThat(renewal.status()).as("a token opens no session").isEqualTo(403);
        assertThat(renewal.json().get("code").asText()).isEqualTo("password_required");

        assertThat(withToken("DELETE", "/v1/admin/sessions/current", token).status()).isEqualTo(204);
        HttpResult ended = withToken("GET", "/v1/admin/audit?limit=1", token);
        assertThat(ended.status()).isEqualTo(401);
        assertThat(ended.json().get("code").asText()).isEqualTo("session_ended");
    }

    @Test
    void anOperatorSeesAndRevokesSessionsFromTheShell() {
        String token = server.send("POST", "/v1/admin/sessions", null, Map.of("Authorization",
                basic("bob", BOB_PASSWORD))).json().get("token").asText();

        assertThat(server.shell("nerava:admin-sessions")).contains("bob");
        assertThat(server.shell("nerava:admin-sessions --revoke-user bob")).contains("Revoked 1 session(s) of bob");

        assertThat(withToken("GET", "/v1/admin/audit?limit=1", token).status()).isEqualTo(401);
        HttpResult trail = audit("bob", BOB_PASSWORD, "203.0.113.21", "?action=admin.session.revoke&limit=5");
        assertThat(trail.json().get("entries").toString()).contains("user:bob");
    }

    private static HttpResult withToken(String method, String path, String token) {
        return server.send(method, path, null, Map.of("Authorization", "Bearer " + token));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResult audit(String user, String password, String address) {
        return audit(user, password, address, "?limit=1");
    }

    private static HttpResult audit(String user, String password, String address, String query) {
        return server.send("GET", "/v1/admin/audit" + query, null, Map.of(
                "Authorization", basic(user, password), "X-Forwarded-For", address));
    }
}
