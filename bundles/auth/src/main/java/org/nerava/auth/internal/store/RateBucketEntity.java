package org.nerava.auth.internal.store;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** One token bucket of the send limits, shared by every node that uses the same database. */
@Entity(name = "OtpRateBucket")
@Table(name = "otp_rate_bucket")
public class RateBucketEntity {

    @Id
    @Column(name = "bucket_key", length = 120)
    private String key;

    @Column(name = "tokens", nullable = false)
    private double tokens;

    @Column(name = "refilled_at", nullable = false)
    private long refilledAt;

    protected RateBucketEntity() {
    }

    RateBucketEntity(String key, double tokens, long refilledAt) {
        this.key = key;
        this.tokens = tokens;
        this.refilledAt = refilledAt;
    }

    double tokens() {
        return tokens;
    }

    long refilledAt() {
        return refilledAt;
    }

    void set(double tokens, long refilledAt) {
        this.tokens = tokens;
        this.refilledAt = refilledAt;
    }
}
