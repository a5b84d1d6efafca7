package org.nerava.auth.internal.store;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/** A bearer session; the token itself is never stored, only its SHA-256. */
@Entity(name = "DriverSession")
@Table(name = "driver_session", indexes = @Index(name = "driver_session_driver", columnList = "driver_id"))
// Looked up on every authenticated request in plain SQL (AuthStore.sessionDriver), not through the unit.
public class SessionEntity {

    @Id
    @Column(name = "token_sha256", length = 64)
    private String tokenSha256;

    @Column(name = "driver_id", length = 36, nullable = false)
    private String driverId;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "expires_at", nullable = false)
    private long expiresAt;

    @Column(name = "revoked_at")
    private Long revokedAt;

    protected SessionEntity() {
    }

    SessionEntity(String tokenSha256, String driverId, long createdAt, long expiresAt) {
        this.tokenSha256 = tokenSha256;
        this.driverId = driverId;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }
}
