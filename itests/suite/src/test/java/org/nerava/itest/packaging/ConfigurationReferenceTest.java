package org.nerava.itest.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * docs/operations.md's table of every configuration key cannot drift from the code: its rows must be exactly the
 * attributes of the metatype of every Nerava bundle in the built distribution (PID, key, default), with the
 * environment variable that the shipped etc/&lt;pid&gt;.cfg reads for the key; and every key a shipped .cfg sets must
 * be one the metatype describes. A failure prints the exact rows to add, remove or replace.
 */
class ConfigurationReferenceTest {

    static final String BEGIN = "<!-- config-table:begin";
    static final String END = "<!-- config-table:end -->";
    /** What names a secret among configuration keys; the shipped metatype's secrets all match, nothing else does. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i)(password|secret|token|apikey|hmackey)");
    private static final Pattern ENV = Pattern.compile("\\$\\[env:([A-Za-z0-9_]+);default=[^\\]]*]");

    /** One row: the first four columns are checked, the fifth (what) is free prose. */
    record Row(String pid, String key, String defaultValue, String env, String what) {
        String checked() {
            return "| `" + pid + "` | `" + key + "` | " + defaultValue + " | " + env + " |";
        }

        String line() {
            return checked() + " " + what + " |";
        }
    }

    private final Path root = DockerfileTest.repositoryRoot();

    @Test
    void theOperationsTableListsExactlyTheKeysOfTheMetatype() throws Exception {
        Map<String, Row> code = new TreeMap<>();
        for (Row row : metatypeRows()) {
            code.put(row.pid() + " " + row.key(), row);
        }
        assertThat(code).as("metatype found in the distribution").isNotEmpty();
        Map<String, Row> documented = documentedRows();

        List<String> add = new ArrayList<>();
        List<String> replace = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        code.forEach((id, row) -> {
            Row doc = documented.get(id);
            if (doc == null) {
                add.add(row.line());
            } else if (!doc.checked().equals(row.checked())) {
                replace.add("  " + doc.checked() + "\n  with " + row.checked());
            }
        });
        documented.forEach((id, row) -> {
            if (!code.containsKey(id)) {
                remove.add(row.line());
            }
        });
        StringBuilder message = new StringBuilder();
        if (!add.isEmpty()) {
            message.append("docs/operations.md, \"Every configuration key\": add these rows (keys in the metatype of a"
                    + " bundle, missing from the table; keep the table sorted by PID, then key):\n")
                    .append(String.join("\n", add)).append('\n');
        }
        if (!replace.isEmpty()) {
            message.append("replace these rows (default or env variable differs from the code and etc/):\n")
                    .append(String.join("\n", replace)).append('\n');
        }
        if (!remove.isEmpty()) {
            message.append("remove these rows (no bundle's metatype has these keys):\n")
                    .append(String.join("\n", remove)).append('\n');
        }
        assertThat(message.toString()).as("the configuration table").isEmpty();
    }

