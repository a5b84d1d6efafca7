package org.nerava.rest.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedHashMap;
import javax.ws.rs.core.StreamingOutput;

import org.junit.jupiter.api.Test;
import org.nerava.platform.Problem;
import org.nerava.platform.ProblemException;

import com.fasterxml.jackson.core.type.TypeReference;

class JsonProviderTest {

    private static final MediaType PROBLEM_JSON = MediaType.valueOf("application/problem+json");
    private static final Annotation[] NONE = new Annotation[0];

    record ChargeSession(String sessionId, int energyWh, Instant startedAt, String merchantNote) {
    }

    /** A plain class with getters, the other shape a response DTO takes. */
    static final class MerchantCard {
        private final String merchantName;
        private final Integer openChargers;

        MerchantCard(String merchantName, Integer openChargers) {
            this.merchantName = merchantName;
            this.openChargers = openChargers;
        }

        public String getMerchantName() {
            return merchantName;
        }

        public Integer getOpenChargers() {
            return openChargers;
        }
    }

    record OtpStart(String phoneE164) {
        OtpStart {
            ProblemException.requireField(phoneE164, "phone_e164");
        }
    }

    record Basket(List<BasketItem> items) {
    }

    record BasketItem(String sku, int quantity) {
    }

    private final JsonProvider provider = new JsonProvider();

    // --- writing ---

    @Test
    void recordComponentsAreWrittenInSnakeCase() throws IOException {
        String json = write(new ChargeSession("s-1", 7400, null, "free coffee"));

        assertThat(json).isEqualTo("{\"session_id\":\"s-1\",\"energy_wh\":7400,\"merchant_note\":\"free coffee\"}");
    }

    @Test
    void classPropertiesAreWrittenInSnakeCase() throws IOException {
        String json = write(new MerchantCard("Blue Bottle", 3));

        assertThat(json).contains("\"merchant_name\":\"Blue Bottle\"", "\"open_chargers\":3")
                .doesNotContain("merchantName", "openChargers");
    }

    @Test
    void instantsAreWrittenAsIso8601Strings() throws IOException {
        String json = write(new ChargeSession("s-1", 1, Instant.parse("2026-03-01T10:15:30.120Z"), null));

        assertThat(json).contains("\"started_at\":\"2026-03-01T10:15:30.120Z\"");
    }

    @Test
    void nullFieldsAreLeftOutRatherThanWrittenAsNull() throws IOException {
        assertThat(write(new ChargeSession("s-1", 0, null, null))).isEqualTo("{\"session_id\":\"s-1\",\"energy_wh\":0}");
        assertThat(write(new MerchantCard("Blue Bottle", null))).isEqualTo("{\"merchant_name\":\"Blue Bottle\"}");
    }

    @Test
    void problemMembersAreWrittenInRfc9457OrderWithASnakeCaseRequestId() throws IOException {
        Problem problem = Problem.of(409, "slot_taken", "Conflict", "someone else booked it").withRequestId("r-42");

        assertThat(write(problem)).isEqualTo("{\"type\":\"urn:nerava:problem:slot_taken\",\"title\":\"Conflict\","
                + "\"status\":409,\"detail\":\"someone else booked it\",\"code\":\"slot_taken\",\"request_id\":\"r-42\"}");
    }

    @Test
    void aProblemWithoutDetailOrRequestIdOmitsBoth() throws IOException {
        assertThat(write(Problem.of(404, "not_found", "Not found", null)))
                .isEqualTo("{\"type\":\"urn:nerava:problem:not_found\",\"title\":\"Not found\",\"status\":404,"
                        + "\"code\":\"not_found\"}");
    }

    // --- reading ---

    @Test
    void snakeCaseFieldsAndIsoInstantsAreReadIntoARecord() throws IOException {
        ChargeSession session = read(ChargeSession.class,
                "{\"session_id\":\"s-9\",\"energy_wh\":11000,\"started_at\":\"2026-03-01T10:15:30Z\"}");

        assertThat(session).isEqualTo(new ChargeSession("s-9", 11000, Instant.parse("2026-03-01T10:15:30Z"), null));
    }

    @Test
    void theGenericTypeDecidesWhatAListIsReadInto() throws IOException {
        Type listOfItems = new TypeReference<List<BasketItem>>() { }.getType();

        Object items = readFrom(List.class, listOfItems, "[{\"sku\":\"latte\",\"quantity\":2}]");

        assertThat(items).isEqualTo(List.of(new BasketItem("latte", 2)));
    }

    @Test
    void unknownFieldsAreIgnored() throws IOException {
        ChargeSession session = read(ChargeSession.class,
                "{\"session_id\":\"s-1\",\"energy_wh\":5,\"added_in_app_v9\":{\"nested\":[1,2]}}");

        assertThat(session.sessionId()).isEqualTo("s-1");
        assertThat(session.energyWh()).isEqualTo(5);
    }

