package org.nerava.platform.internal.rest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The value of the {@code Date} response header (RFC 7231, IMF-fixdate), formatted once a second. CXF adds the header
 * to every JAX-RS response it finds without one, through a new {@code SimpleDateFormat} each time (7% of a request's
 * CPU samples, JFR); a header already there is left as it is.
 */
final class HttpDate {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final LongSupplier clockMillis;
    private volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

    HttpDate(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    String now() {
        long second = Math.floorDiv(clockMillis.getAsLong(), 1000L);
        Formatted formatted = last;
        if (formatted.second != second) {
            formatted = new Formatted(second, IMF_FIXDATE.format(Instant.ofEpochSecond(second)));
            last = formatted;
        }
        return formatted.value;
    }

    private record Formatted(long second, String value) {
    }
}
