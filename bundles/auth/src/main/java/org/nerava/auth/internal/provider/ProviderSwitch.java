package org.nerava.auth.internal.provider;

import org.nerava.platform.ProblemException;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditTrail;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Changes the active OTP provider at run time for the whole fleet: the choice goes to the shared database
 * ({@link ProviderChoice}), every node applies it within seconds and keeps it across restarts, and who did it is
 * audited once. {@link #reset} goes back to each node's {@code provider} of {@code etc/org.nerava.auth.cfg}.
 */
@Component(service = ProviderSwitch.class)
public class ProviderSwitch {

    private final ProviderChoice choice;
    private final AuditTrail audit;
    private final OtpProviderRegistry registry;

    @Activate
    public ProviderSwitch(@Reference ProviderChoice choice, @Reference AuditTrail audit,
            @Reference OtpProviderRegistry registry) {
        this.choice = choice;
        this.audit = audit;
        this.registry = registry;
    }

    /**
     * @param actor who asks, for the audit trail (a shell user, an admin)
     * @return the provider that was active before
     * @throws IllegalArgumentException when no provider with that id is bound (nothing is changed)
     * @throws ProblemException 503 {@code fleet_settings_unavailable} when the shared database cannot keep the choice
     *         (nothing is changed; audited as a failure)
     */
    public String use(String providerId, String actor) {
        String id = providerId == null ? "" : providerId.strip();
        String previous = registry.chain().isEmpty() ? "" : registry.chain().get(0);
        if (registry.provider(id).isEmpty()) {
            audit.record(new AuditRecord(actor, "otp.provider.use", id, AuditOutcome.FAILURE,
                    "no provider with this id is bound"));
            throw new IllegalArgumentException("no OTP provider '" + id + "' is bound; bound: "
                    + registry.statuses().stream().map(ProviderStatus::id)
                            .filter(bound -> registry.provider(bound).isPresent()).toList());
        }
        try {
            choice.choose(id, actor);
        } catch (RuntimeException e) {
            audit.record(new AuditRecord(actor, "otp.provider.use", id, AuditOutcome.FAILURE,
                    "the fleet's choice could not be kept: " + e.getMessage()));
            throw ProblemException.unavailable("fleet_settings_unavailable", "the choice of provider cannot be kept"
                    + " in the shared database right now; nothing changed, try again");
        }
        audit.record(new AuditRecord(actor, "otp.provider.use", id, AuditOutcome.SUCCESS, "was " + previous
                + "; for every node"));
        return previous;
    }

    /**
     * Removes the fleet's run-time choice: every node goes back to its configured {@code provider}.
     *
     * @return whether there was a choice to remove
     */
    public boolean reset(String actor) {
        boolean had = choice.reset();
        audit.record(new AuditRecord(actor, "otp.provider.reset", had ? "fleet" : "none", AuditOutcome.SUCCESS,
                had ? "back to each node's configured provider" : "there was no fleet choice"));
        return had;
    }
}
