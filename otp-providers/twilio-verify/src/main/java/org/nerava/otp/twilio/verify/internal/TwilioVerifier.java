package org.nerava.otp.twilio.verify.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpCheck;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpProviderException.Reason;
import org.nerava.otp.spi.OtpProviders;
import org.nerava.otp.spi.OtpReceipt;
import org.nerava.otp.spi.OtpRequest;
import org.nerava.otp.spi.OtpVerifier;
import org.nerava.otp.twilio.client.TwilioAccount;
import org.nerava.otp.twilio.client.TwilioErrorCodes;
import org.nerava.otp.twilio.client.TwilioProduct;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * OTP provider {@code twilio_verify}: Twilio Verify makes the code, sends it by SMS and checks it. Configured through
 * the shared Twilio account (PID {@value TwilioAccount#PID}, key {@code verifyServiceSid}); until that is complete
 * every call fails at once with MISCONFIGURED, and {@code diagnose()} says what is missing.
 */
@Component(service = OtpVerifier.class, property = OtpProviders.PROVIDER_PROPERTY + "=" + TwilioVerifier.ID)
public class TwilioVerifier implements OtpVerifier {

    static final String ID = "twilio_verify";
    private static final String CHANNEL = "sms";

    private final TwilioAccount twilio;

    @Activate
    public TwilioVerifier(@Reference TwilioAccount twilio) {
        this.twilio = twilio;
    }

    @Override
    public CompletionStage<OtpReceipt> start(OtpRequest request) {
        return twilio.verifyStart(request.phoneE164(), CHANNEL, request.locale())
                .thenApply(verification -> new OtpReceipt(verification.sid()));
    }

    @Override
    public CompletionStage<OtpCheck> check(String phoneE164, String code) {
        return twilio.verifyCheck(phoneE164, code).handle((status, failure) -> {
            if (failure == null) {
                return outcomeOf(status, phoneE164);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                    : failure;
            if (cause instanceof OtpProviderException problem) {
                String providerCode = String.valueOf(problem.providerCode());
                switch (providerCode) {
                    case TwilioErrorCodes.MAX_CHECK_ATTEMPTS:
                        return OtpCheck.MAX_ATTEMPTS;
                    case TwilioErrorCodes.NOT_FOUND:
                        // Twilio forgets a verification once it is approved, expired or canceled (10 minutes).
                        return OtpCheck.EXPIRED;
                    case TwilioErrorCodes.INVALID_PARAMETER:
                        // On a check, the code itself (too short, not digits): a wrong code.
                        return OtpCheck.REJECTED;
                    default:
                        throw problem;
                }
            }
            throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
        });
    }

    @Override
    public CompletionStage<Diagnosis> diagnose() {
        return twilio.diagnose(TwilioProduct.VERIFY);
    }

    private static OtpCheck outcomeOf(String status, String phoneE164) {
        switch (status == null ? "" : status) {
            case "approved":
                return OtpCheck.APPROVED;
            case "pending":
                return OtpCheck.REJECTED;
            case "expired":
            case "canceled":
            case "deleted":
            case "failed":
                return OtpCheck.EXPIRED;
            case "max_attempts_reached":
                return OtpCheck.MAX_ATTEMPTS;
            default:
                throw new OtpProviderException(Reason.UNAVAILABLE, null, "Twilio Verify check to "
                        + OtpProviders.maskPhone(phoneE164) + ": unknown status '" + status + "'", null);
        }
    }
}
