package org.nerava.rest.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicLong;

import javax.ws.rs.core.Response;

import org.apache.cxf.helpers.CastUtils;
import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageContentsList;
import org.apache.cxf.message.MessageImpl;
import org.junit.jupiter.api.Test;

class DateHeaderTest {

    private final AtomicLong clock = new AtomicLong(1_796_531_471_999L); // 2026-12-06T04:31:11.999Z
    private final DateHeader date = new DateHeader(clock::get);

    @Test
    void formatsAsCxfDoesAndFollowsTheClockBySecond() {
        assertThat(date.now()).isEqualTo("Sun, 06 Dec 2026 04:31:11 GMT").isEqualTo(cxfFormat(clock.get()));
        clock.set(1_796_531_472_000L);
        assertThat(date.now()).isEqualTo("Sun, 06 Dec 2026 04:31:12 GMT");
        clock.set(1_801_440_000_000L); // a single-digit day of another month
        assertThat(date.now()).isEqualTo("Mon, 01 Feb 2027 00:00:00 GMT").isEqualTo(cxfFormat(clock.get()));
    }

    @Test
    void theOutgoingMessageCarriesTheDateInItsProtocolHeaders() {
        Message message = new MessageImpl();
        message.setContent(List.class, new MessageContentsList(Map.of("id", "m_1")));

        date.handleMessage(message);

        assertThat(headers(message).get("date")).containsExactly("Sun, 06 Dec 2026 04:31:11 GMT");
    }

    @Test
    void aDateTheResourceSetIsKept() {
        Message message = new MessageImpl();
        message.setContent(List.class, new MessageContentsList(
                Response.ok().header("Date", "Thu, 01 Jan 1970 00:00:00 GMT").build()));

        date.handleMessage(message);

        assertThat(headers(message)).isNull();
    }

    private static Map<String, List<Object>> headers(Message message) {
        return CastUtils.cast((Map<?, ?>) message.get(Message.PROTOCOL_HEADERS));
    }

    /** What CXF's JAXRSOutInterceptor writes. */
    private static String cxfFormat(long millis) {
        SimpleDateFormat format = new SimpleDateFormat("EEE, dd MMM yyyy HH:mm:ss zzz", Locale.US);
        format.setTimeZone(TimeZone.getTimeZone("GMT"));
        return format.format(new Date(millis));
    }
}
