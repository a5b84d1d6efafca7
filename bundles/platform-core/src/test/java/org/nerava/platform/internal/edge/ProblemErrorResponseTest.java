package org.nerava.platform.internal.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;
import org.nerava.testing.CapturingOutputStream;

class ProblemErrorResponseTest {

    private final HttpServletRequest request = mock(HttpServletRequest.class);
    private final HttpServletResponse response = mock(HttpServletResponse.class);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    private ProblemErrorResponse wrapped() throws IOException {
        return wrappedIn("/app");
    }

    private ProblemErrorResponse wrappedIn(String contextPath) throws IOException {
        when(request.getContextPath()).thenReturn(contextPath);
        when(response.getOutputStream()).thenReturn(new CapturingOutputStream(body));
        return new ProblemErrorResponse(request, response);
    }

    @Test
    void theServletApisNotImplementedForAMethodIsA405Problem() throws IOException {
        wrapped().sendError(501, "Method PATCH is not implemented by this servlet for this URI");

        verify(response).setStatus(405);
        verify(response).setContentType("application/problem+json");
        verify(response).setHeader(org.mockito.ArgumentMatchers.eq("X-Request-Id"),
                org.mockito.ArgumentMatchers.anyString());
        String json = body.toString(StandardCharsets.UTF_8);
        assertThat(json).contains("\"code\":\"method_not_allowed\"").doesNotContain("PATCH").doesNotContain("servlet");
    }

    @Test
    void aNotFoundIsA404Problem() throws IOException {
        wrapped().sendError(404);

        verify(response).setStatus(404);
        assertThat(body.toString(StandardCharsets.UTF_8)).contains("\"code\":\"not_found\"");
    }

    @Test
    void aNotFoundInTheRootContextIsTheBootWindowsStarting() throws IOException {
        // Only the engine's default servlet answers 404 there: the REST runtime's servlet is not registered yet.
        wrappedIn("").sendError(404);

        verify(response).setStatus(503);
        verify(response).setHeader("Retry-After", "1");
        assertThat(body.toString(StandardCharsets.UTF_8)).contains("\"code\":\"starting\"");
    }

    @Test
    void theEnginesMessageNeverReachesTheBody() throws IOException {
        wrapped().sendError(500, "java.lang.IllegalStateException: boom");

        verify(response).setStatus(500);
        assertThat(body.toString(StandardCharsets.UTF_8)).contains("internal_error").doesNotContain("java.")
                .doesNotContain("boom");
    }
}
