package org.nerava.auth.internal.phone;

import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import org.nerava.platform.ProblemException;

/**
 * The one place a phone number typed by a driver becomes E.164. Start, verify, test numbers and rate-limit keys all
 * go through it, so {@code (415) 555-0123} and {@code +1 415 555 0123} are the same driver everywhere.
 */
public final class PhoneNumbers {

    /**
     * What a typed number may contain before libphonenumber sees it. libphonenumber is lenient on purpose (it reads
     * vanity letters like 1-800-FLOWERS and non-ASCII digits); a sign-in form must not be: those are refused here.
     */
    private static final Pattern TYPED = Pattern.compile("\\+?[0-9 ().\\-]{1,30}");

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    /** @param defaultRegion ISO 3166 region for numbers typed without a country code, e.g. {@code US} */
    public PhoneNumbers(String defaultRegion) {
        if (!util.getSupportedRegions().contains(defaultRegion)) {
            throw new IllegalArgumentException("unknown phone region '" + defaultRegion + "'");
        }
        this.defaultRegion = defaultRegion;
    }

    /** Whether {@code region} (as configured: any case, spaces around) is a region numbers can be read for. */
    public static boolean isRegion(String region) {
        return region != null && PhoneNumberUtil.getInstance().getSupportedRegions()
                .contains(region.strip().toUpperCase(java.util.Locale.ROOT));
    }

    public String defaultRegion() {
        return defaultRegion;
    }

    /**
     * @return the number in E.164, e.g. {@code +14155550123}
     * @throws ProblemException 400 {@code invalid_phone} when the text is not a valid, dialable number
     */
    public String toE164(String typed) {
        if (typed == null || typed.isBlank()) {
            throw invalid("a phone number is required");
        }
        String trimmed = typed.strip();
        if (!TYPED.matcher(trimmed).matches()) {
            throw invalid("a phone number may contain only digits, spaces, '+', '-', '.', '(' and ')'");
        }
        PhoneNumber number;
        try {
            number = util.parse(trimmed, defaultRegion);
        } catch (NumberParseException e) {
            throw invalid("not a phone number");
        }
        if (!util.isValidNumber(number)) {
            throw invalid("not a valid phone number");
        }
        return util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    }

    /** {@code ***-***-1234}: enough for a driver to recognise their number, too little to contact them. */
    public static String mask(String e164) {
        String digits = e164.replaceAll("[^0-9]", "");
        String last = digits.length() <= 4 ? digits : digits.substring(digits.length() - 4);
        return "***-***-" + last;
    }

    private static ProblemException invalid(String detail) {
        return ProblemException.badRequest("invalid_phone", detail);
    }
}
