package org.nerava.web.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.nerava.platform.http.ReadOnlyServlet;

/**
 * Serves the static files of a web app (HTML, ES modules, CSS, SVG, the manifest) from its bundle, with the headers a
 * browser needs to keep the app to its own origin: a Content-Security-Policy, {@code nosniff}, no framing, no referrer.
 * Files are revalidated on every load ({@code no-cache} with an ETag), so a bundle swapped in at run time is seen on
 * the next reload, never mixed with cached files of the previous version.
 *
 * <p>Only files with a known extension are served; anything else, directories and paths with dot segments are 404.
 * Registered in its own servlet context (e.g. {@code /app}) with the pattern {@code /*}; the context's root serves
 * {@code index.html}. Only GET, HEAD and OPTIONS ({@link ReadOnlyServlet}); the platform's edge filter writes the
 * problem body of the 405.
 */
public class StaticWebServlet extends ReadOnlyServlet {

    private static final long serialVersionUID = 1L;

    /** Types of the files a web bundle ships. Anything else is not served. */
    static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json",
            "webmanifest", "application/manifest+json",
            "txt", "text/plain; charset=utf-8");

    /** Segments of letters, digits, {@code - _ .}, not starting with a dot (so no {@code ..}, no hidden files). */
    private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");

    private final transient Function<String, URL> files;
    private final String contentSecurityPolicy;

    /**
     * @param files finds a file by its path below the app's root ({@code /index.html}, {@code /js/app.js}), null when
     *        there is none; typically {@code path -> bundle.getEntry("web/app" + path)}
     * @param contentSecurityPolicy the {@code Content-Security-Policy} header of every answer
     */
    public StaticWebServlet(Function<String, URL> files, String contentSecurityPolicy) {
        this.files = files;
        this.contentSecurityPolicy = contentSecurityPolicy;
    }


    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        securityHeaders(response);
        String path = filePath(request.getPathInfo());
        String type = path == null ? null : CONTENT_TYPES.get(extension(path));
        URL file = type == null ? null : files.apply(path);
        if (file == null) {
            // The platform's edge filter answers it as a problem, like every other answer of the server.
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        byte[] content;
        try (InputStream in = file.openStream()) {
            content = in.readAllBytes();
        }
        String etag = etag(content);
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("ETag", etag);
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(type);
        response.setContentLength(content.length);
        response.getOutputStream().write(content);
    }

    private void securityHeaders(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", contentSecurityPolicy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
    }

    /** The file a request path names: the root and directories mean their {@code index.html}; null if unsafe. */
    static String filePath(String pathInfo) {
        String path = pathInfo == null || pathInfo.isEmpty() ? "/" : pathInfo;
        if (path.endsWith("/")) {
            path = path + "index.html";
        }
        return SAFE_PATH.matcher(path).matches() ? path : null;
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot < path.lastIndexOf('/') || dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String etag(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
