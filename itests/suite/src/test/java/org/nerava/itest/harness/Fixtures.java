package org.nerava.itest.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The test fixture feature: a features file, written next to the instance, naming the fixture bundle by path. */
public final class Fixtures {

    public static final String FEATURE = "nerava-itest-fixture";

    private Fixtures() {
    }

    public static Path featuresFile(NeravaServer server) {
        Path jar = Paths.get(System.getProperty("nerava.fixture.jar", "target/it/itest-fixture.jar")).toAbsolutePath();
        String xml = "<features name=\"nerava-itest\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">\n"
                + "  <feature name=\"" + FEATURE + "\" version=\"1.0.0\">\n"
                + "    <bundle>" + jar.toUri() + "</bundle>\n"
                + "  </feature>\n"
                + "</features>\n";
        try {
            Path file = server.home().resolve("itest-features.xml");
            Files.writeString(file, xml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