    @Test
    void anEmptyBodyIsA400MissingBody() {
        assertProblem(() -> read(ChargeSession.class, ""), problem -> {
            assertThat(problem.getStatus()).isEqualTo(400);
            assertThat(problem.getCode()).isEqualTo("missing_body");
        });
    }

    @Test
    void aJsonNullBodyIsA400MissingBodyLikeAnEmptyOne() {
        // Otherwise the resource receives a null DTO and a compact constructor's requireField never runs.
        assertProblem(() -> read(OtpStart.class, "null"), problem -> {
            assertThat(problem.getStatus()).isEqualTo(400);
            assertThat(problem.getCode()).isEqualTo("missing_body");
        });
    }

    @Test
    void malformedJsonIsA400NamingLineAndColumn() {
        assertProblem(() -> read(ChargeSession.class, "{\"session_id\":\"s-1\",\n  \"energy_wh\": oops}"), problem -> {
            assertThat(problem.getStatus()).isEqualTo(400);
            assertThat(problem.getCode()).isEqualTo("malformed_json");
            assertThat(problem.getDetail()).contains("line 2, column ");
        });
    }

    @Test
    void aTruncatedBodyIsMalformedJsonAtTheEndOfInput() {
        assertProblem(() -> read(ChargeSession.class, "{\"session_id\":"), problem -> {
            assertThat(problem.getCode()).isEqualTo("malformed_json");
            assertThat(problem.getDetail()).contains("(line 1, column 15)");
        });
    }

    @Test
    void aFieldOfTheWrongTypeIsA400InvalidFieldNamingTheField() {
        assertProblem(() -> read(ChargeSession.class, "{\"session_id\":\"s-1\",\"energy_wh\":\"lots\"}"), problem -> {
            assertThat(problem.getStatus()).isEqualTo(400);
            assertThat(problem.getCode()).isEqualTo("invalid_field");
            assertThat(problem.getDetail()).contains("'energy_wh'");
        });
    }

    @Test
    void anUnparseableInstantIsAnInvalidFieldNamingTheField() {
        assertProblem(() -> read(ChargeSession.class, "{\"energy_wh\":1,\"started_at\":\"yesterday\"}"), problem -> {
            assertThat(problem.getCode()).isEqualTo("invalid_field");
            assertThat(problem.getDetail()).contains("'started_at'");
        });
    }

    @Test
    void scalarsAreNotCoercedIntoNumbers() {
        assertProblem(() -> read(ChargeSession.class, "{\"energy_wh\":\"12\"}"),
                problem -> assertThat(problem.getCode()).isEqualTo("invalid_field"));
        assertProblem(() -> read(ChargeSession.class, "{\"energy_wh\":1.5}"),
                problem -> assertThat(problem.getCode()).isEqualTo("invalid_field"));
    }

    @Test
    void aMissingPrimitiveFieldIsRefusedRatherThanDefaultedToZero() {
        assertProblem(() -> read(ChargeSession.class, "{\"session_id\":\"s-1\"}"), problem -> {
            assertThat(problem.getStatus()).isEqualTo(400);
            assertThat(problem.getDetail()).contains("'energy_wh'");
        });
    }

    @Test
    void aWrongFieldInsideAListIsNamedByItsPath() {
        String body = "{\"items\":[{\"sku\":\"a\",\"quantity\":1},{\"sku\":\"b\",\"quantity\":\"two\"}]}";

        assertProblem(() -> read(Basket.class, body), problem -> {
            assertThat(problem.getCode()).isEqualTo("invalid_field");
            assertThat(problem.getDetail()).contains("'items[1].quantity'");
        });
    }

    @Test
    void aBodyOfTheWrongShapeIsAnInvalidBody() {
        assertProblem(() -> read(ChargeSession.class, "[1,2]"), problem -> {
            assertThat(problem.getStatus()).isEqualTo(400);
            assertThat(problem.getCode()).isEqualTo("invalid_body");
        });
    }

    @Test
    void readingProblemsNeverEchoJavaTypesOrTheBody() {
        assertProblem(() -> read(ChargeSession.class, "{\"energy_wh\":\"secret-value\"}"), problem ->
                assertThat(problem.getDetail()).doesNotContain("secret-value", "`", "java.", "ChargeSession",
                        "Jackson"));
        assertProblem(() -> read(ChargeSession.class, "[\"secret-value\"]"), problem ->
                assertThat(problem.getDetail()).doesNotContain("secret-value", "java.", "ChargeSession"));
    }

    @Test
    void aProblemRaisedByTheBodyStreamItselfIsKept() {
        // platform-core's body size limit refuses an oversized chunked body from inside the stream.
        InputStream refusing = new InputStream() {
            private int served;

            @Override
            public int read() {
                if (served++ < 20) {
                    return '[';
                }
                throw new ProblemException(Problem.of(413, "payload_too_large", "Payload too large", "too large"));
            }
        };

        assertProblem(() -> provider.readFrom(Object.class, Object.class, NONE, MediaType.APPLICATION_JSON_TYPE,
                new MultivaluedHashMap<>(), refusing), problem -> assertThat(problem.getCode()).isEqualTo("payload_too_large"));
    }

