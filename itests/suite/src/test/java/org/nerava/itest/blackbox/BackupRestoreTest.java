package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

/**
 * The documented backup of the embedded database, online: {@code nerava:backup <file>} while drivers keep adding
 * favorites, then {@code bin/nerava-restore <file>} into a fresh distribution. Every favorite acknowledged before the
 * backup command was given is there after the restore (and the drivers' sessions with them); the backup is audited.
 */
class BackupRestoreTest {

    private static final String[] DRIVERS = {"+14155550141", "+14155550142", "+14155550143"};

    @TempDir
    Path folder;

    @Test
    void anOnlineBackupRestoresEveryFavoriteAcknowledgedBeforeIt() throws Exception {
        Path backup = folder.resolve("nerava-backup.zip");
        Map<String, String> tokens = new ConcurrentHashMap<>();
        Map<String, Set<String>> acknowledgedBeforeBackup = new ConcurrentHashMap<>();
        try (NeravaServer server = NeravaServer.start()) {
            List<String> merchants = new ArrayList<>();
            server.get("/v1/merchants?lat=37.78235&lng=-122.40255&radius_m=50000&limit=200").json().get("merchants")
                    .forEach(merchant -> merchants.add(merchant.get("id").asText()));
            assertThat(merchants).hasSizeGreaterThan(10);
            for (String phone : DRIVERS) {
                tokens.put(phone, server.signIn(phone));
                acknowledgedBeforeBackup.put(phone, ConcurrentHashMap.newKeySet());
            }

            // Each driver adds a favorite every few milliseconds; the backup is taken half-way.
            long[] backupStartedAt = {Long.MAX_VALUE};
            ExecutorService writers = Executors.newFixedThreadPool(DRIVERS.length);
            List<Future<?>> running = new ArrayList<>();
            for (String phone : DRIVERS) {
                running.add(writers.submit(() -> {
                    for (String merchant : merchants) {
                        long sentAt = System.nanoTime();
                        HttpResult added = server.send("POST", "/v1/merchants/" + merchant + "/favorite", null,
                                Map.of("Authorization", "Bearer " + tokens.get(phone)));
                        assertThat(added.status()).as(added.toString()).isIn(200, 201);
                        synchronized (backupStartedAt) {
                            if (sentAt < backupStartedAt[0] && System.nanoTime() < backupStartedAt[0]) {
                                acknowledgedBeforeBackup.get(phone).add(merchant);
                            }
                        }
                        NeravaServer.sleep(15);
                    }
                    return null;
                }));
            }
            while (acknowledgedBeforeBackup.values().stream().mapToInt(Set::size).sum() < DRIVERS.length * 3) {
                NeravaServer.sleep(5);
            }
            synchronized (backupStartedAt) {
                backupStartedAt[0] = System.nanoTime();
            }
            String output = server.shell("nerava:backup " + backup);
            for (Future<?> writer : running) {
                writer.get(120, TimeUnit.SECONDS);
            }
            writers.shutdown();
            assertThat(output).contains("Backup written: " + backup);
            assertThat(backup).isRegularFile();
            assertThat(server.shell("nerava:audit --action database.backup")).contains("SUCCESS");
            assertThat(server.shell("nerava:backup " + backup)).contains("exists already");
        }

        try (NeravaServer restored = NeravaServer.start(Map.of(), home -> restore(home, backup))) {
            for (String phone : DRIVERS) {
                JsonNode favorites = restored.getAuthorized("/v1/merchants/favorites", tokens.get(phone)).json();
                Set<String> present = new HashSet<>();
                favorites.get("favorites").forEach(favorite -> present.add(favorite.get("merchant_id").asText()));
                assertThat(present).as("favorites of %s after the restore", phone)
                        .containsAll(acknowledgedBeforeBackup.get(phone));
                assertThat(acknowledgedBeforeBackup.get(phone)).isNotEmpty();
            }
        }
    }

    private static void restore(Path home, Path backup) {
        try {
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/nerava-restore").toString(), backup.toString())
                    .directory(home.toFile()).redirectErrorStream(true);
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(output).isZero();
            assertThat(home.resolve("data/h2/nerava.mv.db")).isRegularFile();
            assertThat(Files.size(home.resolve("data/h2/nerava.mv.db"))).isPositive();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
