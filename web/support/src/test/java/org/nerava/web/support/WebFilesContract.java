package org.nerava.web.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * What every web bundle's files must hold, checked on the sources: each file is of a type the servlet serves, pages
 * and modules refer only to files of the bundle (nothing from another host: no CDN, fonts or images from elsewhere),
 * and no inline script or style (the Content-Security-Policy forbids them). A web bundle's test extends this with its
 * root, e.g. {@code src/main/resources/web/app}.
 */
public abstract class WebFilesContract {

    /** {@code src="..."}, {@code href="..."}, {@code url(...)}, {@code import ... from '...'}, {@code import('...')}. */
    private static final Pattern REFERENCE = Pattern.compile(
            "(?:src|href)=\"([^\"]+)\"|url\\(['\"]?([^'\")]+)['\"]?\\)|from\\s+'([^']+)'|import\\s*\\(\\s*'([^']+)'");
    private static final Pattern OTHER_HOST = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}");

    protected abstract Path root();

    protected List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(root())) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void everyFileIsOfAServedType() throws IOException {
        assertThat(files()).isNotEmpty().allSatisfy(file -> {
            String name = file.getFileName().toString();
            assertThat(StaticWebServlet.CONTENT_TYPES).as(name).containsKey(name.substring(name.lastIndexOf('.') + 1));
            assertThat(StaticWebServlet.filePath("/" + root().relativize(file).toString().replace('\\', '/')))
                    .as("%s has a name the servlet serves", file).isNotNull();
        });
    }

    @Test
    void referencesStayInsideTheBundle() throws IOException {
        for (Path file : files()) {
            String name = file.getFileName().toString();
            if (!name.matches(".*\\.(html|js|css|webmanifest)")) {
                continue;
            }
            String text = Files.readString(file);
            Matcher reference = REFERENCE.matcher(text);
            while (reference.find()) {
                String target = firstGroup(reference);
                if (target.startsWith("#") || target.startsWith("data:") || target.contains("${")) {
                    continue;
                }
                assertThat(target).as("%s refers to %s", file, target).doesNotContain("//").doesNotStartWith("/");
                Path resolved = file.getParent().resolve(target.replaceAll("[?#].*", "")).normalize();
                assertThat(resolved).as("%s refers to %s", file, target).startsWith(root().normalize()).isRegularFile();
            }
        }
    }

    @Test
    void noOtherHostIsNamed() throws IOException {
        for (Path file : files()) {
            if (file.getFileName().toString().matches(".*\\.(html|js|css|webmanifest)")) {
                // SVG files carry their XML namespace URI, which names no host to fetch; they are not checked here.
                Matcher host = OTHER_HOST.matcher(Files.readString(file));
                assertThat(host.find()).as("%s names another host: %s", file, host.hitEnd() ? "" : host.group()).isFalse();
            }
        }
    }

    @Test
    void noInlineScriptOrStyle() throws IOException {
        for (Path file : files()) {
            if (file.getFileName().toString().endsWith(".html")) {
                String html = Files.readString(file);
                assertThat(html).as(file.toString()).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>")
                        .doesNotContain("<style").doesNotContainPattern("\\sstyle=\"").doesNotContainPattern("\\son[a-z]+=\"");
            }
        }
    }

    private static String firstGroup(Matcher matcher) {
        for (int i = 1; i <= matcher.groupCount(); i++) {
            if (matcher.group(i) != null) {
                return matcher.group(i);
            }
        }
        throw new IllegalStateException("no group matched");
    }
}
