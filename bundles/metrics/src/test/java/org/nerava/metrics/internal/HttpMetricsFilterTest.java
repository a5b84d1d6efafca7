package org.nerava.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Map;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;

class HttpMetricsFilterTest {

    private final MetricsRegistry registry = new MetricsRegistry();
    private final HttpMetricsFilter filter = new HttpMetricsFilter(registry);

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void eachRequestIsCountedInTheSeriesOfItsMethodAndStatus() {
        request("GET", 200);
        request("GET", 200);
        request("GET", 404);
        request("BREW", 200);

        String text = registry.scrape();
        assertThat(text).contains(count("GET", 200) + " 2");
        assertThat(text).contains(count("GET", 404) + " 1");
        assertThat(text).contains(count("other", 200) + " 1");
    }

    @Test
    void aSeriesRemovedFromTheRegistryIsRegisteredAgainByTheNextRequest() {
        request("GET", 200);
        registry.registry().getMeters().stream()
                .filter(meter -> meter.getId().getName().equals(HttpMetricsFilter.METER))
                .forEach(meter -> registry.remove(meter.getId()));
        assertThat(registry.scrape()).doesNotContain(count("GET", 200));

        request("GET", 200);

        assertThat(registry.scrape()).contains(count("GET", 200) + " 1");
    }

    private static String count(String method, int status) {
        return "nerava_http_server_requests_seconds_count{method=\"" + method + "\",route=\"unmatched\",status=\""
                + status + "\"}";
    }

    private void request(String method, int status) {
        Map<String, Object> properties = new HashMap<>();
        ContainerRequestContext request = mock(ContainerRequestContext.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getProperty(anyString())).thenAnswer(call -> properties.get(call.<String>getArgument(0)));
        org.mockito.Mockito.doAnswer(call -> properties.put(call.getArgument(0), call.getArgument(1)))
                .when(request).setProperty(anyString(), ArgumentMatchers.any());
        ContainerResponseContext response = mock(ContainerResponseContext.class);
        when(response.getStatus()).thenReturn(status);
        filter.filter(request);
        filter.filter(request, response);
    }
}
