package org.nerava.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.Manifest;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nerava.merchants.MerchantCatalog;
import org.nerava.otp.spi.OtpProviders;
import org.nerava.platform.Problem;

import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.EmbeddedResource;
import aQute.bnd.osgi.Jar;

/**
 * The semantic versioning promise of the exported packages, enforced: each bundle's API is baselined (bnd) against
 * the signature committed in {@code api-baseline/signatures/}, the API as last released. A change that is not
 * matched by the package version it needs fails the build. The signatures are rewritten only when a release is cut:
 * {@code mvn -pl api-baseline -am verify -Dnerava.api.baseline.update=true} (docs/writing-a-plugin.md).
 */
class SpiBaselineTest {

    private static final Path SIGNATURES = Paths.get(System.getProperty("nerava.api.signatures", "signatures"));
    private static final boolean UPDATE = Boolean.getBoolean("nerava.api.baseline.update");

    @Test
    void otpApiKeepsTheVersioningPromise() throws Exception {
        assertKeepsThePromise(OtpProviders.class, "otp-api");
    }

    @Test
    void platformApiKeepsTheVersioningPromise() throws Exception {
        assertKeepsThePromise(Problem.class, "platform-api");
    }

    @Test
    void merchantsApiKeepsTheVersioningPromise() throws Exception {
        assertKeepsThePromise(MerchantCatalog.class, "merchants-api");
    }

    private static void assertKeepsThePromise(Class<?> member, String artifact) throws Exception {
        Path file = SIGNATURES.resolve(artifact + ".json");
        try (Jar built = ApiSignature.builtJarOf(member)) {
            if (UPDATE) {
                ApiSignature.write(ApiSignature.of(built), file);
            }
            assertThat(file).as("the released API signature of " + artifact + "; a release writes it with"
                    + " -Dnerava.api.baseline.update=true").exists();
            List<ApiSignature.Mismatch> mismatches = ApiSignature.baseline(built, ApiSignature.read(file));
            assertThat(mismatches).as("exported packages of " + artifact + " changed beyond what their versions allow"
                    + " (see docs/writing-a-plugin.md, 'Versioning promise')").isEmpty();
        }
    }

    // ---- the check can fail: changes made to a copy of the built otp-api jar

    @Test
    void aMethodAddedToAConsumerTypeWithoutAMajorBumpFails(@TempDir Path work) throws Exception {
        try (Jar changed = ApiSignature.builtJarOf(OtpProviders.class)) {
            // Every provider implements CodeDelivery: a new abstract method breaks all of them.
            replaceClass(changed, work, "org.nerava.otp.spi", "CodeDelivery", """
                    package org.nerava.otp.spi;
                    @org.osgi.annotation.versioning.ConsumerType
                    public interface CodeDelivery {
                        java.util.concurrent.CompletionStage<OtpReceipt> deliver(CodeMessage message);
                        java.util.concurrent.CompletionStage<Diagnosis> diagnose();
                        void cancel(String reference);
                    }
                    """);

            List<ApiSignature.Mismatch> mismatches = ApiSignature.baseline(changed,
                    ApiSignature.read(SIGNATURES.resolve("otp-api.json")));

            assertThat(mismatches).singleElement().satisfies(m -> {
                assertThat(m.packageName()).isEqualTo("org.nerava.otp.spi");
                assertThat(m.suggestedVersion()).isEqualTo("2.0.0");
            });
        }
    }

    @Test
    void aRemovedTypeWithoutAMajorBumpFails() throws Exception {
        try (Jar changed = ApiSignature.builtJarOf(OtpProviders.class)) {
            changed.remove("org/nerava/otp/spi/OtpReceipt.class");
            assertThat(ApiSignature.baseline(changed, ApiSignature.read(SIGNATURES.resolve("otp-api.json"))))
                    .extracting(ApiSignature.Mismatch::suggestedVersion).containsExactly("2.0.0");
        }
    }

    @Test
    void aMethodAddedToAProviderTypeNeedsAMinorBumpAndPassesWithIt(@TempDir Path work) throws Exception {
        try (Jar changed = ApiSignature.builtJarOf(OtpProviders.class)) {
            // Only the platform implements OtpProviderControl: callers keep working, so a minor version suffices.
            replaceClass(changed, work, "org.nerava.otp.control", "OtpProviderControl", """
                    package org.nerava.otp.control;
                    @org.osgi.annotation.versioning.ProviderType
                    public interface OtpProviderControl {
                        java.util.List<OtpProviderView> providers();
                        java.util.concurrent.CompletionStage<org.nerava.otp.spi.Diagnosis> diagnose(String providerId);
                        String use(String providerId, String actor);
                        java.util.List<String> chain();
                    }
                    """);
            ApiSignature.Stored released = ApiSignature.read(SIGNATURES.resolve("otp-api.json"));

            assertThat(ApiSignature.baseline(changed, released)).singleElement().satisfies(m -> {
                assertThat(m.packageName()).isEqualTo("org.nerava.otp.control");
                assertThat(m.suggestedVersion()).isEqualTo("1.1.0");
            });

            setPackageVersion(changed, "org.nerava.otp.control", "1.1.0");
            assertThat(ApiSignature.baseline(changed, released)).isEmpty();
        }
    }

    /** Compiles a new version of one type against the built jar and puts it into the jar in place of the old one. */
    private static void replaceClass(Jar jar, Path work, String packageName, String simpleName, String source)
            throws Exception {
        Path sources = Files.createDirectories(work.resolve("src").resolve(packageName.replace('.', '/')));
        Path file = Files.writeString(sources.resolve(simpleName + ".java"), source);
        Path classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = System.getProperty("java.class.path");
        int exit = javac.run(null, null, null, "-d", classes.toString(), "-cp", classpath, "--release", "17",
                file.toString());
        assertThat(exit).as("javac exit code").isZero();
        String path = packageName.replace('.', '/') + "/" + simpleName + ".class";
        byte[] bytes = Files.readAllBytes(classes.resolve(path));
        jar.putResource(path, new EmbeddedResource(bytes, new File(path).lastModified()));
    }

    private static void setPackageVersion(Jar jar, String packageName, String version) throws Exception {
        Manifest manifest = jar.getManifest();
        String exports = manifest.getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        aQute.bnd.header.Parameters parameters = new aQute.bnd.header.Parameters(exports);
        parameters.get(packageName).put(Constants.VERSION_ATTRIBUTE, version);
        Manifest copy = new Manifest(manifest);
        copy.getMainAttributes().putValue(Constants.EXPORT_PACKAGE, parameters.toString());
        jar.setManifest(copy);
    }
}
