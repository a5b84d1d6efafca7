package org.nerava.itest.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The test fixture features: a features file, written next to the instance, naming the fixture bundles by path. */
public final class Fixtures {

    /** The {@code /v1/itest} resource bundle. */
    public static final String FEATURE = "nerava-itest-fixture";
    /**
     * OTP providers that misbehave on purpose: {@code itest-hanging}, {@code itest-failing}, {@code itest-broken};
     * {@code itest-stubborn} and {@code itest-sleepy} only while PID {@code org.nerava.itest.stubborn} or
     * {@code org.nerava.itest.sleepy} exists.
     */
    public static final String PROVIDERS_FEATURE = "nerava-itest-providers";

    private Fixtures() {
    }

    private static Path jar(String property, String fileName) {
        return Paths.get(System.getProperty(property, "target/it/" + fileName)).toAbsolutePath();
    }

    private static String feature(String name, Path jar) {
        return "  <feature name=\"" + name + "\" version=\"1.0.0\">\n"
                + "    <bundle>" + jar.toUri() + "</bundle>\n"
                + "  </feature>\n";
    }

    /** The jar of the misbehaving providers, to drop into {@code deploy/}. */
    public static Path providersJar() {
        return jar("nerava.providers.jar", "itest-providers.jar");
    }

    public static Path featuresFile(NeravaServer server) {
        String xml = "<features name=\"nerava-itest\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">\n"
                + feature(FEATURE, jar("nerava.fixture.jar", "itest-fixture.jar"))
                + feature(PROVIDERS_FEATURE, providersJar())
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
