package org.nerava.auth.internal.rest;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.container.AsyncResponse;
import javax.ws.rs.container.Suspended;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.nerava.auth.internal.signin.SignInService;
import org.nerava.platform.Problem;
import org.nerava.platform.ProblemException;
import org.nerava.platform.RequestIds;
import org.nerava.platform.auth.DriverAuthenticated;
import org.nerava.platform.http.ClientAddress;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /v1/auth}: send a code, check it, sign out. Start and verify answer asynchronously: the HTTP thread is given
 * back while a provider works, so a slow or hung provider cannot starve the server of threads.
 */
@Component(service = AuthResource.class)
@JaxrsResource
@JSONRequired
@Path("/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    /** Head room over the provider deadline, so the provider's own timeout answers (504) before this one. */
    private static final long RESPONSE_GRACE_MILLIS = 5_000;

    /** {@code POST /v1/auth/otp/start} body. */
    public record StartRequest(String phone) {
        public StartRequest {
            ProblemException.requireField(phone, "phone");
        }
    }

    /** {@code POST /v1/auth/otp/verify} body. */
    public record VerifyRequest(String phone, String code) {
        public VerifyRequest {
            ProblemException.requireField(phone, "phone");
            ProblemException.requireField(code, "code");
        }
    }

    /** The signed-in driver as the verify answer shows them. */
    public record User(String publicId, String authProvider, String phone) {
    }

    public record StartResponse(String status, long expiresIn, long resendAfter) {
    }

    public record VerifyResponse(String accessToken, String tokenType, long expiresIn, User user) {
    }

    private final SignInService signIn;

    @Activate
    public AuthResource(@Reference SignInService signIn) {
        this.signIn = signIn;
    }

    @POST
    @Path("/otp/start")
    @Consumes(MediaType.APPLICATION_JSON)
    public void start(StartRequest request, @Context HttpServletRequest http, @Context HttpHeaders headers,
            @Suspended AsyncResponse response) {
        String requestId = (String) http.getAttribute(RequestIds.ATTRIBUTE);
        answer(response, () -> signIn.start(request.phone(), ClientAddress.of(http.getRemoteAddr(),
                http.getHeader("X-Forwarded-For"), signIn.settings().trustedProxies()), firstLocale(headers),
                requestId),
                started -> Response.status(202)
                        .entity(new StartResponse("sent", started.expiresInSeconds(), started.resendAfterSeconds()))
                        .build());
    }

    @POST
    @Path("/otp/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    public void verify(VerifyRequest request, @Suspended AsyncResponse response) {
        answer(response, () -> signIn.verify(request.phone(), request.code()),
                v -> Response.ok(new VerifyResponse(v.accessToken(), "bearer", v.expiresInSeconds(),
                        new User(v.driver().publicId(), v.driver().authProvider(), v.driver().phoneE164())))
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build());
    }

    /**
     * Resumes the suspended response with what the stage completes with, or with the problem it (or the call that
     * makes it) fails with; a deadline answers 504 if the stage never completes.
     */
    private <T> void answer(AsyncResponse response, Supplier<CompletionStage<T>> call, Function<T, Response> ok) {
        long deadline = signIn.settings().providerTimeout().toMillis() + RESPONSE_GRACE_MILLIS;
        response.setTimeoutHandler(r -> r.resume(new ProblemException(Problem.of(504, "otp_timeout",
                "OTP provider timeout", "sign-in did not complete in time; try again"))));
        response.setTimeout(deadline, TimeUnit.MILLISECONDS);
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            response.resume(e);
            return;
        }
        stage.whenComplete((value, failure) -> {
            if (failure != null) {
                response.resume(failure); // resume(Throwable): through the exception mappers to a problem body
            } else {
                response.resume(ok.apply(value));
            }
        });
    }

    @POST
    @Path("/logout")
    @DriverAuthenticated
    public Response logout(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context SecurityContext security) {
        String token = authorization.substring(authorization.indexOf(' ') + 1).strip();
        signIn.signOut(token, security.getUserPrincipal().getName());
        return Response.noContent().build();
    }

    private static Locale firstLocale(HttpHeaders headers) {
        List<Locale> accepted = headers.getAcceptableLanguages();
        return accepted.isEmpty() || "*".equals(accepted.get(0).toString()) ? Locale.ENGLISH : accepted.get(0);
    }

}
