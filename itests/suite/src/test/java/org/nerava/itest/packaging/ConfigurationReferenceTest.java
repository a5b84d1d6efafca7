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

    /** Every attribute of every designated OCD of the Nerava bundles in the distribution. */
    List<Row> metatypeRows() throws Exception {
        Path bundles = root.resolve("karaf-assembly/target/assembly/system/org/nerava");
        assertThat(bundles).as("the distribution is built (mvn install)").isDirectory();
        List<Row> rows = new ArrayList<>();
        List<Path> jars;
        try (Stream<Path> files = Files.walk(bundles)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    if (entry.getName().startsWith("OSGI-INF/metatype/") && entry.getName().endsWith(".xml")) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            rows.addAll(rowsOf(in));
                        }
                    }
                }
            }
        }
        return rows;
    }

    private List<Row> rowsOf(InputStream xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        Document doc = factory.newDocumentBuilder().parse(xml);
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
