package org.nerava.otp.twilio.client.internal;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLHandshakeException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpProviderException.Reason;
import org.nerava.otp.spi.OtpProviders;
import org.nerava.otp.twilio.client.TwilioErrorCodes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.twilio.exception.ApiException;

/**
 * Twilio's errors as OTP provider failures: a {@link Reason}, a stable provider code (Twilio's error number, or one
 * of {@link TwilioErrorCodes} for transport failures) and one line for an operator, with phone numbers masked and
 * Twilio's own text never passed on verbatim (it quotes the number).
 *
 * <p>Which failures sent nothing, and so could be retried or handed to another provider safely: a connection that
 * was refused, timed out while connecting, had no route, an unknown host or a failed TLS handshake (the request was
 * never written). Everything after that point (a read timeout, a connection closed before the answer, a 5xx) may
 * have been processed by Twilio. This client retries none of them: httpclient5 already tries each of the host's
 * addresses while connecting, and the caller's fallback chain is the better retry.
 */
final class TwilioFailures {

    private record Meaning(Reason reason, String text) {
    }

    /** Twilio error codes Nerava acts on. Anything else is judged by its HTTP status. */
    private static final Map<Integer, Meaning> CODES = Map.ofEntries(
            Map.entry(20003, new Meaning(Reason.MISCONFIGURED, "authentication failed: check accountSid and authToken")),
            Map.entry(20005, new Meaning(Reason.MISCONFIGURED, "the Twilio account is not active")),
            Map.entry(20404, new Meaning(Reason.MISCONFIGURED, "not found: check the configured service SIDs")),
            Map.entry(20429, new Meaning(Reason.RATE_LIMITED, "too many requests")),
            Map.entry(60200, new Meaning(Reason.INVALID_PHONE, "invalid parameter (the phone number)")),
            Map.entry(60202, new Meaning(Reason.RATE_LIMITED, "too many checks for this verification")),
            Map.entry(60203, new Meaning(Reason.RATE_LIMITED, "too many sends to this number")),
            Map.entry(60205, new Meaning(Reason.INVALID_PHONE, "the number cannot receive SMS (landline?)")),
            Map.entry(60410, new Meaning(Reason.REFUSED, "blocked by Twilio Fraud Guard")),
            Map.entry(21211, new Meaning(Reason.INVALID_PHONE, "invalid 'To' number")),
            Map.entry(21614, new Meaning(Reason.INVALID_PHONE, "'To' is not a mobile number")),
            Map.entry(21408, new Meaning(Reason.REFUSED, "sending to this region is not enabled (geo permissions)")),
            Map.entry(21610, new Meaning(Reason.REFUSED, "the recipient has opted out (STOP)")),
            Map.entry(21212, new Meaning(Reason.MISCONFIGURED, "fromNumber is not a valid sender")),
            Map.entry(21606, new Meaning(Reason.MISCONFIGURED, "fromNumber cannot send to this destination")));

    private static final Pattern PHONE_LIKE = Pattern.compile("\\+?[0-9][0-9 ()-]{5,}[0-9]");

    private TwilioFailures() {
    }

