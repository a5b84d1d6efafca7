package org.nerava.admin.internal.guard;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** The failed admin sign-ins counted against one user name or one client address. */
@Entity(name = "AdminSignInFailure")
@Table(name = "admin_sign_in_failure")
public class FailureEntity {

    @Id
    @Column(name = "failure_key")
    private String key;

    private int failures;

    @Column(name = "first_failure_at")
    private long firstFailureAt;

    @Column(name = "last_failure_at")
    private long lastFailureAt;

    @Column(name = "locked_until")
    private long lockedUntil;

    protected FailureEntity() {
    }

    FailureEntity(String key, long now) {
        this.key = key;
        this.firstFailureAt = now;
        this.lastFailureAt = now;
    }

    /** Counts one more failure (a fresh count once the window has passed) and locks as the policy says. */
    void fail(GuessingPolicy policy, long now) {
        if (policy.windowEnded(lastFailureAt, now)) {
            failures = 0;
            firstFailureAt = now;
        }
        failures++;
        lastFailureAt = now;
        lockedUntil = now + policy.lockMillisAfter(failures);
    }

    String key() {
        return key;
    }

    int failures() {
        return failures;
    }

    long lockedUntil() {
        return lockedUntil;
    }

    Lock toLock() {
        return new Lock(key, failures, lockedUntil);
    }
}
