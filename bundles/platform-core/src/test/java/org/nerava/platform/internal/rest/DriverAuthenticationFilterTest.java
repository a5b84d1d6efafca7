package org.nerava.platform.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.function.Consumer;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.SecurityContext;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.nerava.platform.ProblemException;
import org.nerava.platform.auth.Authenticator;
import org.nerava.platform.auth.DriverAuthenticated;
import org.nerava.platform.auth.DriverPrincipal;

class DriverAuthenticationFilterTest {

    private static final DriverPrincipal DRIVER = new DriverPrincipal("3f2c1b0a-0000-4000-8000-000000000001",
            "+14155550123");

    /** Resource shapes the filter meets: open, protected per method, protected as a whole. */
    static class SessionResource {
        public String openHours() {
            return "24/7";
        }

        @DriverAuthenticated
        public String mySessions() {
            return "[]";
        }
    }

    @DriverAuthenticated
    static class WalletResource {
        public String balance() {
            return "0";
        }
    }

    private final DriverAuthenticationFilter filter = new DriverAuthenticationFilter();
    private final Authenticator authenticator = mock(Authenticator.class);
    private final ContainerRequestContext request = mock(ContainerRequestContext.class);
    private final SecurityContext transport = mock(SecurityContext.class);

    @BeforeEach
    void aSecureRequestWithAnAuthenticatorBound() {
        inject("authenticator", authenticator);
        when(request.getSecurityContext()).thenReturn(transport);
        when(transport.isSecure()).thenReturn(true);
        when(authenticator.authenticate(anyString())).thenReturn(Optional.empty());
        when(authenticator.authenticate("good-token")).thenReturn(Optional.of(DRIVER));
    }

    // --- parsing the Authorization header ---

    @Test
    void bearerTokenIsWhatFollowsTheBearerScheme() {
        assertThat(DriverAuthenticationFilter.bearerToken("Bearer abc.def-123")).isEqualTo("abc.def-123");
    }

    @Test
    void bearerSchemeIsMatchedCaseInsensitively() {
        assertThat(DriverAuthenticationFilter.bearerToken("bearer abc")).isEqualTo("abc");
        assertThat(DriverAuthenticationFilter.bearerToken("BEARER abc")).isEqualTo("abc");
        assertThat(DriverAuthenticationFilter.bearerToken("bEaReR abc")).isEqualTo("abc");
    }

    @Test
    void surroundingWhitespaceIsNotPartOfTheToken() {
        assertThat(DriverAuthenticationFilter.bearerToken("Bearer   abc  ")).isEqualTo("abc");
    }

    @Test
    void anEmptyOrBlankBearerTokenIsNoToken() {
        assertThat(DriverAuthenticationFilter.bearerToken("Bearer")).isNull();
        assertThat(DriverAuthenticationFilter.bearerToken("Bearer ")).isNull();
        assertThat(DriverAuthenticationFilter.bearerToken("Bearer    ")).isNull();
        assertThat(DriverAuthenticationFilter.bearerToken("")).isNull();
        assertThat(DriverAuthenticationFilter.bearerToken(null)).isNull();
    }

    @Test
    void otherSchemesAreNoBearerToken() {
        assertThat(DriverAuthenticationFilter.bearerToken("Basic a2FyYWY6a2FyYWY=")).isNull();
        assertThat(DriverAuthenticationFilter.bearerToken("Token abc")).isNull();
        assertThat(DriverAuthenticationFilter.bearerToken("Bearerabc")).isNull();
        assertThat(DriverAuthenticationFilter.bearerToken("abc")).isNull();
    }

    // --- protected resources ---

    @Test
    void withoutAnAuthenticatorAProtectedEndpointIsA503AuthUnavailable() {
        inject("authenticator", null);
        calling(SessionResource.class, "mySessions");
        when(request.getHeaderString(HttpHeaders.AUTHORIZATION)).thenReturn("Bearer good-token");

        assertRefused(e -> {
            assertThat(e.problem().getStatus()).isEqualTo(503);
            assertThat(e.problem().getCode()).isEqualTo("auth_unavailable");
        });
    }

