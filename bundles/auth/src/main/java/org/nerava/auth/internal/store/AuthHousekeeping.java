package org.nerava.auth.internal.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes challenges and sessions that ended more than a week ago, once an hour, so the sign-in tables hold what can
 * still matter (recent history for support) and no more. Failures are logged and retried at the next run.
 */
@Component
public class AuthHousekeeping {

    static final Duration KEEP = Duration.ofDays(7);
    private static final Logger LOG = LoggerFactory.getLogger(AuthHousekeeping.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "nerava-auth-housekeeping");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public AuthHousekeeping(@Reference AuthStore store) {
        // First run after a few minutes: never during start-up, never touching the database while activating.
        timer.scheduleWithFixedDelay(() -> {
            try {
                int deleted = store.purge(System.currentTimeMillis(), KEEP.toMillis());
                if (deleted > 0) {
                    LOG.info("Deleted {} expired OTP challenges and sessions", deleted);
                }
            } catch (RuntimeException e) {
                LOG.warn("Sign-in housekeeping failed; retrying in an hour: {}", e.toString());
            }
        }, 5, 60, TimeUnit.MINUTES);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }
}
