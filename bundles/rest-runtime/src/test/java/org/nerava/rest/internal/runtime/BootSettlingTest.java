package org.nerava.rest.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** When unknown paths stop answering 503 starting: on a clock the test moves. */
class BootSettlingTest {

    private final AtomicLong now = new AtomicLong();
    private final AtomicBoolean schemasMigrated = new AtomicBoolean(true);
    private final BootSettling boot = new BootSettling(now::get, schemasMigrated::get);

    @Test
    void theBootIsNotOverBeforeKarafsBootFinishedHoweverQuiet() {
        advance(BootSettling.LIMIT.multipliedBy(2));

        assertThat(boot.over()).isFalse();
    }

    @Test
    void theBootIsOverOnceServicesHaveBeenQuietAfterBootFinished() {
        boot.bootFinished();
        boot.serviceChanged();
        advance(BootSettling.QUIET.minusMillis(1));
        assertThat(boot.over()).as("a resource may still be coming").isFalse();

        boot.serviceChanged(); // a persistence unit, then its store, then its resource...
        advance(BootSettling.QUIET.minusMillis(1));
        assertThat(boot.over()).isFalse();

        advance(Duration.ofMillis(1));
        assertThat(boot.over()).isTrue();
    }

    @Test
    void schemasStillMigratingKeepTheBootGoingUntilTheLimit() {
        schemasMigrated.set(false);
        boot.bootFinished();

        advance(BootSettling.QUIET.multipliedBy(3));
        assertThat(boot.over()).isFalse();

        advance(BootSettling.LIMIT);
        assertThat(boot.over()).as("an unreachable database does not keep unknown paths at 503 for ever").isTrue();
    }

    @Test
    void aRuntimeStartedAfterTheBootIsOverAtOnceWhateverComesAndGoes() {
        boot.serviceChanged();
        schemasMigrated.set(false);

        boot.startedAfterBoot();

        assertThat(boot.over()).isTrue();
    }

    @Test
    void aBootFinishedFoundDuringARestartIsStillABoot() {
        assertThat(BootSettling.afterBoot(true, 80, 80))
                .as("a restart: Karaf registered BootFinished before the product's bundles (level 80) started").isFalse();
        assertThat(BootSettling.afterBoot(false, 100, 80)).as("a first boot, boot features being installed").isFalse();
        assertThat(BootSettling.afterBoot(true, 100, 80)).as("a refresh of the runtime's bundle").isTrue();
    }

    @Test
    void onceOverItStaysOver() {
        boot.bootFinished();
        advance(BootSettling.QUIET);
        assertThat(boot.over()).isTrue();

        schemasMigrated.set(false);
        boot.serviceChanged();

        assertThat(boot.over()).isTrue();
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }
}
