package org.nerava.merchants.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.nerava.merchants.GreatCircle;
import org.nerava.merchants.internal.catalog.SeedFile.SeedFileException;

class SeedFileTest {

    /** The file the distribution ships (the repository's etc/ is the distribution's etc/). */
    static final Path SHIPPED = Paths.get("../../etc/nerava-merchants.json");

    static SeedFile.Contents parse(String json) throws Exception {
        return SeedFile.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    @Test
    void theShippedCatalogIsValidAndEveryMerchantIsNearItsCharger() throws Exception {
        SeedFile.Contents contents = SeedFile.read(SHIPPED);
        assertThat(contents.chargers()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(contents.merchants()).hasSizeGreaterThanOrEqualTo(3 * contents.chargers().size());
        Map<String, Charger> chargers = contents.chargers().stream()
                .collect(Collectors.toMap(Charger::id, Function.identity()));
        for (Merchant merchant : contents.merchants()) {
            Charger charger = chargers.get(merchant.chargerId());
            assertThat(GreatCircle.distanceMeters(charger.lat(), charger.lng(), merchant.lat(), merchant.lng()))
                    .as(merchant.id()).isLessThan(600);
            // Each points at its drawn photo, shipped beside the catalog (tools/draw-merchant-photos.py).
            assertThat(merchant.photoUrl()).as(merchant.id()).isEqualTo(merchant.id() + ".svg");
            assertThat(SHIPPED.resolveSibling("nerava-merchant-photos").resolve(merchant.photoUrl()))
                    .as(merchant.id()).isRegularFile();
            assertThat(merchant.offer()).isNotBlank();
        }
        for (Charger charger : contents.chargers()) {
            assertThat(contents.merchants()).as(charger.id()).filteredOn(m -> m.chargerId().equals(charger.id()))
                    .hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void merchantsBelongToTheChargerTheyAreListedUnderAndUnknownFieldsAreIgnored() throws Exception {
        SeedFile.Contents contents = parse("""
                {"version": 2, "chargers": [{"id": "ch_1", "name": "One", "lat": 1.5, "lng": -2.5, "network": "x",
                  "merchants": [{"id": "m_1", "name": " Cafe ", "category": "coffee", "lat": 1.5001, "lng": -2.5,
                                 "offer": "Free cookie", "hours": "7-19"}]},
                 {"id": "ch_2", "name": "Two", "address": "Main St", "lat": 0, "lng": 0}]}
                """);
        assertThat(contents.chargers()).containsExactly(new Charger("ch_1", "One", null, 1.5, -2.5),
                new Charger("ch_2", "Two", "Main St", 0, 0));
        assertThat(contents.merchants()).containsExactly(
                new Merchant("m_1", "ch_1", "Cafe", "coffee", null, 1.5001, -2.5, "Free cookie"));
    }

    @Test
    void everyProblemIsReportedWithItsPlaceAndNothingLoads() {
        assertThatThrownBy(() -> parse("""
                {"chargers": [
                  {"id": "ch 1", "name": "Bad id", "lat": 91, "lng": "east"},
                  {"id": "ch_2", "name": "", "lat": 0, "lng": 0, "merchants": [
                     {"id": "m_1", "name": "A", "category": "coffee", "lat": 0, "lng": 181, "offer": "x"},
                     {"id": "m_1", "name": "B", "category": "coffee", "lat": 0, "lng": 0},
                     "not an object"]},
                  {"id": "ch_2", "name": "Twice", "lat": 0, "lng": 0, "merchants": {}}]}
                """))
                .isInstanceOf(SeedFileException.class)
                .hasMessageContaining("test.json:")
                .hasMessageContaining("chargers[0].id 'ch 1' is not 1-64 of A-Z a-z 0-9 _ -")
                .hasMessageContaining("chargers[0].lat 91.0 is outside -90..90")
                .hasMessageContaining("chargers[0].lng must be a number")
                .hasMessageContaining("chargers[1].name is required")
                .hasMessageContaining("chargers[1].merchants[0].lng 181.0 is outside -180..180")
                .hasMessageContaining("chargers[1].merchants[1].id 'm_1' appears twice")
                .hasMessageContaining("chargers[1].merchants[1].offer is required")
                .hasMessageContaining("chargers[1].merchants[2] must be an object")
                .hasMessageContaining("chargers[2].id 'ch_2' appears twice")
                .hasMessageContaining("chargers[2].merchants must be an array")
                .hasMessageContaining("line 2: chargers[0].lat 91.0")
                .hasMessageContaining("line 4: chargers[1].merchants[0].lng 181.0")
                .hasMessageContaining("line 6: chargers[1].merchants[2] must be an object")
                .hasMessageContaining("line 7: chargers[2].id 'ch_2' appears twice");
    }

    @Test
    void aFieldNamedTwiceCountsAsItsLastValueAsAJsonTreeReadsIt() throws Exception {
        SeedFile.Contents contents = parse("""
                {"chargers": [{"id": "ch_1", "name": "First", "lat": 1, "lng": 2,
                  "merchants": [{"id": "m_old", "name": "Old", "category": "coffee", "lat": 1, "lng": 2, "offer": "x"}],
                  "name": "Second",
                  "merchants": [{"id": "m_new", "name": "New", "category": "coffee", "lat": 1, "lng": 2, "offer": "y"}]}]}
                """);
        assertThat(contents.chargers()).extracting(Charger::name).containsExactly("Second");
        assertThat(contents.merchants()).extracting(Merchant::id).containsExactly("m_new");
    }

    @Test
    void aFileThatIsNotJsonSaysWhere() {
        assertThatThrownBy(() -> parse("{\"chargers\": [\n  {\"id\": }]}"))
                .isInstanceOf(SeedFileException.class).hasMessageContaining("not JSON").hasMessageContaining("line 2");
        assertThatThrownBy(() -> parse("[]")).hasMessageContaining("must be an object with a \"chargers\" array");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> SeedFile.read(Paths.get("target/no-such-catalog.json")))
                .isInstanceOf(SeedFileException.class).hasMessageContaining("no-such-catalog.json: no such file");
    }

    @Test
    void overlongTextIsRefused() {
        assertThatThrownBy(() -> parse("{\"chargers\": [{\"id\": \"ch_1\", \"name\": \"" + "n".repeat(121)
                + "\", \"lat\": 0, \"lng\": 0}]}"))
                .hasMessageContaining("chargers[0].name is longer than 120 characters");
    }
}