    @Test
    void aProblemRaisedByTheBodyStreamInsideAFieldIsKept() {
        // Jackson wraps what a property's deserialization throws with the field's path: the stream's problem stays.
        byte[] start = "{\"phone_e164\":\"".getBytes(StandardCharsets.UTF_8);
        InputStream refusing = new InputStream() {
            private int served;

            @Override
            public int read() {
                if (served < start.length) {
                    return start[served++];
                }
                if (served++ < 40_000) {
                    return '1';
                }
                throw new ProblemException(Problem.of(413, "payload_too_large", "Payload too large", "too large"));
            }
        };

        assertProblem(() -> provider.readFrom(Object.class, OtpStart.class, NONE, MediaType.APPLICATION_JSON_TYPE,
                new MultivaluedHashMap<>(), refusing), problem -> assertThat(problem.getCode()).isEqualTo("payload_too_large"));
    }

    @Test
    void aRecordThatRefusesAMissingFieldAnswersWithItsOwnMissingFieldProblem() {
        assertProblem(() -> read(OtpStart.class, "{\"channel\":\"sms\"}"), problem -> {
            assertThat(problem.getStatus()).isEqualTo(400);
            assertThat(problem.getCode()).isEqualTo("missing_field");
            assertThat(problem.getDetail()).isEqualTo("field 'phone_e164' is required");
        });
    }

    @Test
    void aRecordWithItsRequiredFieldIsReadNormally() throws IOException {
        assertThat(read(OtpStart.class, "{\"phone_e164\":\"+14155550123\"}"))
                .isEqualTo(new OtpStart("+14155550123"));
    }

    @Test
    void whatIsWrittenReadsBackEqual() throws IOException {
        ChargeSession session = new ChargeSession("s-1", 42, Instant.parse("2026-03-01T10:15:30.123Z"), "note");

        assertThat(read(ChargeSession.class, write(session))).isEqualTo(session);
    }

    // --- which bodies are ours ---

    @Test
    void readsAndWritesApplicationJsonAndProblemJson() {
        for (MediaType type : List.of(MediaType.APPLICATION_JSON_TYPE, PROBLEM_JSON,
                MediaType.valueOf("application/json;charset=UTF-8"))) {
            assertThat(provider.isReadable(ChargeSession.class, ChargeSession.class, NONE, type)).as("%s", type).isTrue();
            assertThat(provider.isWriteable(Problem.class, Problem.class, NONE, type)).as("%s", type).isTrue();
        }
    }

    @Test
    void leavesRawBodiesToTheRuntime() {
        for (Class<?> raw : List.of(String.class, byte[].class, InputStream.class, ByteArrayInputStream.class,
                StreamingOutput.class)) {
            assertThat(provider.isReadable(raw, raw, NONE, MediaType.APPLICATION_JSON_TYPE)).as("%s", raw).isFalse();
            assertThat(provider.isWriteable(raw, raw, NONE, MediaType.APPLICATION_JSON_TYPE)).as("%s", raw).isFalse();
        }
    }

    @Test
    void leavesOtherMediaTypesAlone() {
        for (MediaType type : List.of(MediaType.TEXT_PLAIN_TYPE, MediaType.APPLICATION_XML_TYPE,
                MediaType.valueOf("text/json"), MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            assertThat(provider.isReadable(ChargeSession.class, ChargeSession.class, NONE, type)).as("%s", type)
                    .isFalse();
            assertThat(provider.isWriteable(ChargeSession.class, ChargeSession.class, NONE, type)).as("%s", type)
                    .isFalse();
        }
        assertThat(provider.isReadable(ChargeSession.class, ChargeSession.class, NONE, null)).isFalse();
    }

    // --- helpers ---

    private String write(Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        provider.writeTo(value, value.getClass(), value.getClass(), NONE, MediaType.APPLICATION_JSON_TYPE,
                new MultivaluedHashMap<>(), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private <T> T read(Class<T> type, String body) throws IOException {
        return type.cast(readFrom(type, type, body));
    }

    @SuppressWarnings("unchecked")
    private Object readFrom(Class<?> type, Type genericType, String body) throws IOException {
        return provider.readFrom((Class<Object>) type, genericType, NONE, MediaType.APPLICATION_JSON_TYPE,
                new MultivaluedHashMap<>(), new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertProblem(ThrowingRead read, Consumer<Problem> expectations) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(ProblemException.class,
                e -> expectations.accept(e.problem()));
    }

    @FunctionalInterface
    private interface ThrowingRead {
        void run() throws IOException;
    }
}
