package org.nerava.platform.internal.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

class FailFastBodyTest {

    private final AtomicInteger engineReads = new AtomicInteger();
    private final HttpServletRequest request = mock(HttpServletRequest.class);

    @Test
    void aBodyWhoseReadFailedFailsEveryLaterReadWithoutAskingTheEngine() throws IOException {
        when(request.getContentLengthLong()).thenReturn(100L);
        when(request.getInputStream()).thenReturn(timingOut());
        ServletInputStream body = FailFastBody.of(request).getInputStream();

        assertThatThrownBy(body::read).isInstanceOf(SocketTimeoutException.class);
        assertThatThrownBy(() -> body.read(new byte[8], 0, 8)).isInstanceOf(SocketTimeoutException.class);
        assertThatThrownBy(body::readAllBytes).isInstanceOf(SocketTimeoutException.class);
        assertThat(engineReads).hasValue(1);
        assertThat(body.isFinished()).isTrue();
    }

    @Test
    void everyReaderOfTheRequestGetsTheSameStream() throws IOException {
        when(request.getHeader("Transfer-Encoding")).thenReturn("chunked");
        when(request.getInputStream()).thenReturn(timingOut());
        HttpServletRequest wrapped = FailFastBody.of(request);

        assertThat(wrapped.getInputStream()).isSameAs(wrapped.getInputStream());
    }

    @Test
    void aRequestWithoutABodyIsNotWrapped() {
        when(request.getContentLengthLong()).thenReturn(-1L);

        assertThat(FailFastBody.of(request)).isSameAs(request);
    }

    private ServletInputStream timingOut() {
        return new ServletInputStream() {
            @Override
            public int read() throws IOException {
                engineReads.incrementAndGet();
                throw new SocketTimeoutException("read timed out");
            }

            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
            }
        };
    }
}
