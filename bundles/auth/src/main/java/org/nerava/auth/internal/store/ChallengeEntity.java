package org.nerava.auth.internal.store;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/** One code sent to one phone. Only an HMAC of the code is kept, and only when Nerava made the code. */
@Entity(name = "OtpChallenge")
@Table(name = "otp_challenge", indexes = @Index(name = "otp_challenge_phone", columnList = "phone_e164, created_at"))
public class ChallengeEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "phone_e164", length = 20, nullable = false)
    private String phoneE164;

    /** Null when the provider owns the code (a verification service). */
    @Column(name = "code_hmac", length = 80)
    private String codeHmac;

    @Column(name = "provider", length = 64, nullable = false)
    private String provider;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", length = 12, nullable = false)
    private ChallengeStatus status;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "expires_at", nullable = false)
    private long expiresAt;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "consumed_at")
    private Long consumedAt;

    protected ChallengeEntity() {
    }

    ChallengeEntity(String id, String phoneE164, String codeHmac, String provider, long createdAt, long expiresAt) {
        this.id = id;
        this.phoneE164 = phoneE164;
        this.codeHmac = codeHmac;
        this.provider = provider;
        this.status = ChallengeStatus.SENDING;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    Challenge toChallenge() {
        return new Challenge(id, phoneE164, codeHmac, provider, status, createdAt, expiresAt, attempts, consumedAt);
    }
}
