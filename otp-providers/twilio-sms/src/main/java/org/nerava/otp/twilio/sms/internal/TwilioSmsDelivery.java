package org.nerava.otp.twilio.sms.internal;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import org.nerava.otp.spi.CodeDelivery;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpProviders;
import org.nerava.otp.spi.OtpReceipt;
import org.nerava.otp.twilio.client.TwilioAccount;
import org.nerava.otp.twilio.client.TwilioProduct;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * OTP provider {@code twilio_sms}: Nerava's code in an SMS, sent through Twilio Programmable Messaging from the
 * configured {@code fromNumber} or {@code messagingServiceSid}, with the text of {@code smsTemplate} (PID
 * {@value TwilioAccount#PID}). Until that is complete every delivery fails at once with MISCONFIGURED.
 */
@Component(service = CodeDelivery.class, property = OtpProviders.PROVIDER_PROPERTY + "=" + TwilioSmsDelivery.ID)
public class TwilioSmsDelivery implements CodeDelivery {

    static final String ID = "twilio_sms";

    private final TwilioAccount twilio;

    @Activate
    public TwilioSmsDelivery(@Reference TwilioAccount twilio) {
        this.twilio = twilio;
    }

    @Override
    public CompletionStage<OtpReceipt> deliver(CodeMessage message) {
        String text = render(twilio.smsTemplate(), message.code(), message.validFor());
        return twilio.sendMessage(message.phoneE164(), text).thenApply(sent -> new OtpReceipt(sent.sid()));
    }

    @Override
    public CompletionStage<Diagnosis> diagnose() {
        return twilio.diagnose(TwilioProduct.MESSAGING);
    }

    /** The template with {@code {code}} and {@code {minutes}} (whole minutes, rounded up) filled in. */
    static String render(String template, String code, Duration validFor) {
        long minutes = Math.max(1, (validFor.toSeconds() + 59) / 60);
        return template.replace("{minutes}", Long.toString(minutes)).replace("{code}", code);
    }
}