    @Test
    void everyKeyAShippedCfgSetsIsDescribedByTheMetatype() throws Exception {
        Map<String, List<String>> described = new TreeMap<>();
        for (Row row : metatypeRows()) {
            described.computeIfAbsent(row.pid(), p -> new ArrayList<>()).add(row.key());
        }
        List<String> undescribed = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("etc"))) {
            for (Path cfg : files.filter(f -> f.getFileName().toString().matches("org\\.nerava\\..*\\.cfg")).toList()) {
                String pid = cfg.getFileName().toString().replaceFirst("\\.cfg$", "");
                for (String key : cfgValues(cfg).keySet()) {
                    if (!described.getOrDefault(pid, List.of()).contains(key)) {
                        undescribed.add(cfg.getFileName() + ": " + key);
                    }
                }
            }
        }
        assertThat(undescribed).as("keys set in etc/ that no metatype describes (a typo, or a missing"
                + " @AttributeDefinition)").isEmpty();
    }

    /**
     * Declarative Services publishes a component's configuration as the properties of the services it registers, for
     * any bundle, {@code service:list} and JMX to read, except keys that start with a dot. So a secret (an attribute
     * of type Password) without a leading dot may only be read by components that register no service through DS
     * (they register theirs by hand, without the configuration). The same rule for the DataSource's configuration,
     * whose undotted keys pax-jdbc-config publishes.
     */
    @Test
    void noSecretIsPublishedAsAServiceProperty() throws Exception {
        Map<String, List<String>> secrets = new TreeMap<>();
        Map<String, List<String>> publishing = new TreeMap<>();
        List<String> untyped = new ArrayList<>();
        forEachEntry(entry -> entry.getName().startsWith("OSGI-INF/") && entry.getName().endsWith(".xml"),
                doc -> {
                    for (Element ad : elements(doc, "AD")) {
                        String key = ad.getAttribute("id");
                        if (SECRET_NAME.matcher(key).find() && !"Password".equals(ad.getAttribute("type"))) {
                            untyped.add(key + " (" + ad.getAttribute("type") + ")");
                        }
                        if ("Password".equals(ad.getAttribute("type")) && !key.startsWith(".")) {
                            for (Element designate : elements(doc, "Designate")) {
                                String pid = designate.hasAttribute("factoryPid") ? designate.getAttribute("factoryPid")
                                        : designate.getAttribute("pid");
                                secrets.computeIfAbsent(pid, p -> new ArrayList<>()).add(key);
                            }
                        }
                    }
                    List<Element> components = new ArrayList<>(elements(doc, "scr:component"));
                    components.addAll(elements(doc, "component"));
                    for (Element component : components) {
                        String pids = component.hasAttribute("configuration-pid")
                                ? component.getAttribute("configuration-pid").replace("$", component.getAttribute("name"))
                                : component.getAttribute("name");
                        if (component.getElementsByTagName("service").getLength() > 0
                                && !"ignore".equals(component.getAttribute("configuration-policy"))) {
                            for (String pid : pids.split("\\s+")) {
                                publishing.computeIfAbsent(pid, p -> new ArrayList<>()).add(component.getAttribute("name"));
                            }
                        }
                    }
                });
        assertThat(secrets).as("Password attributes found in the distribution's metatype").isNotEmpty();
        assertThat(untyped).as("attributes named as secrets must be of type Password (@AttributeDefinition(type ="
                + " AttributeType.PASSWORD)): the rule below finds a secret, and a web console masks it, by its type")
                .isEmpty();
        List<String> leaks = new ArrayList<>();
        secrets.forEach((pid, keys) -> publishing.getOrDefault(pid, List.of()).forEach(component -> leaks.add(
                component + " publishes PID " + pid + " with its secret " + keys + " as service properties")));
        String features = Files.readString(root.resolve("features/src/main/feature/features.xml"));
        Matcher dataSource = Pattern.compile("(?s)<config name=\"org\\.ops4j\\.datasource-nerava\">(.*?)</config>")
                .matcher(features);
        assertThat(dataSource.find()).as("the DataSource's configuration in features.xml").isTrue();
        for (String line : dataSource.group(1).split("\n")) {
            String key = line.strip().split("\\s*=", 2)[0];
            if (!key.startsWith(".") && key.matches("(?i).*(password|secret|token).*")) {
                leaks.add("features.xml, org.ops4j.datasource-nerava: key " + key
                        + " is published on the DataSource service; name it ." + key);
            }
        }
        assertThat(leaks).as("secrets published as service properties: give the key a leading dot, or register the"
                + " component's services by hand (service = {}) as CurrentSettings of exclusives does").isEmpty();
    }

    private interface EntryVisitor {
        void visit(Document doc) throws Exception;
    }

    /** Parses every matching entry of every Nerava bundle jar in the distribution. */
    private void forEachEntry(java.util.function.Predicate<ZipEntry> wanted, EntryVisitor visitor) throws Exception {
        Path bundles = root.resolve("karaf-assembly/target/assembly/system/org/nerava");
        assertThat(bundles).as("the distribution is built (mvn install)").isDirectory();
        List<Path> jars;
        try (Stream<Path> files = Files.walk(bundles)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    if (wanted.test(entry)) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            visitor.visit(factory.newDocumentBuilder().parse(in));
                        }
                    }
                }
            }
        }
    }

    private static List<Element> elements(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }

    /** Every attribute of every designated OCD of the Nerava bundles in the distribution. */
    List<Row> metatypeRows() throws Exception {
        List<Row> rows = new ArrayList<>();
        forEachEntry(entry -> entry.getName().startsWith("OSGI-INF/metatype/") && entry.getName().endsWith(".xml"),
                doc -> rows.addAll(rowsOf(doc)));
        return rows;
    }

    private List<Row> rowsOf(Document doc) throws IOException {
        Map<String, Element> ocds = new LinkedHashMap<>();
        NodeList ocdList = doc.getElementsByTagName("OCD");
        for (int i = 0; i < ocdList.getLength(); i++) {
            Element ocd = (Element) ocdList.item(i);
            ocds.put(ocd.getAttribute("id"), ocd);
        }
        List<Row> rows = new ArrayList<>();
        NodeList designates = doc.getElementsByTagName("Designate");
        for (int i = 0; i < designates.getLength(); i++) {
            Element designate = (Element) designates.item(i);
            String pid = designate.hasAttribute("factoryPid") ? designate.getAttribute("factoryPid")
                    : designate.getAttribute("pid");
            Element object = (Element) designate.getElementsByTagName("Object").item(0);
            Element ocd = ocds.get(object.getAttribute("ocdref"));
            Map<String, String> cfg = cfgValues(root.resolve("etc/" + pid + ".cfg"));
            NodeList ads = ocd.getElementsByTagName("AD");
            for (int j = 0; j < ads.getLength(); j++) {
                Element ad = (Element) ads.item(j);
                String key = ad.getAttribute("id");
                String defaultValue = unescape(ad.getAttribute("default"));
                Matcher env = ENV.matcher(cfg.getOrDefault(key, ""));
                String what = ad.getAttribute("description");
                int sentence = what.indexOf(". ");
                rows.add(new Row(pid, key, defaultValue.isEmpty() ? "–" : "`" + defaultValue + "`",
                        env.find() ? "`" + env.group(1) + "`" : "–",
                        sentence > 0 ? what.substring(0, sentence) : what.replaceFirst("\\.$", "")));
            }
        }
        return rows;
    }

    /** bnd escapes spaces and commas in metatype defaults. */
    private static String unescape(String value) {
        return value.replace("\\ ", " ").replace("\\,", ",");
    }

    /** The keys and raw values of a .cfg file (none when it does not exist). */
    private static Map<String, String> cfgValues(Path cfg) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.exists(cfg)) {
            return values;
        }
        for (String line : Files.readAllLines(cfg)) {
            String trimmed = line.strip();
            int equals = trimmed.indexOf('=');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || equals < 0) {
                continue;
            }
            values.put(trimmed.substring(0, equals).strip(), trimmed.substring(equals + 1).strip());
        }
        return values;
    }

    private Map<String, Row> documentedRows() throws IOException {
        String text = Files.readString(root.resolve("docs/operations.md"));
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as("docs/operations.md has the marker " + BEGIN).isNotNegative();
        assertThat(end).as("docs/operations.md has the marker " + END).isGreaterThan(begin);
        Map<String, Row> rows = new TreeMap<>();
        Pattern row = Pattern.compile("^\\| `([^`]+)` \\| `([^`]+)` \\| (.*?) \\| (.*?) \\| (.*) \\|$");
        for (String line : text.substring(begin, end).split("\n")) {
            Matcher m = row.matcher(line.strip());
            if (m.matches()) {
                Row parsed = new Row(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5));
                assertThat(rows.put(parsed.pid() + " " + parsed.key(), parsed)).as("row listed twice: " + line)
                        .isNull();
            }
        }
        return rows;
    }
}
