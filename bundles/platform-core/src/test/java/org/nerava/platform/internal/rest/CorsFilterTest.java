package org.nerava.platform.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.core.MultivaluedHashMap;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.Response;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class CorsFilterTest {

    private static final String APP = "https://app.example";
    private static final String ADMIN = "https://admin.example";

    private final CorsFilter filter = new CorsFilter();
    private final ContainerRequestContext request = mock(ContainerRequestContext.class);
    private final ContainerResponseContext response = mock(ContainerResponseContext.class);
    private final MultivaluedMap<String, Object> responseHeaders = new MultivaluedHashMap<>();

    @BeforeEach
    void allowTheAppAndTheAdminOrigins() {
        filter.configure(PlatformProperties.corsAllowedOrigins(APP, ADMIN));
        when(response.getHeaders()).thenReturn(responseHeaders);
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredAt204WithTheCorsHeaders() {
        preflightFrom(APP);

        filter.filter(request);

        Response answer = abortedWith();
        assertThat(answer.getStatus()).isEqualTo(204);
        assertThat(answer.getHeaderString("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(answer.getHeaderString("Access-Control-Allow-Methods")).isEqualTo("GET, POST, PUT, DELETE, OPTIONS");
        assertThat(answer.getHeaderString("Access-Control-Allow-Headers"))
                .contains("Authorization", "Content-Type", "X-Request-Id", "Idempotency-Key");
        assertThat(answer.getHeaderString("Access-Control-Max-Age")).isEqualTo("600");
        assertThat(answer.getHeaderString("Vary")).isEqualTo("Origin");
        assertThat(answer.getHeaders()).doesNotContainKey("Access-Control-Allow-Credentials");
    }

    @Test
    void aPreflightFromADisallowedOriginIsNotAnswered() {
        preflightFrom("https://evil.example");

        filter.filter(request);

        verify(request, never()).abortWith(any());
    }

    @Test
    void aPlainOptionsRequestWithoutRequestMethodIsNotAPreflight() {
        when(request.getMethod()).thenReturn("OPTIONS");
        when(request.getHeaderString("Origin")).thenReturn(APP);

        filter.filter(request);

        verify(request, never()).abortWith(any());
    }

    @Test
    void anOrdinaryRequestFromAnAllowedOriginPassesTheRequestFilter() {
        when(request.getMethod()).thenReturn("POST");
        when(request.getHeaderString("Origin")).thenReturn(APP);
        when(request.getHeaderString("Access-Control-Request-Method")).thenReturn("POST");

        filter.filter(request);

        verify(request, never()).abortWith(any());
    }

    @Test
    void oneCommaSeparatedStringIsSplitIntoOrigins() {
        filter.configure(PlatformProperties.corsAllowedOrigins("https://a.example, https://b.example"));

        assertThat(filter.isAllowed("https://a.example")).isTrue();
        assertThat(filter.isAllowed("https://b.example")).isTrue();
        assertThat(filter.isAllowed("https://a.example, https://b.example")).isFalse();
        assertThat(filter.isAllowed(" https://b.example")).isFalse();
    }

    @Test
    void aPreflightFromTheSecondOfCommaSeparatedOriginsIsAnswered() {
        filter.configure(PlatformProperties.corsAllowedOrigins("https://a.example, https://b.example"));
        preflightFrom("https://b.example");

        filter.filter(request);

        assertThat(abortedWith().getHeaderString("Access-Control-Allow-Origin")).isEqualTo("https://b.example");
    }

    @Test
    void blankEntriesAllowNothing() {
        filter.configure(PlatformProperties.corsAllowedOrigins(" , ", ""));

        assertThat(filter.isAllowed("")).isFalse();
        assertThat(filter.isAllowed(" ")).isFalse();
    }

    @Test
    void originsMatchExactlyNotByPrefixOrScheme() {
        assertThat(filter.isAllowed(APP)).isTrue();
        assertThat(filter.isAllowed("https://app.example.evil.example")).isFalse();
        assertThat(filter.isAllowed("http://app.example")).isFalse();
        assertThat(filter.isAllowed("https://app.example:8443")).isFalse();
        assertThat(filter.isAllowed(null)).isFalse();
    }

    @Test
    void byDefaultNoOriginIsAllowed() {
        CorsFilter unconfigured = new CorsFilter();
        unconfigured.configure(PlatformProperties.maxBodyBytes(PlatformProperties.DEFAULT_MAX_BODY_BYTES));

        assertThat(unconfigured.isAllowed(APP)).isFalse();
    }

    @Test
    void aReconfigurationReplacesTheAllowedOrigins() {
        filter.configure(PlatformProperties.corsAllowedOrigins(ADMIN));

        assertThat(filter.isAllowed(APP)).isFalse();
        assertThat(filter.isAllowed(ADMIN)).isTrue();
    }

    @Test
    void theResponseToAnAllowedOriginCarriesAllowOriginExposedHeadersAndVary() {
        when(request.getHeaderString("Origin")).thenReturn(ADMIN);

        filter.filter(request, response);

        assertThat(responseHeaders.getFirst("Access-Control-Allow-Origin")).isEqualTo(ADMIN);
        assertThat(responseHeaders.getFirst("Access-Control-Expose-Headers"))
                .isEqualTo("X-Request-Id, Retry-After, Location");
        assertThat(responseHeaders.get("Vary")).containsExactly("Origin");
    }

    @Test
    void theResponseKeepsAnExistingVaryAndAddsOrigin() {
        responseHeaders.add("Vary", "Accept-Encoding");
        when(request.getHeaderString("Origin")).thenReturn(APP);

        filter.filter(request, response);

        assertThat(responseHeaders.get("Vary")).containsExactly("Accept-Encoding", "Origin");
    }

    @Test
    void theResponseToADisallowedOriginGetsNoCorsHeaders() {
        when(request.getHeaderString("Origin")).thenReturn("https://evil.example");

        filter.filter(request, response);

        assertThat(responseHeaders).isEmpty();
    }

    @Test
    void theResponseToARequestWithoutOriginGetsNoCorsHeaders() {
        filter.filter(request, response);

        assertThat(responseHeaders).isEmpty();
    }

    private void preflightFrom(String origin) {
        when(request.getMethod()).thenReturn("OPTIONS");
        when(request.getHeaderString("Origin")).thenReturn(origin);
        when(request.getHeaderString("Access-Control-Request-Method")).thenReturn("POST");
    }

    private Response abortedWith() {
        ArgumentCaptor<Response> answer = ArgumentCaptor.forClass(Response.class);
        verify(request).abortWith(answer.capture());
        return answer.getValue();
    }
}
