package org.nerava.auth.internal.store;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A driver, created on their first successful sign-in. */
@Entity(name = "Driver")
@Table(name = "driver")
public class DriverEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "public_id", length = 36, nullable = false, unique = true)
    private String publicId;

    @Column(name = "phone_e164", length = 20, nullable = false, unique = true)
    private String phoneE164;

    @Column(name = "auth_provider", length = 20, nullable = false)
    private String authProvider;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    protected DriverEntity() {
    }

    DriverEntity(String id, String publicId, String phoneE164, String authProvider, long createdAt) {
        this.id = id;
        this.publicId = publicId;
        this.phoneE164 = phoneE164;
        this.authProvider = authProvider;
        this.createdAt = createdAt;
    }

    String id() {
        return id;
    }

    Driver toDriver() {
        return new Driver(id, publicId, phoneE164, authProvider);
    }
}
