package org.nerava.auth.internal.store;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.NamedQuery;
import javax.persistence.QueryHint;
import javax.persistence.Table;

/** A bearer session; the token itself is never stored, only its SHA-256. */
@Entity(name = "DriverSession")
@Table(name = "driver_session", indexes = @Index(name = "driver_session_driver", columnList = "driver_id"))
// Looked up on every authenticated request: named (SQL built once) and read-only (EclipseLink's QueryHints.READ_ONLY:
// no unit-of-work copy to diff), the hint declared here since one set per call makes EclipseLink copy and prepare the
// query again on every call.
@NamedQuery(name = SessionEntity.LIVE_SESSION_DRIVER, query = "SELECT d FROM DriverSession s, Driver d"
        + " WHERE s.tokenSha256 = :hash AND d.id = s.driverId AND s.revokedAt IS NULL AND s.expiresAt > :now",
        hints = @QueryHint(name = "eclipselink.read-only", value = "true"))
public class SessionEntity {

    static final String LIVE_SESSION_DRIVER = "DriverSession.liveSessionDriver";

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
