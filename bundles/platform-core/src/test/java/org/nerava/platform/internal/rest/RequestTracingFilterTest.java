package org.nerava.platform.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.lang.annotation.Annotation;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedHashMap;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.UriInfo;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nerava.platform.Problem;
import org.nerava.platform.http.RequestIdHeader;
import org.slf4j.helpers.MessageFormatter;

class RequestTracingFilterTest {

    private final RequestTracingFilter filter = new RequestTracingFilter();
    private final ContainerRequestContext request = mock(ContainerRequestContext.class);
    private final ContainerResponseContext response = mock(ContainerResponseContext.class);
    private final Map<String, Object> requestProperties = new HashMap<>();
    private final MultivaluedMap<String, Object> responseHeaders = new MultivaluedHashMap<>();

    @BeforeEach
    void aGetOfSessionsAnsweredWith200() {
        // Request properties behave like the runtime's: what one filter sets, the next reads.
        doAnswer(call -> requestProperties.put(call.getArgument(0), call.getArgument(1)))
                .when(request).setProperty(anyString(), any());
        when(request.getProperty(anyString())).thenAnswer(call -> requestProperties.get(call.getArgument(0)));
        when(request.getMethod()).thenReturn("GET");
        UriInfo uri = mock(UriInfo.class);
        when(uri.getRequestUri()).thenReturn(URI.create("http://localhost:8181/v1/sessions"));
        when(request.getUriInfo()).thenReturn(uri);
        when(response.getHeaders()).thenReturn(responseHeaders);
        when(response.getStatus()).thenReturn(200);
    }

    @Test
    void aSaneClientRequestIdIsKeptAndEchoedOnTheResponse() {
        when(request.getHeaderString("X-Request-Id")).thenReturn("app-7f3a.42:retry_1");

        filter.filter(request);
        filter.filter(request, response);

        assertThat(responseHeaders.getFirst("X-Request-Id")).isEqualTo("app-7f3a.42:retry_1");
    }

    @Test
    void theAccessLineIsWhatTheLoggersPatternMadeOfTheSameValues() {
        for (long micros : new long[] {0, 7, 417, 1_000, 12_345, 987_654_321, -1}) {
            assertThat(RequestTracingFilter.accessLine("GET", "/v1/merchants/m%20x", 200, micros, "r-1"))
                    .isEqualTo(MessageFormatter.arrayFormat("{} {} {} {}ms rid={}",
                            new Object[] {"GET", "/v1/merchants/m%20x", 200, micros / 1000.0, "r-1"}).getMessage());
        }
    }

    @Test
    void theAccessLogTakesThePathTheEdgeNotedElseTheRequestUri() {
        UriInfo uri = request.getUriInfo();
        requestProperties.put(RequestTracingFilter.RAW_PATH_ATTRIBUTE, "/v1/sessions/as%20sent");
        filter.filter(request);
        filter.filter(request, response);
        verify(uri, never()).getRequestUri();

        requestProperties.clear();
        filter.filter(request);
        filter.filter(request, response);
        verify(uri).getRequestUri();
    }

    @Test
    void aClientRequestIdOf64CharactersIsStillSane() {
        String longest = "a".repeat(64);
        when(request.getHeaderString("X-Request-Id")).thenReturn(longest);

        filter.filter(request);
        filter.filter(request, response);

        assertThat(responseHeaders.getFirst("X-Request-Id")).isEqualTo(longest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"has spaces in it", "line\r\nX-Injected: 1", "<script>", "", "ünïcode"})
    void anInsaneClientRequestIdIsReplacedByAUuid(String offered) {
        when(request.getHeaderString("X-Request-Id")).thenReturn(offered);

        filter.filter(request);
        filter.filter(request, response);

        assertIsAFreshUuid(responseHeaders.getFirst("X-Request-Id"), offered);
    }

    @Test
    void aClientRequestIdOf200CharactersIsReplacedByAUuid() {
        String tooLong = "a".repeat(200);
        when(request.getHeaderString("X-Request-Id")).thenReturn(tooLong);

        filter.filter(request);
        filter.filter(request, response);

        assertIsAFreshUuid(responseHeaders.getFirst("X-Request-Id"), tooLong);
    }

    @Test
    void aRequestWithoutAnIdGetsAUuidOnTheResponse() {
        filter.filter(request);
        filter.filter(request, response);

        assertIsAFreshUuid(responseHeaders.getFirst("X-Request-Id"), null);
    }

    @Test
    void everyRequestWithoutAnIdGetsADifferentOne() {
        filter.filter(request);
        filter.filter(request, response);
        Object first = responseHeaders.getFirst("X-Request-Id");
        requestProperties.clear();

        filter.filter(request);
        filter.filter(request, response);

        assertThat(responseHeaders.getFirst("X-Request-Id")).isNotEqualTo(first);
    }

    @Test
    void aProblemBodyIsStampedWithTheRequestId() {
        Problem problem = Problem.of(404, "unknown_merchant", "Not found", "no merchant m-1");
        Annotation[] annotations = new Annotation[0];
        MediaType problemJson = MediaType.valueOf("application/problem+json");
        when(request.getHeaderString("X-Request-Id")).thenReturn("r-123");
        when(response.getEntity()).thenReturn(problem);
        when(response.getEntityAnnotations()).thenReturn(annotations);
        when(response.getMediaType()).thenReturn(problemJson);
        when(response.getStatus()).thenReturn(404);

        filter.filter(request);
        filter.filter(request, response);

        verify(response).setEntity(problem.withRequestId("r-123"), annotations, problemJson);
    }

    @Test
    void aBodyThatIsNoProblemIsLeftAlone() {
        when(response.getEntity()).thenReturn(Map.of("status", "ok"));

        filter.filter(request);
        filter.filter(request, response);

        verify(response, never()).setEntity(any(), any(), any());
    }

    @Test
    void aResponseToARequestTheFilterNeverSawStillGetsAnId() {
        // e.g. the runtime refused the request before any request filter ran
        filter.filter(request, response);

        assertIsAFreshUuid(responseHeaders.getFirst("X-Request-Id"), null);
    }

    @Test
    void theResponseIdReplacesAnyIdAlreadyOnTheResponse() {
        responseHeaders.add("X-Request-Id", "set-by-resource");
        when(request.getHeaderString("X-Request-Id")).thenReturn("r-1");

        filter.filter(request);
        filter.filter(request, response);

        assertThat(responseHeaders.get("X-Request-Id")).containsExactly("r-1");
    }

    @Test
    void newIdsAreDistinctVersion4Uuids() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIdHeader.newId();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid).hasToString(id);
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }

    private static void assertIsAFreshUuid(Object id, String offered) {
        assertThat(id).isInstanceOf(String.class).isNotEqualTo(offered);
        assertThat(UUID.fromString((String) id)).hasToString((String) id);
    }
}
