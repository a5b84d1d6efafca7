package org.nerava.merchants.internal.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a catalog file: chargers, each with the merchants that belong to it (format in docs/operations.md). Every
 * problem in the file is reported at once, each with its line and place
 * ({@code line 12: chargers[2].merchants[0].lat}), and a file
 * with any problem loads nothing. The file is streamed: one charger and its merchants in memory at a time, handed
 * to a {@link Sink} while the file has shown no problem, so a load writes as it reads and rolls back at the end if a
 * problem came later.
 */
public final class SeedFile {

    /** At most this many problems are listed; a file that bad needs fixing as a whole. */
    private static final int MAX_PROBLEMS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a valid file holds. */
    public record Contents(List<Charger> chargers, List<Merchant> merchants) {
    }

    /** Takes the file's chargers one by one, each with its merchants, as long as the file has no problem. */
    @FunctionalInterface
    public interface Sink {
        void accept(Charger charger, List<Merchant> merchants);
    }

    /** The file is missing, unreadable or invalid; the message says where and why. */
    public static final class SeedFileException extends Exception {
        private static final long serialVersionUID = 1L;

        SeedFileException(String message) {
            super(message);
        }
    }

    private final List<String> problems = new ArrayList<>();
    private final IdSet chargerIds = new IdSet();
    private final IdSet merchantIds = new IdSet();
    private final Sink sink;
    private List<Merchant> merchants;

    private SeedFile(Sink sink) {
        this.sink = sink;
    }

    /** The whole file in memory: for files of a size that fits (tests, the shipped seed). */
    public static Contents read(Path file) throws SeedFileException {
        Collector collector = new Collector();
        stream(file, collector);
        return collector.contents();
    }

    /** Streams the file into the sink; throws, after the whole file is read, if it has any problem. */
    public static void stream(Path file, Sink sink) throws SeedFileException {
        try (InputStream in = Files.newInputStream(file)) {
            stream(in, file.toString(), sink);
        } catch (NoSuchFileException e) {
            throw new SeedFileException(file + ": no such file");
        } catch (IOException e) {
            throw new SeedFileException(file + ": " + e.getMessage());
        }
    }

    static Contents parse(InputStream in, String name) throws SeedFileException, IOException {
        Collector collector = new Collector();
        stream(in, name, collector);
        return collector.contents();
    }

