package org.nerava.deployments.internal.rest;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.container.AsyncResponse;
import javax.ws.rs.container.Suspended;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.nerava.deployments.internal.Deployment;
import org.nerava.deployments.internal.DeploymentSettings;
import org.nerava.deployments.internal.DeploymentStatus;
import org.nerava.deployments.internal.DeploymentTarget;
import org.nerava.deployments.internal.Deployments;
import org.nerava.platform.Problem;
import org.nerava.platform.ProblemException;
import org.nerava.platform.admin.AdminAuthenticated;
import org.nerava.platform.admin.AdminPrincipal;
import org.nerava.platform.admin.Paging;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /v1/admin/deployments}: trigger a deployment (GitHub Actions), list them, read one. The trigger answers
 * asynchronously: the HTTP thread is given back while GitHub is called on the deployments' own pool.
 */
@Component(service = DeploymentsResource.class)
@JaxrsResource
// JSON (what @JSONRequired selects) and the guard that refuses a request no admin authentication vouched for: never
// served without either, and with nerava-admin absent every call is a 503 naming it, not an anonymous deployment.
@JaxrsExtensionSelect({"(osgi.jaxrs.media.type=application/json)", "(osgi.jaxrs.name=" + AdminRequired.NAME + ")"})
@AdminAuthenticated
@Path("/v1/admin/deployments")
@Produces(MediaType.APPLICATION_JSON)
public class DeploymentsResource {

    /** Head room over GitHub's own timeouts, so they answer (502) before this backstop does. */
    private static final long RESPONSE_GRACE_MILLIS = 5_000;
    static final int MAX_PAGE = 100;

    /** {@code POST /v1/admin/deployments/trigger} body; without a ref, the configured {@code defaultRef}. */
    public record TriggerRequest(String target, String ref) {
        public TriggerRequest {
            ProblemException.requireField(target, "target");
        }
    }

    /** {@code POST /v1/admin/deployments/rollback} body. */
    public record RollbackRequest(String target) {
        public RollbackRequest {
            ProblemException.requireField(target, "target");
        }
    }

    /**
     * One target as the console needs it: whether it can be deployed (and what is missing), the ref a trigger without
     * one deploys, and what a rollback would deploy (the ref of its last deployment that succeeded, if any).
     */
    public record TargetView(String target, boolean configured, List<String> missing, String defaultRef,
            String rollbackRef, String rollbackDeploymentId, java.time.Instant rollbackDeployedAt) {
    }

    /** {@code GET /v1/admin/deployments/targets}. */
    public record TargetList(List<TargetView> targets) {
    }

    /** One page of the history. */
    public record DeploymentList(List<DeploymentView> deployments, int offset, int limit, long total) {
    }

    private final Deployments deployments;

    @Activate
    public DeploymentsResource(@Reference Deployments deployments) {
        this.deployments = deployments;
    }

    @POST
    @Path("/trigger")
    @Consumes(MediaType.APPLICATION_JSON)
    public void trigger(TriggerRequest request, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context SecurityContext security, @Context UriInfo uri, @Suspended AsyncResponse response) {
        DeploymentTarget target = target(request.target());
        String ref = request.ref() == null || request.ref().isBlank() ? deployments.settings().defaultRef()
                : request.ref().strip();
        answerWhenDispatched(() -> deployments.trigger(target, ref, actor(security), idempotencyKey), uri, response);
    }

    @POST
    @Path("/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    public void rollback(RollbackRequest request, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context SecurityContext security, @Context UriInfo uri, @Suspended AsyncResponse response) {
        DeploymentTarget target = target(request.target());
        answerWhenDispatched(() -> deployments.rollback(target, actor(security), idempotencyKey), uri, response);
    }

    @GET
    @Path("/targets")
    public TargetList targets() {
        DeploymentSettings settings = deployments.settings();
        return new TargetList(java.util.Arrays.stream(DeploymentTarget.values()).map(t -> {
            List<String> missing = settings.missing(t);
            Deployment good = deployments.lastGood(t).orElse(null);
            return new TargetView(t.id(), missing.isEmpty(), missing, settings.defaultRef(),
                    good == null ? null : good.ref(), good == null ? null : good.id(),
                    good == null ? null : good.finishedAt());
        }).toList());
    }

    private static DeploymentTarget target(String id) {
        return DeploymentTarget.of(id).orElseThrow(() -> ProblemException
                .badRequest("invalid_target", "target must be one of " + DeploymentTarget.ids()));
    }

    private static String actor(SecurityContext security) {
        return AdminPrincipal.actor(security.getUserPrincipal());
    }

    private void answerWhenDispatched(java.util.function.Supplier<CompletionStage<Deployments.Triggered>> dispatch,
            UriInfo uri, AsyncResponse response) {
        DeploymentSettings settings = deployments.settings();
        long deadline = settings.connectTimeout().toMillis() + settings.requestTimeout().toMillis()
                + RESPONSE_GRACE_MILLIS;
        response.setTimeoutHandler(r -> r.resume(new ProblemException(Problem.of(502, "deployment_failed",
                "Deployment failed", "no outcome from GitHub in time; see GET /v1/admin/deployments"))));
        response.setTimeout(deadline, TimeUnit.MILLISECONDS);
        CompletionStage<Deployments.Triggered> stage;
        try {
            stage = dispatch.get();
        } catch (RuntimeException e) {
            response.resume(e);
            return;
        }
        // Absolute: a relative Location is resolved on a synchronous answer but not on a resumed one.
        URI base = uri.getBaseUriBuilder().path("v1/admin/deployments").build();
        stage.whenComplete((triggered, failure) -> response.resume(failure != null ? failure
                : answer(triggered, URI.create(base + "/" + triggered.deployment().id()))));
    }

    private static Object answer(Deployments.Triggered triggered, URI location) {
        Deployment d = triggered.deployment();
        if (triggered.replayed()) {
            return Response.ok(DeploymentView.of(d)).location(location).header("Idempotent-Replayed", "true").build();
        }
        if (d.status() == DeploymentStatus.FAILED) {
            return new ProblemException(Problem.of(502, "deployment_failed", "Deployment failed",
                    d.error() + "; recorded as failed deployment " + d.id()),
                    Map.of("Location", location.toString()));
        }
        return Response.accepted(DeploymentView.of(d)).location(location).build();
    }

    @GET
    public DeploymentList list(@QueryParam("page") String page, @QueryParam("size") String size,
            @QueryParam("limit") String limit, @QueryParam("offset") String offset,
            @QueryParam("target") String target, @QueryParam("status") String status) {
        Paging paging = Paging.of(page, size, limit, offset, MAX_PAGE);
        DeploymentTarget byTarget = target == null || target.isBlank() ? null : target(target.strip());
        DeploymentStatus byStatus = status == null || status.isBlank() ? null : DeploymentStatus.of(status.strip())
                .orElseThrow(() -> ProblemException.badRequest("invalid_status", "status must be one of "
                        + java.util.Arrays.stream(DeploymentStatus.values()).map(DeploymentStatus::id).toList()));
        Deployments.Page found = deployments.list(paging.offset(), paging.limit(), byTarget, byStatus);
        return new DeploymentList(found.deployments().stream().map(DeploymentView::of).toList(), paging.offset(),
                paging.limit(), found.total());
    }

    @GET
    @Path("/{id}")
    public DeploymentView get(@PathParam("id") String id) {
        return deployments.find(id).map(DeploymentView::of).orElseThrow(
                () -> ProblemException.notFound("deployment_not_found", "no deployment with this id"));
    }
}
