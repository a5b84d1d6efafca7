package org.nerava.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nerava.platform.events.EventTopics;
import org.osgi.service.event.Event;

class PostHogEventsTest {

    private static final String SERVER = "nerava-server:6f1c2a7e-3a43-4d7e-9b1f-0d5d8f8e2c11";
    private final PostHogEvents events = new PostHogEvents(SERVER);

    @ParameterizedTest
    @CsvSource({
            EventTopics.OTP_STARTED + ", auth.otp_started",
            EventTopics.OTP_VERIFIED + ", auth.otp_verified",
            EventTopics.OTP_FAILED + ", auth.otp_failed",
            EventTopics.SIGNED_OUT + ", auth.signed_out",
            EventTopics.FAVORITE_ADDED + ", favorites.added",
            EventTopics.EXCLUSIVE_ACTIVATED + ", exclusives.activated",
            EventTopics.REWARDED + ", exclusives.rewarded",
            EventTopics.DEPLOYMENT_TRIGGERED + ", admin.deployment_triggered"})
    void eventNamesAreTheTopicAfterOrgNeravaWithDotsInLowerCase(String topic, String name) {
        assertThat(PostHogEvents.eventName(topic)).isEqualTo(name);
    }

    @Test
    void aDriversEventIsTheirsByPublicIdAndMakesAPersonProfile() {
        String publicId = UUID.randomUUID().toString();
        Map<String, Object> capture = events.capture(new Event(EventTopics.OTP_VERIFIED, Map.of(
                EventTopics.PROP_DRIVER, publicId, EventTopics.PROP_PROVIDER, "console", "new_driver", true,
                EventTopics.PROP_TIMESTAMP, 1_800_000_000_000L)), 1L);
        assertThat(capture).containsEntry("event", "auth.otp_verified").containsEntry("distinct_id", publicId)
                .containsEntry("timestamp", "2027-01-15T08:00:00Z");
        assertThat(UUID.fromString((String) capture.get("uuid"))).isNotNull();
        assertThat(properties(capture)).containsExactly(Map.entry("provider", "console"),
                Map.entry("new_driver", true), Map.entry("$lib", "nerava-server"));
    }

    @Test
    void anEventWithoutADriverBelongsToThisNodeAndMakesNoPersonProfile() {
        Map<String, Object> capture = events.capture(new Event(EventTopics.OTP_STARTED,
                Map.of(EventTopics.PROP_PROVIDER, "console")), 1_800_000_000_123L);
        assertThat(capture).containsEntry("distinct_id", SERVER)
                .containsEntry("timestamp", "2027-01-15T08:00:00.123Z");
        assertThat(properties(capture)).containsEntry("$process_person_profile", false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+14155550123", "14155550123", "not-a-uuid", ""})
    void aDriverIdThatIsNotAUuidIsNeitherUsedNorSent(String driver) {
        Map<String, Object> capture = events.capture(new Event(EventTopics.SIGNED_OUT,
                Map.of(EventTopics.PROP_DRIVER, driver)), 1L);
        assertThat(capture).containsEntry("distinct_id", SERVER);
        assertThat(capture.toString()).doesNotContain("4155550123");
    }

    @Test
    void onlyAllowListedPropertiesWithPlainValuesAreSent() {
        Map<String, Object> props = new HashMap<>();
        props.put("phone", "+14155550123");
        props.put("phone_e164", "+14155550123");
        props.put("code", "918273");
        props.put("access_token", "nrv_Q2hhcmdpbmdJc0Z1bkJ1dE5vdFRoaXNUb2tlbjEyMzQ1Njc4");
        props.put("subject", "karaf");
        props.put(EventTopics.PROP_REASON, "+1 415 555 0123");
        props.put(EventTopics.PROP_PROVIDER, "nrv_Q2hhcmdpbmdJc0Z1bkJ1dE5vdFRoaXNUb2tlbjEyMzQ1Njc4");
        props.put(EventTopics.PROP_MERCHANT, "4155550123");
        props.put("charger_id", 14155550123L);
        props.put("session_id", "415-555-0123");
        props.put("target", "918273");
        Map<String, Object> capture = events.capture(new Event(EventTopics.OTP_FAILED, props), 1L);
        assertThat(properties(capture)).containsOnlyKeys("$lib", "$process_person_profile");
        // The event's uuid is random: one in a hundred or so holds a 555 of its own.
        Map<String, Object> sent = new HashMap<>(capture);
        assertThat(sent.remove("uuid")).isNotNull();
        assertThat(sent.toString()).doesNotContain("4155550123").doesNotContain("555").doesNotContain("918273")
                .doesNotContain("nrv_").doesNotContain("karaf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"console", "twilio_verify", "invalid_code", "otp_unavailable", "backend",
            "merchant-42", "6f1c2a7e-3a43-4d7e-9b1f-0d5d8f8e2c11", "12345"})
    void idsProviderIdsAndProblemCodesAreForwardable(String value) {
        assertThat(PostHogEvents.isForwardable(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+14155550123", "14155550123", "415-555-0123", "415.555.0123", "918273",
            "nrv_abc", "driver@example.invalid", "two words", "",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void phoneNumbersCodesTokensAndFreeTextAreNot(String value) {
        assertThat(PostHogEvents.isForwardable(value)).isFalse();
    }

    @Test
    void numbersAreNeverForwardedButBooleansAre() {
        assertThat(PostHogEvents.isForwardable(42)).isFalse();
        assertThat(PostHogEvents.isForwardable(14155550123L)).isFalse();
        assertThat(PostHogEvents.isForwardable(true)).isTrue();
        assertThat(PostHogEvents.isForwardable(null)).isFalse();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> capture) {
        return (Map<String, Object>) capture.get("properties");
    }
}
