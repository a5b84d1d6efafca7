package org.nerava.otp.twilio.client.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.nerava.otp.twilio.client.TwilioAccount;
import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.config.ConfigCheck;
import org.nerava.platform.config.ConfigProblem;
import org.nerava.platform.config.ConfigurationStatus;
import org.nerava.platform.config.DelegatedConfigurationStatus;
import org.nerava.platform.config.LastGoodSettings;
import org.nerava.platform.config.RefusalAudit;
import org.nerava.platform.config.SettingsLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PID {@value TwilioAccount#PID} checked as a whole and kept good: an update with a refused value (a wrong type, a
 * number out of range, a SID or sender that is set but malformed) is refused whole, loudly (a WARN naming PID, key,
 * value and what is allowed, an audit entry {@code config.refused}, {@code /readyz} check {@code configuration}) and
 * the last good settings keep serving; a bad file at boot comes up on the defaults of the refused keys. An empty key
 * is not refused: it is "not configured", and the providers answer MISCONFIGURED naming it, as before. The auth token
 * is never checked, so never shown; a refused apiBaseUrl is shown without user info and query.
 */
final class CurrentTwilioSettings implements DelegatedConfigurationStatus {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentTwilioSettings.class);

    private final Map<String, String> env;
    private final LastGoodSettings<TwilioSettings> settings = new LastGoodSettings<>(TwilioAccount.PID);
    private final SettingsLog log = new SettingsLog(TwilioAccount.PID, "the Twilio providers keep", LOG::info,
            LOG::warn);
    private final RefusalAudit audit = new RefusalAudit(TwilioAccount.PID, log::notAudited);

    CurrentTwilioSettings(Map<String, String> env) {
        this.env = env;
    }

    /** Checks and applies {@code properties}; true when the settings in force changed (the client must follow). */
    synchronized boolean update(Map<String, ?> properties) {
        TwilioSettings before = settings.get();
        ConfigCheck<TwilioAccountComponent.Config> checked = check(properties);
        List<ConfigProblem> refused = checked.problems();
        LastGoodSettings.Update update = settings.update(checked, config -> TwilioSettings.from(config, env, refused));
        log.updated(update);
        audit.refused(update);
        return settings.get() != before;
    }

    /** Every key's type and range, and a SID, sender, text or URL that is set but cannot be used. */
    static ConfigCheck<TwilioAccountComponent.Config> check(Map<String, ?> properties) {
        ConfigCheck<TwilioAccountComponent.Config> checked = ranges(properties);
        TwilioAccountComponent.Config values = checked.values();
        if (!values.apiBaseUrl().isBlank() && !TwilioSettings.isBaseUrl(values.apiBaseUrl())) {
            checked.refuseUrl("apiBaseUrl", "an http(s) URL without user, query or fragment,"
                    + " e.g. http://127.0.0.1:8089; empty: Twilio's own API");
        }
        refuseUnless(checked, "accountSid", values.accountSid(), TwilioSettings.ACCOUNT_SID,
                "an account SID, AC followed by 32 hex digits; empty: not configured");
        refuseUnless(checked, "verifyServiceSid", values.verifyServiceSid(), TwilioSettings.VERIFY_SID,
                "a Verify service SID, VA followed by 32 hex digits; empty: twilio_verify not configured");
        refuseUnless(checked, "messagingServiceSid", values.messagingServiceSid(), TwilioSettings.MESSAGING_SID,
                "a messaging service SID, MG followed by 32 hex digits; empty: send from fromNumber");
        refuseUnless(checked, "fromNumber", values.fromNumber(), TwilioSettings.SENDER,
                "an E.164 number (+15005550006), a short code or an alphanumeric sender id of at most 11 characters;"
                        + " empty: send through messagingServiceSid");
        if (values.smsTemplate() == null || !values.smsTemplate().contains("{code}")) {
            checked.refuse("smsTemplate", "a text with the placeholder {code} (and optionally {minutes})");
        }
        return checked;
    }

    private static ConfigCheck<TwilioAccountComponent.Config> ranges(Map<String, ?> properties) {
        return ConfigCheck.of(TwilioAccount.PID, TwilioAccountComponent.Config.class, properties)
                .within("connectTimeoutMs", 1, TwilioSettings.MAX_TIMEOUT_MS)
                .within("readTimeoutMs", 0, TwilioSettings.MAX_TIMEOUT_MS)
                .within("threads", 1, TwilioSettings.MAX_THREADS)
                .within("maxResponseBytes", 1024, TwilioSettings.MAX_RESPONSE_BYTES);
    }

    private static void refuseUnless(ConfigCheck<TwilioAccountComponent.Config> checked, String key, String value,
            Pattern good, String allowed) {
        if (value != null && !value.isBlank() && !good.matcher(value.strip()).matches()) {
            checked.refuse(key, allowed);
        }
    }

    /** The settings in force: the last good ones. */
    TwilioSettings get() {
        return settings.get();
    }

    @Override
    public ConfigurationStatus configurationStatus() {
        return settings;
    }

    void bindAudit(AuditTrail trail) {
        audit.bind(trail);
    }

    void unbindAudit(AuditTrail trail) {
        audit.unbind(trail);
    }
}