    @Test
    void withoutAnAuthorizationHeaderItIsA401MissingTokenWithABearerChallenge() {
        calling(SessionResource.class, "mySessions");

        assertRefused(e -> {
            assertThat(e.problem().getStatus()).isEqualTo(401);
            assertThat(e.problem().getCode()).isEqualTo("missing_token");
            assertThat(e.headers()).containsEntry(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        });
        verifyNoInteractions(authenticator);
    }

    @Test
    void anotherSchemeCountsAsAMissingToken() {
        calling(SessionResource.class, "mySessions");
        when(request.getHeaderString(HttpHeaders.AUTHORIZATION)).thenReturn("Basic a2FyYWY6a2FyYWY=");

        assertRefused(e -> assertThat(e.problem().getCode()).isEqualTo("missing_token"));
    }

    @Test
    void anUnknownTokenIsA401InvalidTokenWithABearerChallenge() {
        calling(SessionResource.class, "mySessions");
        when(request.getHeaderString(HttpHeaders.AUTHORIZATION)).thenReturn("Bearer expired-token");

        assertRefused(e -> {
            assertThat(e.problem().getStatus()).isEqualTo(401);
            assertThat(e.problem().getCode()).isEqualTo("invalid_token");
            assertThat(e.headers()).containsEntry(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        });
        verify(request, never()).setSecurityContext(any());
    }

    @Test
    void anAuthenticatorThatThrowsIsA503NotA500AndLeaksNothing() {
        calling(SessionResource.class, "mySessions");
        when(request.getHeaderString(HttpHeaders.AUTHORIZATION)).thenReturn("Bearer good-token");
        when(authenticator.authenticate("good-token")).thenThrow(new IllegalStateException("token store closed"));

        assertRefused(e -> {
            assertThat(e.problem().getStatus()).isEqualTo(503);
            assertThat(e.problem().getCode()).isEqualTo("auth_unavailable");
            assertThat(e.problem().getDetail()).doesNotContain("token store closed");
        });
        verify(request, never()).setSecurityContext(any());
    }

    @Test
    void aValidTokenSetsASecurityContextNamingTheDriver() {
        calling(SessionResource.class, "mySessions");
        when(request.getHeaderString(HttpHeaders.AUTHORIZATION)).thenReturn("Bearer good-token");

        filter.filter(request);

        SecurityContext context = installedSecurityContext();
        assertThat(context.getUserPrincipal()).isSameAs(DRIVER);
        assertThat(context.getAuthenticationScheme()).isEqualTo("Bearer");
        assertThat(context.isUserInRole("driver")).isTrue();
        assertThat(context.isUserInRole("admin")).isFalse();
    }

    @Test
    void theSecurityContextKeepsWhetherTheTransportWasSecure() {
        calling(SessionResource.class, "mySessions");
        when(request.getHeaderString(HttpHeaders.AUTHORIZATION)).thenReturn("Bearer good-token");
        when(transport.isSecure()).thenReturn(false);

        filter.filter(request);

        assertThat(installedSecurityContext().isSecure()).isFalse();
    }

    @Test
    void theAuthenticatorIsAskedAboutTheTokenAlone() {
        calling(SessionResource.class, "mySessions");
        when(request.getHeaderString(HttpHeaders.AUTHORIZATION)).thenReturn("bearer  good-token ");

        filter.filter(request);

        verify(authenticator).authenticate("good-token");
        assertThat(installedSecurityContext().getUserPrincipal()).isSameAs(DRIVER);
    }

    @Test
    void anAnnotatedResourceClassProtectsEveryMethodOfIt() {
        calling(WalletResource.class, "balance");

        assertRefused(e -> assertThat(e.problem().getCode()).isEqualTo("missing_token"));
    }

    // --- everything else ---

    @Test
    void anUnprotectedMethodIsNotCheckedAtAll() {
        inject("authenticator", null);
        calling(SessionResource.class, "openHours");

        filter.filter(request);

        verify(request, never()).getHeaderString(any());
        verify(request, never()).setSecurityContext(any());
    }

    @Test
    void anUnprotectedMethodIgnoresEvenABadToken() {
        calling(SessionResource.class, "openHours");
        when(request.getHeaderString(HttpHeaders.AUTHORIZATION)).thenReturn("Bearer expired-token");

        filter.filter(request);

        verifyNoInteractions(authenticator);
        verify(request, never()).setSecurityContext(any());
    }

    @Test
    void aRequestThatMatchedNoResourceMethodIsNotChecked() {
        inject("resourceInfo", new MatchedResource(null, null));

        filter.filter(request);

        verifyNoInteractions(authenticator);
    }

    @Test
    void aFilterWithoutResourceInfoChecksNothing() {
        filter.filter(request);

        verifyNoInteractions(authenticator);
        verify(request, never()).setSecurityContext(any());
    }

    // --- helpers ---

    private void calling(Class<?> resource, String method) {
        try {
            inject("resourceInfo", new MatchedResource(resource.getMethod(method), resource));
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private void assertRefused(Consumer<ProblemException> expectations) {
        assertThatThrownBy(() -> filter.filter(request))
                .isInstanceOfSatisfying(ProblemException.class, expectations);
    }

    private SecurityContext installedSecurityContext() {
        ArgumentCaptor<SecurityContext> installed = ArgumentCaptor.forClass(SecurityContext.class);
        verify(request).setSecurityContext(installed.capture());
        return installed.getValue();
    }

    /** Sets what DS ({@code authenticator}) and the JAX-RS runtime ({@code resourceInfo}) inject into the filter. */
    private void inject(String fieldName, Object value) {
        try {
            Field field = DriverAuthenticationFilter.class.getDeclaredField(fieldName);
            field.setAccessible(true);
            field.set(filter, value);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot inject " + fieldName, e);
        }
    }

    /** What the JAX-RS runtime reports as the matched resource. */
    private record MatchedResource(Method getResourceMethod, Class<?> getResourceClass) implements ResourceInfo {
    }
}