    /** What a failed call means; {@code call} knows the operation, the masked phone and the last HTTP status. */
    static OtpProviderException of(Throwable failure, TwilioCall<?> call) {
        String what = "Twilio " + call.operation + call.describeTo();
        if (failure instanceof OtpProviderException known) {
            return known;
        }
        if (call.deadlinePassed()) {
            return new OtpProviderException(Reason.TIMEOUT, TwilioErrorCodes.READ_TIMEOUT,
                    what + ": no answer before the deadline (Twilio may have processed it)", null);
        }
        if (failure instanceof ApiException api && api.getCode() != null) {
            return answered(what, api.getCode(), statusOf(api, call), api.getMessage());
        }
        int status = failure instanceof ApiException api ? statusOf(api, call) : call.lastStatus();
        Throwable io = transportCause(failure);
        if (io instanceof CappedEntity.TooLarge) {
            return new OtpProviderException(Reason.UNAVAILABLE, TwilioErrorCodes.MALFORMED_RESPONSE,
                    what + ": Twilio's answer was not read: " + io.getMessage() + " (maxResponseBytes)", null);
        }
        if (io instanceof JsonProcessingException) {
            if (status >= 400) {
                return byStatus(what, status, null);
            }
            return new OtpProviderException(Reason.UNAVAILABLE, TwilioErrorCodes.MALFORMED_RESPONSE,
                    what + ": Twilio's answer was not the JSON it documents (HTTP " + status + ")", null);
        }
        if (io instanceof ConnectTimeoutException) {
            // Not a TIMEOUT in the SPI's sense: no connection, so nothing was sent and no text can arrive late. As a
            // provider that is down, sign-in may fall back at once to the next provider.
            return new OtpProviderException(Reason.UNAVAILABLE, TwilioErrorCodes.CONNECT_TIMEOUT,
                    what + ": could not connect in time (nothing was sent)", io);
        }
        if (io instanceof ConnectException || io instanceof NoRouteToHostException || io instanceof UnknownHostException
                || io instanceof SSLHandshakeException) {
            return new OtpProviderException(Reason.UNAVAILABLE, TwilioErrorCodes.UNREACHABLE,
                    what + ": Twilio's API unreachable (" + io.getClass().getSimpleName() + ": " + clean(io.getMessage())
                            + "; nothing was sent)", io);
        }
        if (io instanceof SocketTimeoutException || io instanceof InterruptedIOException) {
            return new OtpProviderException(Reason.TIMEOUT, TwilioErrorCodes.READ_TIMEOUT,
                    what + ": no answer in time (Twilio may have processed it)", io);
        }
        if (io != null) {
            return new OtpProviderException(Reason.TIMEOUT, TwilioErrorCodes.NO_RESPONSE,
                    what + ": the connection broke before the answer (" + io.getClass().getSimpleName()
                            + "; Twilio may have processed it)", io);
        }
        if (status >= 400) {
            return byStatus(what, status, null);
        }
        return new OtpProviderException(Reason.UNAVAILABLE, null,
                what + " failed: " + failure.getClass().getSimpleName() + ": " + clean(failure.getMessage()), null);
    }

    /** Twilio answered with an error code. */
    private static OtpProviderException answered(String what, int code, int status, String twilioText) {
        Meaning meaning = CODES.get(code);
        String providerCode = Integer.toString(code);
        if (meaning != null) {
            return new OtpProviderException(meaning.reason(), providerCode,
                    what + ": " + meaning.text() + " (Twilio " + code + ")", null);
        }
        OtpProviderException byStatus = byStatus(what, status, clean(twilioText));
        return new OtpProviderException(byStatus.reason(), providerCode,
                byStatus.getMessage() + " (Twilio " + code + ")", null);
    }

    private static OtpProviderException byStatus(String what, int status, String twilioText) {
        String detail = twilioText == null || twilioText.isBlank() ? "" : ": " + twilioText;
        String code = TwilioErrorCodes.HTTP_PREFIX + status;
        if (status == 429) {
            return new OtpProviderException(Reason.RATE_LIMITED, code, what + ": rate limited by Twilio" + detail, null);
        }
        if (status == 401 || status == 403 || status == 404) {
            return new OtpProviderException(Reason.MISCONFIGURED, code,
                    what + ": Twilio answered HTTP " + status + detail + "; check the configuration", null);
        }
        return new OtpProviderException(Reason.UNAVAILABLE, code, what + ": Twilio answered HTTP " + status + detail,
                null);
    }

    /** The body's {@code status} when Twilio sent one, else the HTTP status the transport saw. */
    private static int statusOf(ApiException api, TwilioCall<?> call) {
        Integer status = api.getStatusCode();
        return status != null && status > 0 ? status : call.lastStatus();
    }

    private static Throwable transportCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException || t instanceof java.io.IOException) {
                return t;
            }
        }
        return null;
    }

    /** Twilio's or the JDK's text, with anything that looks like a phone number masked, on one line. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        Matcher phones = PHONE_LIKE.matcher(text.replaceAll("\\s+", " ").strip());
        StringBuilder out = new StringBuilder();
        while (phones.find()) {
            String digits = phones.group().replaceAll("[^0-9+]", "");
            phones.appendReplacement(out, Matcher.quoteReplacement(
                    OtpProviders.maskPhone(digits.startsWith("+") ? digits : "+" + digits)));
        }
        phones.appendTail(out);
        String line = out.toString();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
