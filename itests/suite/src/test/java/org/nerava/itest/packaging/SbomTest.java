package org.nerava.itest.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nerava.itest.harness.DistributionArchive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The CycloneDX document attached next to the distribution names every jar the archive holds (system/, lib/) and
 * every library embedded in a jar of ours, each with its version and the SHA-256 of the bytes that ship.
 */
class SbomTest {

    @TempDir
    static Path unpacked;

    /** nerava:path of each component (nested ones as {@code outer.jar!/lib/inner.jar}) to its node. */
    private static final Map<String, JsonNode> COMPONENTS = new HashMap<>();
    private static JsonNode sbom;

    @BeforeAll
    static void readBoth() throws IOException {
        DistributionArchive.unpackInto(unpacked);
        sbom = new ObjectMapper().readTree(Path.of(System.getProperty("nerava.sbom",
                "target/it/nerava-server-cyclonedx.json")).toFile());
        collect(sbom.get("components"));
    }

    private static void collect(JsonNode components) {
        for (JsonNode component : components) {
            COMPONENTS.put(component.at("/properties/0/value").asText(), component);
            if (component.has("components")) {
                collect(component.get("components"));
            }
        }
    }

    @Test
    void isACycloneDxDocumentOfThisDistribution() {
        assertThat(sbom.get("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(sbom.get("specVersion").asText()).isEqualTo("1.5");
        assertThat(sbom.at("/metadata/component/name").asText()).isEqualTo("nerava-server");
    }

    @Test
    void namesEveryJarOfTheArchiveWithItsHash() throws IOException {
        List<String> missing = new ArrayList<>();
        List<String> wrongHash = new ArrayList<>();
        int jars = 0;
        try (Stream<Path> files = Files.walk(unpacked)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).toList()) {
                jars++;
                String path = unpacked.relativize(jar).toString().replace('\\', '/');
                check(path, Files.readAllBytes(jar), missing, wrongHash);
            }
        }
        assertThat(jars).as("jars in the archive").isGreaterThan(100);
        assertThat(missing).as("jars of the distribution missing from the SBOM").isEmpty();
        assertThat(wrongHash).as("jars whose SHA-256 differs from the SBOM's").isEmpty();
    }

    @Test
    void namesTheLibrariesTheTwilioClientEmbedsWithVersions() throws IOException {
        Path twilioClient;
        try (Stream<Path> files = Files.walk(unpacked.resolve("system/org/nerava/twilio-client"))) {
            twilioClient = files.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        String outer = unpacked.relativize(twilioClient).toString().replace('\\', '/');
        List<String> missing = new ArrayList<>();
        List<String> wrongHash = new ArrayList<>();
        int embedded = 0;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(twilioClient))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.getName().endsWith(".jar")) {
                    embedded++;
                    check(outer + "!/" + entry.getName(), zip.readAllBytes(), missing, wrongHash);
                }
            }
        }
        assertThat(embedded).as("libraries embedded in the Twilio client").isGreaterThan(5);
        assertThat(missing).isEmpty();
        assertThat(wrongHash).isEmpty();
        JsonNode sdk = COMPONENTS.values().stream().filter(c -> c.path("name").asText().equals("twilio")).findFirst()
                .orElseThrow(() -> new AssertionError("no Twilio SDK in the SBOM"));
        assertThat(sdk.get("group").asText()).isEqualTo("com.twilio.sdk");
        assertThat(sdk.get("version").asText()).isNotBlank();
        assertThat(sdk.get("purl").asText()).startsWith("pkg:maven/com.twilio.sdk/twilio@");
    }

    private static void check(String path, byte[] bytes, List<String> missing, List<String> wrongHash)
            throws IOException {
        JsonNode component = COMPONENTS.get(path);
        if (component == null) {
            missing.add(path);
            return;
        }
        if (!component.at("/hashes/0/content").asText().equals(sha256(bytes))) {
            wrongHash.add(path);
        }
        if (!path.contains("!/") && bytes.length > 0) {
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    if (entry.getName().endsWith(".jar")) {
                        check(path + "!/" + entry.getName(), zip.readAllBytes(), missing, wrongHash);
                    }
                }
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
