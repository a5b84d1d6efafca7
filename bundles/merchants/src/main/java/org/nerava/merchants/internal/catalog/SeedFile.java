package org.nerava.merchants.internal.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a catalog file: chargers, each with the merchants that belong to it (format in docs/operations.md). Every
 * problem in the file is reported at once, each with its place ({@code chargers[2].merchants[0].lat}), and a file
 * with any problem loads nothing.
 */
public final class SeedFile {

    /** At most this many problems are listed; a file that bad needs fixing as a whole. */
    private static final int MAX_PROBLEMS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a valid file holds. */
    public record Contents(List<Charger> chargers, List<Merchant> merchants) {
    }

    /** The file is missing, unreadable or invalid; the message says where and why. */
    public static final class SeedFileException extends Exception {
        private static final long serialVersionUID = 1L;

        SeedFileException(String message) {
            super(message);
        }
    }

    private final List<String> problems = new ArrayList<>();
    private final Set<String> chargerIds = new HashSet<>();
    private final Set<String> merchantIds = new HashSet<>();
    private final List<Charger> chargers = new ArrayList<>();
    private final List<Merchant> merchants = new ArrayList<>();

    private SeedFile() {
    }

    public static Contents read(Path file) throws SeedFileException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new SeedFileException(file + ": no such file");
        } catch (IOException e) {
            throw new SeedFileException(file + ": " + e.getMessage());
        }
    }

    static Contents parse(InputStream in, String name) throws SeedFileException, IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new SeedFileException(name + ": not JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        SeedFile seed = new SeedFile();
        seed.readRoot(root);
        if (!seed.problems.isEmpty()) {
            throw new SeedFileException(name + ": " + seed.problems.size()
                    + (seed.problems.size() >= MAX_PROBLEMS ? "+" : "") + " problem(s): "
                    + String.join("; ", seed.problems));
        }
        return new Contents(List.copyOf(seed.chargers), List.copyOf(seed.merchants));
    }

    private void readRoot(JsonNode root) {
        if (root == null || !root.isObject() || !root.path("chargers").isArray()) {
            problem("(top)", "must be an object with a \"chargers\" array");
            return;
        }
        JsonNode list = root.get("chargers");
        for (int i = 0; i < list.size(); i++) {
            readCharger(list.get(i), "chargers[" + i + "]");
        }
    }

    private void readCharger(JsonNode node, String at) {
        if (!node.isObject()) {
            problem(at, "must be an object");
            return;
        }
        String id = id(node, at, chargerIds);
        String name = text(node, at, "name", 120, true);
        String address = text(node, at, "address", 200, false);
        Double lat = coordinate(node, at, "lat", 90);
        Double lng = coordinate(node, at, "lng", 180);
        if (id != null && name != null && lat != null && lng != null) {
            chargers.add(new Charger(id, name, address, lat, lng));
        }
        JsonNode list = node.path("merchants");
        if (!list.isMissingNode() && !list.isArray()) {
            problem(at + ".merchants", "must be an array");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            readMerchant(list.get(i), at + ".merchants[" + i + "]", id);
        }
    }

    private void readMerchant(JsonNode node, String at, String chargerId) {
        if (!node.isObject()) {
            problem(at, "must be an object");
            return;
        }
        String id = id(node, at, merchantIds);
        String name = text(node, at, "name", 120, true);
        String category = text(node, at, "category", 40, true);
        String photoUrl = text(node, at, "photo_url", 1000, false);
        String offer = text(node, at, "offer", 500, true);
        Double lat = coordinate(node, at, "lat", 90);
        Double lng = coordinate(node, at, "lng", 180);
        if (chargerId != null && id != null && name != null && category != null && offer != null && lat != null
                && lng != null) {
            merchants.add(new Merchant(id, chargerId, name, category, photoUrl, lat, lng, offer));
        }
    }

    private String id(JsonNode node, String at, Set<String> seen) {
        String id = text(node, at, "id", 64, true);
        if (id == null) {
            return null;
        }
        if (!CatalogIds.isWellFormed(id)) {
            problem(at + ".id", "'" + id + "' is not 1-64 of A-Z a-z 0-9 _ -");
            return null;
        }
        if (!seen.add(id)) {
            problem(at + ".id", "'" + id + "' appears twice");
            return null;
        }
        return id;
    }

    private String text(JsonNode node, String at, String field, int maxLength, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problem(at + "." + field, "is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            problem(at + "." + field, "must be a string");
            return null;
        }
        String text = value.asText().strip();
        if (text.isEmpty()) {
            if (required) {
                problem(at + "." + field, "is required");
            }
            return null;
        }
        if (text.length() > maxLength) {
            problem(at + "." + field, "is longer than " + maxLength + " characters");
            return null;
        }
        return text;
    }

    private Double coordinate(JsonNode node, String at, String field, double limit) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            problem(at + "." + field, "must be a number");
            return null;
        }
        double degrees = value.asDouble();
        if (!(degrees >= -limit && degrees <= limit)) {
            problem(at + "." + field, degrees + " is outside -" + (int) limit + ".." + (int) limit);
            return null;
        }
        return degrees;
    }

    private void problem(String at, String what) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(at + " " + what);
        }
    }
}
