package org.nerava.platform.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class HttpDateTest {

    @Test
    void formatsAsCxfAndTheRfcDoAndFollowsTheClockBySecond() {
        AtomicLong clock = new AtomicLong(1_796_531_471_999L); // 2026-12-06T04:31:11.999Z
        HttpDate date = new HttpDate(clock::get);

        assertThat(date.now()).isEqualTo("Sun, 06 Dec 2026 04:31:11 GMT").isEqualTo(cxfFormat(clock.get()));
        clock.set(1_796_531_472_000L);
        assertThat(date.now()).isEqualTo("Sun, 06 Dec 2026 04:31:12 GMT");
        clock.set(1_801_440_000_000L); // single-digit day, another month
        assertThat(date.now()).isEqualTo("Mon, 01 Feb 2027 00:00:00 GMT").isEqualTo(cxfFormat(clock.get()));
    }

    /** What CXF's JAXRSOutInterceptor would have written. */
    private static String cxfFormat(long millis) {
        SimpleDateFormat format = new SimpleDateFormat("EEE, dd MMM yyyy HH:mm:ss zzz", Locale.US);
        format.setTimeZone(TimeZone.getTimeZone("GMT"));
        return format.format(new Date(millis));
    }
}
