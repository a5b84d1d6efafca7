import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Writes the CycloneDX 1.5 bill of materials of the assembled distribution: every jar under it (system/ in Maven
 * layout, lib/), with its Maven coordinates, package URL and SHA-256 and SHA-1 hashes, and, nested in each jar, the
 * libraries it embeds on its Bundle-ClassPath (lib/*.jar inside the Twilio client and the metrics bundle).
 *
 * <p>Why not cyclonedx-maven-plugin: it describes a Maven project's dependency graph, while what ships is what the
 * Karaf assembly resolved from feature descriptors into system/, which no pom lists. Run by the karaf-assembly build
 * with plain {@code java} (no dependencies), so the document always describes the bytes that ship:
 *
 * <pre>java DistributionSbom.java ASSEMBLY_DIR OUTPUT.json NAME VERSION TIMESTAMP</pre>
 *
 * The serial number is derived from the content, so the same distribution gives the same document.
 */
public final class DistributionSbom {

    private static final Pattern FILE_NAME_VERSION = Pattern.compile("(.+?)-(\\d[\\w.+-]*)\\.jar");

    private record Library(String group, String name, String version, String path, byte[] bytes,
            List<Library> embedded) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: java DistributionSbom.java ASSEMBLY_DIR OUTPUT.json NAME VERSION TIMESTAMP");
            System.exit(2);
        }
        Path assembly = Path.of(args[0]);
        List<Library> libraries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(assembly)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                libraries.add(library(assembly.relativize(jar).toString().replace('\\', '/'),
                        Files.readAllBytes(jar)));
            }
        }
        String body = components(libraries, "    ");
        String serial = UUID.nameUUIDFromBytes(body.getBytes(StandardCharsets.UTF_8)).toString();
        String document = "{\n"
                + "  \"bomFormat\": \"CycloneDX\",\n"
                + "  \"specVersion\": \"1.5\",\n"
                + "  \"serialNumber\": \"urn:uuid:" + serial + "\",\n"
                + "  \"version\": 1,\n"
                + "  \"metadata\": {\n"
                + "    \"timestamp\": " + quote(args[4]) + ",\n"
                + "    \"component\": {\"type\": \"application\", \"bom-ref\": " + quote("pkg:maven/org.nerava/"
                + args[2] + "@" + args[3] + "?type=tar.gz") + ", \"group\": \"org.nerava\", \"name\": "
                + quote(args[2]) + ", \"version\": " + quote(args[3]) + "}\n"
                + "  },\n"
                + "  \"components\": [\n" + body + "\n  ]\n"
                + "}\n";
        Files.createDirectories(Path.of(args[1]).toAbsolutePath().getParent());
        Files.writeString(Path.of(args[1]), document);
        long embedded = libraries.stream().mapToLong(l -> l.embedded().size()).sum();
        System.out.println("SBOM: " + libraries.size() + " jars, " + embedded + " embedded libraries -> " + args[1]);
    }

    /** A jar of the distribution at {@code path}: coordinates from system/'s Maven layout, else from the jar. */
    private static Library library(String path, byte[] bytes) throws IOException {
        String[] parts = path.split("/");
        List<Library> embedded = embeddedLibraries(path, bytes);
        if (parts[0].equals("system") && parts.length >= 5) {
            String version = parts[parts.length - 2];
            String name = parts[parts.length - 3];
            String group = String.join(".", List.of(parts).subList(1, parts.length - 3));
            return new Library(group, name, version, path, bytes, embedded);
        }
        return described(path, bytes, embedded);
    }

    /** Coordinates from the jar's own META-INF/maven pom.properties, else from its file name. */
    private static Library described(String path, byte[] bytes, List<Library> embedded) throws IOException {
        Properties pom = pomProperties(bytes);
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        if (pom != null) {
            return new Library(pom.getProperty("groupId"), pom.getProperty("artifactId"), pom.getProperty("version"),
                    path, bytes, embedded);
        }
        Matcher named = FILE_NAME_VERSION.matcher(fileName);
        return named.matches()
                ? new Library(null, named.group(1), named.group(2), path, bytes, embedded)
                : new Library(null, fileName.substring(0, fileName.length() - 4), null, path, bytes, embedded);
    }

    private static List<Library> embeddedLibraries(String path, byte[] jar) throws IOException {
        List<Library> embedded = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(jar))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (!entry.isDirectory() && entry.getName().endsWith(".jar")) {
                    embedded.add(described(path + "!/" + entry.getName(), zip.readAllBytes(), List.of()));
                }
            }
        }
        return embedded;
    }

    /** The pom.properties of the jar's own artifact: exactly one, or none when it embeds several (shaded jars). */
    private static Properties pomProperties(byte[] jar) throws IOException {
        Properties found = null;
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(jar))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.getName().startsWith("META-INF/maven/") && entry.getName().endsWith("/pom.properties")) {
                    if (found != null) {
                        return null;
                    }
                    found = new Properties();
                    found.load(new java.io.ByteArrayInputStream(readAll(zip)));
                }
            }
        }
        return found;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static String components(List<Library> libraries, String indent) {
        List<String> objects = new ArrayList<>();
        for (Library library : libraries) {
            objects.add(component(library, indent));
        }
        return String.join(",\n", objects);
    }

    private static String component(Library library, String indent) {
        String purl = library.group() == null || library.version() == null ? null
                : "pkg:maven/" + library.group() + "/" + library.name() + "@" + library.version() + "?type=jar";
        StringBuilder json = new StringBuilder(indent).append("{\"type\": \"library\", \"bom-ref\": ")
                .append(quote(library.path()));
        if (library.group() != null) {
            json.append(", \"group\": ").append(quote(library.group()));
        }
        json.append(", \"name\": ").append(quote(library.name()));
        if (library.version() != null) {
            json.append(", \"version\": ").append(quote(library.version()));
        }
        if (purl != null) {
            json.append(", \"purl\": ").append(quote(purl));
        }
        json.append(", \"hashes\": [{\"alg\": \"SHA-256\", \"content\": \"").append(digest("SHA-256", library.bytes()))
                .append("\"}, {\"alg\": \"SHA-1\", \"content\": \"").append(digest("SHA-1", library.bytes()))
                .append("\"}]");
        json.append(", \"properties\": [{\"name\": \"nerava:path\", \"value\": ").append(quote(library.path()))
                .append("}]");
        if (!library.embedded().isEmpty()) {
            json.append(",\n").append(indent).append(" \"components\": [\n")
                    .append(components(library.embedded(), indent + "  ")).append("\n").append(indent).append(" ]");
        }
        return json.append("}").toString();
    }

    private static String digest(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
