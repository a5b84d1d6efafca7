package org.nerava.admin.internal.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.container.AsyncResponse;
import javax.ws.rs.container.Suspended;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.nerava.admin.internal.CurrentAdminSettings;
import org.nerava.platform.admin.AdminAuthenticated;
import org.nerava.admin.internal.security.AdminAuthenticationFilter;
import org.nerava.platform.admin.AdminPrincipal;
import org.nerava.otp.control.OtpProviderControl;
import org.nerava.otp.control.OtpProviderView;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.platform.ProblemException;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditTrail;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /v1/admin/otp}: the OTP providers with their state and a fresh check of each, and switching the active one.
 * Works through {@link OtpProviderControl}, which the auth feature provides; while it is absent both answer 503
 * {@code auth_unavailable}.
 */
@Component(service = OtpProvidersResource.class)
@JaxrsResource
@JaxrsExtensionSelect({"(osgi.jaxrs.media.type=application/json)", "(osgi.jaxrs.name=" + AdminAuthenticationFilter.NAME + ")"})
@AdminAuthenticated
@Path("/v1/admin/otp")
@Produces(MediaType.APPLICATION_JSON)
public class OtpProvidersResource {

    /** {@code PUT /v1/admin/otp/provider} body. */
    public record ProviderChoice(String provider) {
        public ProviderChoice {
            ProblemException.requireField(provider, "provider");
        }
    }

    /** What a provider's check found; {@code timedOut} when it did not answer within the bound. */
    public record DiagnosisView(boolean healthy, String detail, Map<String, Object> details, Boolean timedOut) {

        static DiagnosisView of(Diagnosis d) {
            return new DiagnosisView(d.healthy(), d.detail(), d.details().isEmpty() ? null : d.details(), null);
        }

        static DiagnosisView failed(Throwable failure) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            return new DiagnosisView(false, "check failed: " + message, null, null);
        }

        static DiagnosisView timedOut(Duration bound) {
            return new DiagnosisView(false, "no answer within " + bound.toMillis() + " ms", null, Boolean.TRUE);
        }
    }

    /** One provider as {@code nerava:otp-providers --diagnose} shows it. */
    public record ProviderView(String id, String state, String kind, boolean active, Integer chainPosition,
            String circuit, long calls, long failures, String lastError, Instant lastErrorAt,
            DiagnosisView diagnosis) {

        static ProviderView of(OtpProviderView v, DiagnosisView diagnosis) {
            return new ProviderView(v.id(), v.state(), v.kind(), v.active(),
                    v.chainPosition() < 0 ? null : v.chainPosition(), v.circuit(), v.calls(), v.failures(),
                    v.lastError(), v.lastErrorAt(), diagnosis);
        }
    }

    public record ProviderList(List<ProviderView> providers) {
    }

    public record ProviderSwitched(String provider, String previous) {
    }

    private static final String ACTION = "otp.provider.use";

    private final AuditTrail audit;
    private final CurrentAdminSettings settings;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile OtpProviderControl control;

    @Activate
    public OtpProvidersResource(@Reference AuditTrail audit, @Reference CurrentAdminSettings settings) {
        this.audit = audit;
        this.settings = settings;
    }

    /**
     * Every provider, each bound one checked at the same time; the answer comes when all checks are done or the
     * bound ({@code otpDiagnoseTimeoutMs}) has passed, whichever is first. {@code diagnose=false} skips the checks.
     */
    @GET
    @Path("/providers")
    public void providers(@QueryParam("diagnose") String diagnose, @Suspended AsyncResponse response) {
        OtpProviderControl current = require(control);
        boolean check = diagnose == null || !"false".equalsIgnoreCase(diagnose.strip());
        List<OtpProviderView> views = current.providers();
        Duration bound = Duration.ofMillis(Math.max(100, settings.get().config().otpDiagnoseTimeoutMs()));
        List<CompletableFuture<DiagnosisView>> checks = new ArrayList<>();
        for (OtpProviderView view : views) {
            checks.add(check && "bound".equals(view.state()) ? diagnose(current, view.id(), bound)
                    : CompletableFuture.completedFuture(null));
        }
        // A backstop only: every check completes (or is marked timed out) within the bound.
        response.setTimeoutHandler(r -> r.resume(ProblemException.unavailable("otp_check_timeout",
                "the OTP providers could not be listed in time")));
        response.setTimeout(bound.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
            List<ProviderView> providers = new ArrayList<>();
            for (int i = 0; i < views.size(); i++) {
                providers.add(ProviderView.of(views.get(i), checks.get(i).join()));
            }
            response.resume(new ProviderList(providers));
        });
    }

    private static CompletableFuture<DiagnosisView> diagnose(OtpProviderControl control, String id, Duration bound) {
        CompletableFuture<DiagnosisView> check;
        try {
            check = control.diagnose(id).toCompletableFuture().thenApply(DiagnosisView::of);
        } catch (RuntimeException e) {
            // unbound between the listing and the check
            check = CompletableFuture.failedFuture(e);
        }
        return check.exceptionally(DiagnosisView::failed)
                .completeOnTimeout(DiagnosisView.timedOut(bound), bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Makes a bound provider the active one, as {@code nerava:otp-use} does: persisted in
     * {@code etc/org.nerava.auth.cfg} and audited by the auth feature as {@code otp.provider.use}.
     */
    @PUT
    @Path("/provider")
    @Consumes(MediaType.APPLICATION_JSON)
    public ProviderSwitched use(ProviderChoice choice, @Context SecurityContext security) {
        String actor = AdminPrincipal.actor(security.getUserPrincipal());
        String id = choice.provider().strip();
        OtpProviderControl current = control;
        if (current == null) {
            try {
                audit.record(new AuditRecord(actor, ACTION, id, AuditOutcome.FAILURE,
                        "sign-in (nerava-auth) is not installed"));
            } catch (RuntimeException e) {
                // the problem below is the answer either way
            }
            throw unavailable();
        }
        try {
            String previous = current.use(id, actor);
            return new ProviderSwitched(id, previous == null || previous.isEmpty() ? null : previous);
        } catch (IllegalArgumentException e) {
            // Refused and audited by the auth feature; the message lists the bound providers.
            throw ProblemException.unprocessable("unknown_provider", e.getMessage());
        }
    }

    private static OtpProviderControl require(OtpProviderControl control) {
        if (control == null) {
            throw unavailable();
        }
        return control;
    }

    private static ProblemException unavailable() {
        return ProblemException.unavailable("auth_unavailable",
                "OTP providers cannot be managed: the sign-in feature (nerava-auth) is not running");
    }
}
