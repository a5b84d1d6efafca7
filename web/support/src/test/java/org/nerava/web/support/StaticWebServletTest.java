package org.nerava.web.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;
import org.nerava.testing.CapturingOutputStream;

class StaticWebServletTest {

    private static final String CSP = "default-src 'self'";

    /** Files from src/test/resources/site, as a bundle's {@code getEntry} would find them. */
    private final StaticWebServlet servlet = new StaticWebServlet(
            path -> StaticWebServletTest.class.getResource("/site" + path), CSP);

    private final Map<String, String> headers = new HashMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final StringWriter text = new StringWriter();
    private final HttpServletResponse response = mock(HttpServletResponse.class);

    private HttpServletResponse response() throws IOException {
        Mockito.doAnswer(call -> headers.put(call.getArgument(0), call.getArgument(1)))
                .when(response).setHeader(Mockito.anyString(), Mockito.anyString());
        when(response.getWriter()).thenReturn(new PrintWriter(text, true));
        when(response.getOutputStream()).thenReturn(new CapturingOutputStream(body));
        return response;
    }

    private void get(String pathInfo, String ifNoneMatch) throws IOException {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getPathInfo()).thenReturn(pathInfo);
        when(request.getHeader("If-None-Match")).thenReturn(ifNoneMatch);
        servlet.doGet(request, response());
    }

    @Test
    void theRootServesIndexHtmlWithTheSecurityHeaders() throws IOException {
        get("/", null);

        verify(response).setContentType("text/html; charset=utf-8");
        assertThat(body.toString()).contains("<title>t</title>");
        assertThat(headers).containsEntry("Content-Security-Policy", CSP)
                .containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Cache-Control", "no-cache")
                .containsKey("ETag");
    }

    @Test
    void aModuleIsServedAsJavaScript() throws IOException {
        get("/js/app.js", null);

        verify(response).setContentType("text/javascript; charset=utf-8");
        assertThat(body.toString()).contains("export const x");
    }

    @Test
    void aFileNotChangedSinceTheBrowsersCopyIs304WithoutBody() throws IOException {
        get("/js/app.js", null);
        String etag = headers.get("ETag");
        body.reset();

        get("/js/app.js", etag);

        verify(response).setStatus(HttpServletResponse.SC_NOT_MODIFIED);
        assertThat(body.size()).isZero();
    }

    @Test
    void missingFilesUnknownTypesAndDotSegmentsAre404() throws IOException {
        for (String path : new String[] {"/nope.html", "/notes.bak", "/js", "/../site/index.html", "/js/./app.js",
                "/.hidden.js", "//index.html"}) {
            Mockito.reset(response);
            headers.clear();
            get(path, null);
            verify(response).sendError(HttpServletResponse.SC_NOT_FOUND);
            assertThat(headers).as(path).containsEntry("Content-Security-Policy", CSP);
        }
        assertThat(body.size()).isZero();
    }

    @Test
    void filePathsOfRequests() {
        assertThat(StaticWebServlet.filePath(null)).isEqualTo("/index.html");
        assertThat(StaticWebServlet.filePath("/")).isEqualTo("/index.html");
        assertThat(StaticWebServlet.filePath("/img/")).isEqualTo("/img/index.html");
        assertThat(StaticWebServlet.filePath("/a/../b.js")).isNull();
        assertThat(StaticWebServlet.filePath("/a\\b.js")).isNull();
    }

    @Test
    void theStatusIsNotSetForAnOrdinaryAnswer() throws IOException {
        get("/index.html", null);
        ArgumentCaptor<Integer> status = ArgumentCaptor.forClass(Integer.class);
        Mockito.verify(response, Mockito.never()).setStatus(status.capture());
    }
}
