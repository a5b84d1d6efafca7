package org.nerava.web.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The page shell a phone needs: iOS standalone meta tags, the manifest, the dynamic viewport and the safe areas. */
class MobileShellTest {

    private static final Path APP = Path.of("src/main/resources/web/app");

    @Test
    void indexHasTheStandaloneAndViewportTags() throws IOException {
        assertThat(Files.readString(APP.resolve("index.html")))
                .contains("viewport-fit=cover")
                .contains("<meta name=\"apple-mobile-web-app-capable\" content=\"yes\">")
                .contains("apple-mobile-web-app-status-bar-style")
                .contains("<link rel=\"apple-touch-icon\" href=\"img/apple-touch-icon.png\">")
                .contains("<link rel=\"manifest\" href=\"manifest.webmanifest\">");
    }

    @Test
    void theLayoutUsesTheDynamicViewportAndTheSafeAreas() throws IOException {
        assertThat(Files.readString(APP.resolve("css/app.css")))
                .contains("height: 100dvh")
                .contains("env(safe-area-inset-top)")
                .contains("env(safe-area-inset-bottom)")
                .contains("env(safe-area-inset-left)")
                .contains("env(safe-area-inset-right)");
    }

    @Test
    void theContentSecurityPolicyAllowsScriptsFromThisOriginOnly() {
        assertThat(DriverWebServlet.CONTENT_SECURITY_POLICY).startsWith("default-src 'self';")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").contains("frame-ancestors 'none'");
    }
}
