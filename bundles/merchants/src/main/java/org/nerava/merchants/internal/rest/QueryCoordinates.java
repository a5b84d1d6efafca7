package org.nerava.merchants.internal.rest;

import java.util.regex.Pattern;

import org.nerava.platform.ProblemException;

/**
 * Numbers from a query string, read strictly: plain decimals and whole numbers only ({@code 37.7793}, {@code -122.4193}). Java's own
 * parser would also take {@code NaN}, {@code Infinity}, hexadecimal and a trailing {@code d}, none of which a
 * client means as a coordinate.
 */
final class QueryCoordinates {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d{1,12}(\\.\\d{0,15})?|\\.\\d{1,15})");

    private QueryCoordinates() {
    }

    /** @throws ProblemException 400 {@code missing_parameter} when absent, {@code code} when not a decimal in range */
    static double required(String value, String name, double min, double max, String code) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("missing_parameter", "query parameter '" + name + "' is required");
        }
        return parse(value, name, min, max, code);
    }

    static double optional(String value, String name, double min, double max, double byDefault, String code) {
        return value == null || value.isBlank() ? byDefault : parse(value, name, min, max, code);
    }

    /** A whole number of at most 5 digits (no sign, no fraction) within {@code min..max}, or {@code byDefault}. */
    static int wholeNumber(String value, String name, int min, int max, int byDefault, String code) {
        if (value == null || value.isBlank()) {
            return byDefault;
        }
        String text = value.strip();
        int number = text.matches("\\d{1,5}") ? Integer.parseInt(text) : -1;
        if (number < min || number > max) {
            throw ProblemException.badRequest(code, "'" + name + "' must be a whole number from " + min + " to "
                    + max);
        }
        return number;
    }

    private static double parse(String value, String name, double min, double max, String code) {
        String text = value.strip();
        if (!DECIMAL.matcher(text).matches()) {
            throw ProblemException.badRequest(code, "'" + name + "' must be a decimal number, not '"
                    + abbreviate(text) + "'");
        }
        double number = Double.parseDouble(text);
        if (number < min || number > max) {
            throw ProblemException.badRequest(code, "'" + name + "' must be within " + plain(min) + ".."
                    + plain(max) + ", not " + text);
        }
        return number;
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
