package org.nerava.admin.internal.session;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** One admin session: who, since when, until when; the token itself is never stored, only its hash. */
@Entity(name = "AdminSession")
@Table(name = "admin_session")
public class SessionEntity {

    @Id
    private String id;

    @Column(name = "token_hash")
    private String tokenHash;

    @Column(name = "user_name")
    private String user;

    @Column(name = "created_at")
    private long createdAt;

    @Column(name = "last_used_at")
    private long lastUsedAt;

    @Column(name = "expires_at")
    private long expiresAt;

    protected SessionEntity() {
    }

    SessionEntity(String id, String tokenHash, String user, long now, long expiresAt) {
        this.id = id;
        this.tokenHash = tokenHash;
        this.user = user;
        this.createdAt = now;
        this.lastUsedAt = now;
        this.expiresAt = expiresAt;
    }

    long lastUsedAt() {
        return lastUsedAt;
    }

    void used(long now) {
        lastUsedAt = now;
    }

    AdminSession toSession(long idleMillis) {
        return new AdminSession(id, user, createdAt, lastUsedAt, Math.min(expiresAt, lastUsedAt + idleMillis));
    }
}
