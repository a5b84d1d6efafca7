package org.nerava.platform.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import javax.ws.rs.container.ContainerRequestContext;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.nerava.platform.ProblemException;

class BodySizeLimitFilterTest {

    private static final int LIMIT = 1024;

    private final BodySizeLimitFilter filter = new BodySizeLimitFilter();
    private final ContainerRequestContext request = mock(ContainerRequestContext.class);

    @BeforeEach
    void limitBodiesTo1024Bytes() {
        filter.configure(PlatformProperties.maxBodyBytes(LIMIT));
    }

    @Test
    void aDeclaredContentLengthOverTheLimitIsA413BeforeAnythingIsRead() {
        when(request.getLength()).thenReturn(LIMIT + 1);
        when(request.hasEntity()).thenReturn(true);

        assertThatThrownBy(() -> filter.filter(request)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().getStatus()).isEqualTo(413);
            assertThat(e.problem().getCode()).isEqualTo("payload_too_large");
            assertThat(e.problem().getDetail()).contains("1024 bytes");
        });
        verify(request, never()).getEntityStream();
    }

    @Test
    void aDeclaredContentLengthOfExactlyTheLimitPasses() throws IOException {
        InputStream body = bodyOf(LIMIT, LIMIT);

        assertThat(body.readAllBytes()).hasSize(LIMIT);
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimitFailsWhileBeingRead() {
        InputStream body = chunkedBodyOf(LIMIT + 1);

        assertThatThrownBy(body::readAllBytes).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().getStatus()).isEqualTo(413));
    }

    @Test
    void aChunkedBodyReadByteByByteFailsOnTheFirstByteOverTheLimit() throws IOException {
        InputStream body = chunkedBodyOf(LIMIT + 1);

        for (int i = 0; i < LIMIT; i++) {
            assertThat(body.read()).isNotEqualTo(-1);
        }
        assertThatThrownBy(body::read).isInstanceOf(ProblemException.class);
    }

    @Test
    void aChunkedBodyOfExactlyTheLimitIsReadWhole() throws IOException {
        InputStream body = chunkedBodyOf(LIMIT);

        byte[] read = body.readAllBytes();

        assertThat(read).hasSize(LIMIT);
        assertThat(body.read()).isEqualTo(-1);
    }

    @Test
    void anOversizedChunkedBodyFailsItsReaderWithA413() {
        String json = "{\"note\":\"" + "x".repeat(2 * LIMIT) + "\"}";
        when(request.getLength()).thenReturn(-1);
        when(request.hasEntity()).thenReturn(true);
        when(request.getEntityStream()).thenReturn(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        filter.filter(request);
        InputStream limited = replacedEntityStream();

        // The JSON provider lets a ProblemException from its stream through (rest-runtime's JsonProviderTest).
        assertThatThrownBy(limited::readAllBytes)
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().getCode()).isEqualTo("payload_too_large"));
    }

    @Test
    void aBodyCutShortIsA400NotA500() {
        InputStream body = failingBody(new java.io.EOFException("Early EOF"));

        assertThatThrownBy(body::readAllBytes).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().getStatus()).isEqualTo(400);
            assertThat(e.problem().getCode()).isEqualTo("incomplete_body");
        });
    }

    @Test
    void aBodyThatStopsArrivingIsA408() {
        InputStream body = failingBody(new IOException(new java.util.concurrent.TimeoutException("Idle timeout")));

        assertThatThrownBy(body::readAllBytes).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().getCode()).isEqualTo("body_timeout"));
    }

    @Test
    void aReadThatTimedOutOnTheSocketIsA408() {
        InputStream body = failingBody(new IOException(new java.net.SocketTimeoutException()));

        assertThatThrownBy(body::readAllBytes).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().getStatus()).isEqualTo(408));
    }

    @Test
    void aBodyWhoseFirstLookFailsIsRefusedBeforeAnyResource() {
        when(request.getLength()).thenReturn(-1);
        when(request.hasEntity()).thenThrow(new IllegalStateException("Parser is terminated"));

        assertThatThrownBy(() -> filter.filter(request)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().getStatus()).isEqualTo(400));
    }

    private InputStream failingBody(Exception failure) {
        when(request.getLength()).thenReturn(-1);
        when(request.hasEntity()).thenReturn(true);
        when(request.getEntityStream()).thenReturn(new InputStream() {
            @Override
            public int read() throws IOException {
                if (failure instanceof IOException) {
                    throw (IOException) failure;
                }
                throw (RuntimeException) failure;
            }
        });
        filter.filter(request);
        return replacedEntityStream();
    }

    @Test
    void aRequestWithoutABodyIsLeftAlone() {
        when(request.getLength()).thenReturn(-1);
        when(request.hasEntity()).thenReturn(false);

        filter.filter(request);

        verify(request, never()).setEntityStream(any());
    }

    @Test
    void aNewLimitTakesEffectWhenTheConfigurationChanges() {
        filter.configure(PlatformProperties.maxBodyBytes(4096));
        when(request.getLength()).thenReturn(4096);

        filter.filter(request);

        when(request.getLength()).thenReturn(4097);
        assertThatThrownBy(() -> filter.filter(request)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().getDetail()).contains("4096 bytes"));
    }

    /** Runs a chunked request (no Content-Length) of {@code size} bytes through the filter; returns what it installed. */
    private InputStream chunkedBodyOf(int size) {
        return bodyOf(-1, size);
    }

    private InputStream bodyOf(int declaredLength, int size) {
        when(request.getLength()).thenReturn(declaredLength);
        when(request.hasEntity()).thenReturn(true);
        when(request.getEntityStream()).thenReturn(new ByteArrayInputStream(new byte[size]));
        filter.filter(request);
        return replacedEntityStream();
    }

    private InputStream replacedEntityStream() {
        ArgumentCaptor<InputStream> installed = ArgumentCaptor.forClass(InputStream.class);
        verify(request).setEntityStream(installed.capture());
        return installed.getValue();
    }
}
