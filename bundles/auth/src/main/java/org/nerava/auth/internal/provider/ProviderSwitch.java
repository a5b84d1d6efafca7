package org.nerava.auth.internal.provider;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;

import org.nerava.auth.internal.settings.AuthConfig;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditTrail;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Changes the active OTP provider at run time: writes {@code provider} of PID {@code org.nerava.auth} through Config
 * Admin (Karaf saves it to {@code etc/org.nerava.auth.cfg}, so it survives a restart) and records who did it in the
 * audit trail. The registry and sign-in pick the change up without restarting.
 */
@Component(service = ProviderSwitch.class)
public class ProviderSwitch {

    private final ConfigurationAdmin configAdmin;
    private final AuditTrail audit;
    private final OtpProviderRegistry registry;

    @Activate
    public ProviderSwitch(@Reference ConfigurationAdmin configAdmin, @Reference AuditTrail audit,
            @Reference OtpProviderRegistry registry) {
        this.configAdmin = configAdmin;
        this.audit = audit;
        this.registry = registry;
    }

    /**
     * @param actor who asks, for the audit trail (a shell user, an admin)
     * @return the provider that was active before
     * @throws IllegalArgumentException when no provider with that id is bound (nothing is changed)
     */
    public String use(String providerId, String actor) throws IOException {
        String id = providerId == null ? "" : providerId.strip();
        String previous = registry.chain().isEmpty() ? "" : registry.chain().get(0);
        if (registry.provider(id).isEmpty()) {
            audit.record(new AuditRecord(actor, "otp.provider.use", id, AuditOutcome.FAILURE,
                    "no provider with this id is bound"));
            throw new IllegalArgumentException("no OTP provider '" + id + "' is bound; bound: "
                    + registry.statuses().stream().map(ProviderStatus::id)
                            .filter(bound -> registry.provider(bound).isPresent()).toList());
        }
        // Audit first: a switch that cannot be recorded does not happen.
        audit.record(new AuditRecord(actor, "otp.provider.use", id, AuditOutcome.SUCCESS, "was " + previous));
        Configuration configuration = configAdmin.getConfiguration(AuthConfig.PID, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        properties.put("provider", id);
        configuration.update(properties);
        return previous;
    }
}
