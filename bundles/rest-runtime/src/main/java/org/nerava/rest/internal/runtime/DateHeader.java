package org.nerava.rest.internal.runtime;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.apache.cxf.helpers.CastUtils;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * Gives a response its {@code Date} header before CXF's JAX-RS writer does: CXF formats it with a new
 * {@code SimpleDateFormat} for every response without one (5–8% of a JAX-RS request's CPU samples, JFR), and it
 * decides before the response filters run, so only the outgoing message's protocol headers, which it merges into the
 * response's first, can carry it. Formatted once a second, in CXF's format. A response whose resource set its own
 * {@code Date} keeps it.
 */
final class DateHeader extends AbstractPhaseInterceptor<Message> {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final LongSupplier clockMillis;
    private volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

    DateHeader(LongSupplier clockMillis) {
        // Any phase before MARSHAL, where JAXRSOutInterceptor writes the response.
        super(Phase.PRE_LOGICAL);
        this.clockMillis = clockMillis;
    }

    @Override
    public void handleMessage(Message message) {
        List<?> contents = message.getContent(List.class);
        if (contents != null && !contents.isEmpty() && contents.get(0) instanceof Response
                && ((Response) contents.get(0)).getHeaders().containsKey(HttpHeaders.DATE)) {
            return;
        }
        Map<String, List<Object>> headers = CastUtils.cast((Map<?, ?>) message.get(Message.PROTOCOL_HEADERS));
        if (headers == null) {
            headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            message.put(Message.PROTOCOL_HEADERS, headers);
        }
        if (!headers.containsKey(HttpHeaders.DATE)) {
            // Mutable: CXF may add to a header's values later.
            List<Object> value = new ArrayList<>(1);
            value.add(now());
            headers.put(HttpHeaders.DATE, value);
        }
    }

    String now() {
        long second = Math.floorDiv(clockMillis.getAsLong(), 1000L);
        Formatted formatted = last;
        if (formatted.second() != second) {
            formatted = new Formatted(second, IMF_FIXDATE.format(Instant.ofEpochSecond(second)));
            last = formatted;
        }
        return formatted.value();
    }

    private record Formatted(long second, String value) {
    }
}
