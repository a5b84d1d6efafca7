package org.nerava.platform.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.karaf.features.BootFinished;
import org.junit.jupiter.api.Test;
import org.osgi.service.http.runtime.HttpServiceRuntime;

class HttpListenerWatchTest {

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger stops = new AtomicInteger();
    private final HttpListenerWatch watch = new HttpListenerWatch(stops::incrementAndGet, now::get, false);

    private void after(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
        watch.check();
    }

    @Test
    void noHttpServerFifteenSecondsAfterTheBootStopsTheServerOnce() {
        watch.bootFinished(mock(BootFinished.class));
        after(0);
        after(14);
        assertThat(stops).hasValue(0);
        after(1);
        assertThat(stops).hasValue(1);
        after(30);
        assertThat(stops).hasValue(1);
    }

    @Test
    void whileTheBootRunsNothingIsJudged() {
        after(0);
        after(60);
        assertThat(stops).hasValue(0);
    }

    @Test
    void aServerThatListensIsLeftAloneAndABriefRestartOfItToo() {
        watch.bootFinished(mock(BootFinished.class));
        watch.httpRuntime(mock(HttpServiceRuntime.class));
        after(0);
        after(60);
        watch.httpRuntime(null);
        after(10);
        watch.httpRuntime(mock(HttpServiceRuntime.class));
        after(10);
        watch.httpRuntime(null);
        after(10);
        assertThat(stops).hasValue(0);
    }
}
