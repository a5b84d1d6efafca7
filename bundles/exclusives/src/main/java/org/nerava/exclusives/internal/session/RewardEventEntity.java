package org.nerava.exclusives.internal.session;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/** What a completed session earned its driver. One per session, held by a unique constraint. */
@Entity(name = "RewardEvent")
@Table(name = "reward_event",
        uniqueConstraints = @UniqueConstraint(name = "reward_event_one_per_session", columnNames = "session_id"),
        indexes = @Index(name = "reward_event_driver", columnList = "driver_id"))
public class RewardEventEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "session_id", length = 36, nullable = false)
    private String sessionId;

    @Column(name = "driver_id", length = 36, nullable = false)
    private String driverId;

    @Column(name = "merchant_id", length = 64, nullable = false)
    private String merchantId;

    @Column(name = "kind", length = 32, nullable = false)
    private String kind;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    protected RewardEventEntity() {
    }

    RewardEventEntity(String id, String sessionId, String driverId, String merchantId, String kind, long createdAt) {
        this.id = id;
        this.sessionId = sessionId;
        this.driverId = driverId;
        this.merchantId = merchantId;
        this.kind = kind;
        this.createdAt = createdAt;
    }

    RewardEvent toReward() {
        return new RewardEvent(id, sessionId, driverId, merchantId, kind, createdAt);
    }
}
