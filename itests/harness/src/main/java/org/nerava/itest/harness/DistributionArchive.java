package org.nerava.itest.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** The built distribution tar.gz (system property {@code nerava.distribution}), unpacked as an operator would. */
public final class DistributionArchive {

    private DistributionArchive() {
    }

    public static Path path() {
        return Paths.get(System.getProperty("nerava.distribution", "target/it/nerava-server.tar.gz")).toAbsolutePath();
    }

    /** Unpacks the whole distribution into {@code target}, without its top folder; returns {@code target}. */
    public static Path unpackInto(Path target) {
        tar(target, 1);
        return target.toAbsolutePath();
    }

    /** Extracts only {@code bin/setenv}, into {@code home/bin}; fails when the archive has none. */
    public static void extractSetenv(Path home) {
        try {
            tar(Files.createDirectories(home.resolve("bin")), 2, "--wildcards", "*/bin/setenv");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void tar(Path target, int stripComponents, String... members) {
        List<String> command = new ArrayList<>(List.of("tar", "xzf", path().toString(),
                "--strip-components=" + stripComponents, "-C", target.toString()));
        command.addAll(List.of(members));
        try {
            Files.createDirectories(target);
            Process tar = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (tar.waitFor() != 0) {
                throw new IllegalStateException("cannot unpack " + path() + ": " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
