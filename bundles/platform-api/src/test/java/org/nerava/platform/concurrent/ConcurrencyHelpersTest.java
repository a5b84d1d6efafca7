package org.nerava.platform.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class ConcurrencyHelpersTest {

    @Test
    void namedThreadsAreDaemonsWithTheGivenName() {
        Thread thread = DaemonThreads.named("nerava-test").newThread(() -> { });
        assertThat(thread.isDaemon()).isTrue();
        assertThat(thread.getName()).isEqualTo("nerava-test");
    }

    @Test
    void numberedThreadsCountFromOne() {
        ThreadFactory factory = DaemonThreads.numbered("nerava-pool");
        assertThat(factory.newThread(() -> { }).getName()).isEqualTo("nerava-pool-1");
        Thread second = factory.newThread(() -> { });
        assertThat(second.getName()).isEqualTo("nerava-pool-2");
        assertThat(second.isDaemon()).isTrue();
    }

    @Test
    void unwrapReachesTheFailureBehindNestedWrappers() {
        IOException cause = new IOException("refused");
        Throwable wrapped = new CompletionException(new ExecutionException(new CompletionException(cause)));
        assertThat(Failures.unwrap(wrapped)).isSameAs(cause);
    }

    @Test
    void unwrapKeepsAWrapperWithoutCauseAndOtherFailures() {
        CompletionException bare = new CompletionException("no cause", null);
        assertThat(Failures.unwrap(bare)).isSameAs(bare);
        IllegalStateException plain = new IllegalStateException();
        assertThat(Failures.unwrap(plain)).isSameAs(plain);
        assertThat(Failures.unwrap(null)).isNull();
    }

    @Test
    void theRootCauseOfAStackTraceIsItsLastCausedBy() {
        assertThat(Failures.rootCause("org.osgi.service.component.ComponentException: failed\n"
                + "\tat org.apache.felix.scr.Foo.bar(Foo.java:1)\n"
                + "Caused by: java.lang.IllegalStateException: itest-broken: credentials rejected\n"
                + "\tat org.nerava.itest.providers.Broken.<init>(Broken.java:3)\n"))
                .isEqualTo("java.lang.IllegalStateException: itest-broken: credentials rejected");
        assertThat(Failures.rootCause("java.lang.IllegalStateException: boom\n\tat x.y(z)"))
                .isEqualTo("java.lang.IllegalStateException: boom");
    }
}
