package org.nerava.exclusives.internal.session;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/**
 * An exclusive a driver activated at a merchant while charging. {@code active_driver_id} holds the driver's id
 * while the session is active and null otherwise; its unique constraint is what makes "one active session per
 * driver" hold across concurrent requests and nodes.
 */
@Entity(name = "ExclusiveSession")
@Table(name = "exclusive_session",
        uniqueConstraints = @UniqueConstraint(name = "exclusive_session_one_active", columnNames = "active_driver_id"),
        indexes = @Index(name = "exclusive_session_driver", columnList = "driver_id"))
public class ExclusiveSessionEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    /** The driver's public id (the auth feature's tables are its own). */
    @Column(name = "driver_id", length = 36, nullable = false)
    private String driverId;

    @Column(name = "active_driver_id", length = 36)
    private String activeDriverId;

    @Column(name = "merchant_id", length = 64, nullable = false)
    private String merchantId;

    @Column(name = "charger_id", length = 64, nullable = false)
    private String chargerId;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", length = 16, nullable = false)
    private SessionStatus status;

    /** {@code driver} (activated at the charger) or {@code demo} (the demo endpoint). */
    @Column(name = "origin", length = 16, nullable = false)
    private String origin;

    /** Metres from the charger at activation; null for demo sessions. */
    @Column(name = "distance_m")
    private Long distanceMeters;

    @Column(name = "activated_at", nullable = false)
    private long activatedAt;

    @Column(name = "expires_at", nullable = false)
    private long expiresAt;

    @Column(name = "completed_at")
    private Long completedAt;

    protected ExclusiveSessionEntity() {
    }

    ExclusiveSessionEntity(String id, String driverId, String merchantId, String chargerId, String origin,
            Long distanceMeters, long activatedAt, long expiresAt) {
        this.id = id;
        this.driverId = driverId;
        this.activeDriverId = driverId;
        this.merchantId = merchantId;
        this.chargerId = chargerId;
        this.status = SessionStatus.ACTIVE;
        this.origin = origin;
        this.distanceMeters = distanceMeters;
        this.activatedAt = activatedAt;
        this.expiresAt = expiresAt;
    }

    String id() {
        return id;
    }

    String driverId() {
        return driverId;
    }

    String merchantId() {
        return merchantId;
    }

    SessionStatus status() {
        return status;
    }

    boolean isExpiredAt(long now) {
        return status == SessionStatus.EXPIRED || status == SessionStatus.ACTIVE && expiresAt <= now;
    }

    void complete(long now) {
        status = SessionStatus.COMPLETED;
        activeDriverId = null;
        completedAt = now;
    }

    void expire() {
        status = SessionStatus.EXPIRED;
        activeDriverId = null;
    }

    ExclusiveSession toSession(long now) {
        return new ExclusiveSession(id, driverId, merchantId, chargerId,
                status == SessionStatus.ACTIVE && expiresAt <= now ? SessionStatus.EXPIRED : status, origin,
                distanceMeters, activatedAt, expiresAt, completedAt);
    }
}
