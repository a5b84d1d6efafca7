package org.nerava.itest.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nerava.platform.audit.AuditEntry;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.audit.AuditQuery;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.health.ReadinessCheck;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** Inside the running distribution: the platform's bundles, components and services, seen through OSGi. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformInContainerTest extends NeravaKarafTestSupport {

    @Inject
    private BundleContext context;

    @Inject
    private FeaturesService features;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private AuditTrail audit;

    @Test
    public void theNeravaBundlesAreActive() {
        List<String> active = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().startsWith("org.nerava."))
                .filter(b -> b.getState() == Bundle.ACTIVE)
                .map(Bundle::getSymbolicName)
                .collect(Collectors.toList());
        assertTrue(active.toString(), active.containsAll(List.of("org.nerava.platform.api", "org.nerava.platform.core",
                "org.nerava.rest.runtime", "org.nerava.otp.api")));
    }

    @Test
    public void everyPlatformComponentIsActive() {
        List<Bundle> platform = Arrays.stream(context.getBundles())
                .filter(b -> List.of("org.nerava.platform.core", "org.nerava.rest.runtime").contains(b.getSymbolicName()))
                .collect(Collectors.toList());
        assertTrue("platform-core and rest-runtime are installed", platform.size() == 2);
        int components = 0;
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(platform.toArray(new Bundle[0]))) {
            components++;
            List<ComponentConfigurationDTO> configurations = List.copyOf(scr.getComponentConfigurationDTOs(description));
            assertTrue(description.name + " has no configuration", !configurations.isEmpty());
            for (ComponentConfigurationDTO configuration : configurations) {
                // SATISFIED is a delayed component nobody has asked for yet: working, just not instantiated.
                assertTrue(description.name + " is in state " + configuration.state,
                        configuration.state == ComponentConfigurationDTO.ACTIVE
                                || configuration.state == ComponentConfigurationDTO.SATISFIED);
            }
        }
        assertTrue("platform-core and rest-runtime declare their components", components >= 13);
    }

    @Test
    public void thePlatformFeatureIsInstalled() throws Exception {
        assertTrue(features.isInstalled(features.getFeature("nerava-platform")));
        assertTrue(features.isInstalled(features.getFeature("nerava-auth")));
    }

    @Test
    public void theAuditTrailRecordsAndReadsBackThroughTheDatabase() {
        String target = "pax-exam-" + UUID.randomUUID();
        AuditEntry recorded = audit.record(new AuditRecord("itest", "itest.container", target, AuditOutcome.SUCCESS, null));

        List<AuditEntry> found = audit.find(new AuditQuery("itest", "itest.container", 0, 10));

        assertNotNull(recorded.id());
        assertTrue(found.stream().anyMatch(e -> e.id().equals(recorded.id()) && target.equals(e.target())));
    }

    @Test
    public void readinessChecksAreServicesAndTheDatabaseOneIsUp() throws Exception {
        List<String> names = context.getServiceReferences(ReadinessCheck.class, null).stream()
                .map(ref -> context.getService(ref).name())
                .collect(Collectors.toList());
        assertTrue(names.toString(), names.containsAll(List.of("database", "features")));

        ServiceReference<ReadinessCheck> database = context.getServiceReferences(ReadinessCheck.class, null).stream()
                .filter(ref -> "database".equals(context.getService(ref).name())).findFirst().orElseThrow();
        assertEquals("UP", context.getService(database).check().status().name());
    }

    @Test
    public void healthzAnswersFromInsideTheContainer() throws Exception {
        HttpURLConnection connection = awaitHttp("/healthz");
        assertEquals(200, connection.getResponseCode());
        try (InputStream body = connection.getInputStream()) {
            assertEquals("{\"status\":\"ok\"}", new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The HTTP engine starts after the bundles do: wait for the port before asserting anything about the answer. */
    private static HttpURLConnection awaitHttp(String path) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + HTTP_PORT + path)
                    .openConnection();
            try {
                connection.getResponseCode();
                return connection;
            } catch (java.net.ConnectException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }
}