    static void stream(InputStream in, String name, Sink sink) throws SeedFileException, IOException {
        SeedFile seed = new SeedFile(sink);
        try (JsonParser parser = JSON.getFactory().createParser(in)) {
            seed.readRoot(parser);
        } catch (JsonProcessingException e) {
            throw new SeedFileException(name + ": not JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        if (!seed.problems.isEmpty()) {
            throw new SeedFileException(name + ": " + seed.problems.size()
                    + (seed.problems.size() >= MAX_PROBLEMS ? "+" : "") + " problem(s): "
                    + String.join("; ", seed.problems));
        }
    }

    /** The top object: its "chargers" array read one charger at a time, anything else skipped. */
    private void readRoot(JsonParser parser) throws IOException {
        boolean chargersSeen = false;
        if (parser.nextToken() == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("chargers") && value == JsonToken.START_ARRAY && !chargersSeen) {
                    chargersSeen = true;
                    int i = 0;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        readCharger(Located.read(parser, true), "chargers[" + i++ + "]");
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } else {
            parser.skipChildren();
        }
        if (!chargersSeen) {
            problem(1, "(top)", "must be an object with a \"chargers\" array");
        }
    }

    private void readCharger(Located charger, String at) {
        if (!charger.node().isObject()) {
            problem(charger.line(), at, "must be an object");
            return;
        }
        String id = id(charger, at, chargerIds);
        String name = text(charger, at, "name", 120, true);
        String address = text(charger, at, "address", 200, false);
        Double lat = coordinate(charger, at, "lat", 90);
        Double lng = coordinate(charger, at, "lng", 180);
        merchants = new ArrayList<>();
        JsonNode list = charger.node().path("merchants");
        if (!list.isMissingNode() && !list.isArray()) {
            problem(charger.lineOf("merchants"), at + ".merchants", "must be an array");
        } else {
            for (int i = 0; i < charger.merchants().size(); i++) {
                readMerchant(charger.merchants().get(i), at + ".merchants[" + i + "]", id);
            }
        }
        if (problems.isEmpty() && id != null && name != null && lat != null && lng != null) {
            sink.accept(new Charger(id, name, address, lat, lng), merchants);
        }
    }

    private void readMerchant(Located merchant, String at, String chargerId) {
        if (!merchant.node().isObject()) {
            problem(merchant.line(), at, "must be an object");
            return;
        }
        String id = id(merchant, at, merchantIds);
        String name = text(merchant, at, "name", 120, true);
        String category = text(merchant, at, "category", 40, true);
        String photoUrl = text(merchant, at, "photo_url", 1000, false);
        String offer = text(merchant, at, "offer", 500, true);
        Double lat = coordinate(merchant, at, "lat", 90);
        Double lng = coordinate(merchant, at, "lng", 180);
        if (chargerId != null && id != null && name != null && category != null && offer != null && lat != null
                && lng != null) {
            merchants.add(new Merchant(id, chargerId, name, category, photoUrl, lat, lng, offer));
        }
    }

    private String id(Located object, String at, IdSet seen) {
        String id = text(object, at, "id", 64, true);
        if (id == null) {
            return null;
        }
        if (!CatalogIds.isWellFormed(id)) {
            problem(object.lineOf("id"), at + ".id", "'" + id + "' is not 1-64 of A-Z a-z 0-9 _ -");
            return null;
        }
        if (!seen.add(id)) {
            problem(object.lineOf("id"), at + ".id", "'" + id + "' appears twice");
            return null;
        }
        return id;
    }

    private String text(Located object, String at, String field, int maxLength, boolean required) {
        JsonNode value = object.node().get(field);
        int line = object.lineOf(field);
        if (value == null || value.isNull()) {
            if (required) {
                problem(line, at + "." + field, "is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            problem(line, at + "." + field, "must be a string");
            return null;
        }
        String text = value.asText().strip();
        if (text.isEmpty()) {
            if (required) {
                problem(line, at + "." + field, "is required");
            }
            return null;
        }
        if (text.length() > maxLength) {
            problem(line, at + "." + field, "is longer than " + maxLength + " characters");
            return null;
        }
        return text;
    }

    private Double coordinate(Located object, String at, String field, double limit) {
        JsonNode value = object.node().get(field);
        int line = object.lineOf(field);
        if (value == null || !value.isNumber()) {
            problem(line, at + "." + field, "must be a number");
            return null;
        }
        double degrees = value.asDouble();
        if (!(degrees >= -limit && degrees <= limit)) {
            problem(line, at + "." + field, degrees + " is outside -" + (int) limit + ".." + (int) limit);
            return null;
        }
        return degrees;
    }

    /** Records a problem with the file's line, so an operator can open a million-row file where it is. */
    private void problem(int line, String at, String what) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add("line " + line + ": " + at + " " + what);
        }
    }

    /**
     * A charger or merchant as read from the stream, with the line it starts on and the line of each of its fields;
     * a charger's merchants are read the same way, one by one.
     */
    private record Located(JsonNode node, int line, Map<String, Integer> fieldLines, List<Located> merchants) {

        /** Reads the value at the parser's current token. */
        static Located read(JsonParser parser, boolean charger) throws IOException {
            int line = parser.currentTokenLocation().getLineNr();
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                return new Located(tree(parser), line, Map.of(), List.of());
            }
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            Map<String, Integer> fieldLines = new HashMap<>();
            List<Located> merchants = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                // A field named twice counts as its last value, as a JSON tree would read it.
                fieldLines.put(field, parser.currentTokenLocation().getLineNr());
                JsonToken value = parser.nextToken();
                if (charger && field.equals("merchants") && value == JsonToken.START_ARRAY) {
                    ArrayNode list = node.putArray(field);
                    merchants.clear();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        Located merchant = read(parser, false);
                        merchants.add(merchant);
                        list.add(merchant.node());
                    }
                } else {
                    node.set(field, tree(parser));
                }
            }
            return new Located(node, line, fieldLines, merchants);
        }

        private static JsonNode tree(JsonParser parser) throws IOException {
            JsonNode tree = parser.readValueAsTree();
            return tree == null ? NullNode.getInstance() : tree;
        }

        int lineOf(String field) {
            return fieldLines.getOrDefault(field, line);
        }
    }

    /** Keeps everything a file holds, for {@link #read}. */
    private static final class Collector implements Sink {
        private final List<Charger> chargers = new ArrayList<>();
        private final List<Merchant> merchants = new ArrayList<>();

        @Override
        public void accept(Charger charger, List<Merchant> more) {
            chargers.add(charger);
            merchants.addAll(more);
        }

        Contents contents() {
            return new Contents(List.copyOf(chargers), List.copyOf(merchants));
        }
    }
}
