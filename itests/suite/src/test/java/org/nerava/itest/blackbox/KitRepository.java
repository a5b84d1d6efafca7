package org.nerava.itest.blackbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The local repository this build uses, holding what a plugin project needs from this build: the parent pom, the
 * SPI, the guard, the test kit and the archetype. After {@code mvn install} they are there already; after
 * {@code mvn verify} (CI) the reactor built them but installed nothing, so they are copied in from the modules'
 * {@code target/} exactly as {@code mvn install} would. Everything else (plugins, JUnit, bnd) the outer build
 * resolved into it already.
 */
final class KitRepository {

    /** artifactId to its module, relative to the source root. */
    private static final Map<String, String> MODULES = Map.of(
            "otp-api", "bundles/otp-api",
            "otp-guard", "bundles/otp-guard",
            "otp-provider-testkit", "otp-providers/testkit",
            "nerava-otp-provider-archetype", "otp-providers/archetype");

    private KitRepository() {
    }

    static Path prepared(String version) throws IOException {
        Path repository = Paths.get(System.getProperty("nerava.maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository"));
        Path sources = Paths.get(System.getProperty("nerava.source.root", "../.."));
        install(sources.resolve("pom.xml"), null, repository, "nerava-parent", version);
        for (Map.Entry<String, String> module : MODULES.entrySet()) {
            Path dir = sources.resolve(module.getValue());
            Path jar = dir.resolve("target/" + module.getKey() + "-" + version + ".jar");
            install(dir.resolve("pom.xml"), Files.exists(jar) ? jar : null, repository, module.getKey(), version);
        }
        return repository;
    }

    private static void install(Path pom, Path jar, Path repository, String artifactId, String version)
            throws IOException {
        Path dir = repository.resolve("org/nerava/" + artifactId + "/" + version);
        Path installedJar = dir.resolve(artifactId + "-" + version + ".jar");
        if (jar == null) {
            if (!artifactId.equals("nerava-parent") && !Files.exists(installedJar)) {
                throw new IllegalStateException(artifactId + " is neither built (" + pom.getParent()
                        + "/target) nor installed in " + repository + ": build it first");
            }
        } else {
            Files.createDirectories(dir);
            Files.copy(jar, installedJar, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(dir);
        Files.copy(pom, dir.resolve(artifactId + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
    }
}
