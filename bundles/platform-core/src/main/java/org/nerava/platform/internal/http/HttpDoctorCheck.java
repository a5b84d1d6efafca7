package org.nerava.platform.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.nerava.platform.doctor.DoctorCheck;
import org.nerava.platform.doctor.Finding;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.HttpServiceRuntimeConstants;

/**
 * {@code http}: the HTTP engine runs with this installation's engine configuration. Pax Web registers its
 * {@link HttpServiceRuntime} once its engine listens; without it nothing is served, and a real start stops after
 * {@link HttpListenerWatch#GRACE_SECONDS} s. The check run listens on a free loopback port, so a missing runtime there
 * is the configuration ({@code etc/tomcat-server.xml}, {@code etc/org.ops4j.pax.web.cfg}: a limit the edge refuses,
 * a keystore that does not open), not the port, which the script checks on its own.
 * <p>
 * {@code http.edge}: the engine runs with the HTTP edge ({@code bundles/tomcat-edge}). When Pax Web cannot parse
 * {@code etc/tomcat-server.xml} it logs a WARN and starts Tomcat with its defaults: everything is served, but the
 * engine's own refusals are HTML pages again and the edge's limits are Tomcat's. The check asks the engine what only
 * the edge answers: a TRACE, refused with a {@code 405} problem.
 */
@Component(service = DoctorCheck.class)
public class HttpDoctorCheck implements DoctorCheck {

    static final String FIX = "correct etc/tomcat-server.xml or etc/org.ops4j.pax.web.cfg (docs/operations.md, \"HTTP"
            + " edge\"); the engine's error is printed below the table";
    static final String EDGE_FIX = "correct etc/tomcat-server.xml (Pax Web logs \"Problem parsing\" at WARN when it"
            + " cannot read it; its <Server> must name the org.nerava.tomcat.edge.internal.TomcatEdge listener),"
            + " docs/operations.md, \"HTTP edge\"";
    private static final int PROBE_TIMEOUT_MILLIS = 3000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HttpServiceRuntime runtime;

    public HttpDoctorCheck() {
    }

    HttpDoctorCheck(HttpServiceRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public List<Finding> check() {
        HttpServiceRuntime serving = runtime;
        if (serving == null) {
            return List.of(Finding.fail("http", "the HTTP engine did not start with this installation's configuration:"
                    + " nothing would be served, and the server would stop " + HttpListenerWatch.GRACE_SECONDS
                    + " s after its boot", FIX));
        }
        List<String> endpoints = endpoints(serving);
        List<Finding> findings = new ArrayList<>();
        findings.add(Finding.ok("http", "the HTTP engine starts with this installation's configuration"
                + (endpoints.isEmpty() ? "" : " (listening on " + String.join(", ", endpoints) + ")")));
        findings.add(endpoints.stream().filter(e -> e.startsWith("http:")).findFirst().map(HttpDoctorCheck::probeEdge)
                .orElse(Finding.ok("http.edge", "not probed: no plain HTTP endpoint")));
        return findings;
    }

    /**
     * Sends a TRACE to the endpoint: the edge refuses it with a problem, Tomcat without the edge with its own page. An
     * engine listening on every address ({@code 0.0.0.0}, {@code [::]}) is asked on the loopback address.
     */
    static Finding probeEdge(String endpoint) {
        String head;
        try (Socket socket = new Socket()) {
            URI uri = URI.create(endpoint);
            InetAddress address = InetAddress.getByName(uri.getHost());
            if (address.isAnyLocalAddress()) {
                address = InetAddress.getLoopbackAddress();
            }
            socket.connect(new InetSocketAddress(address, uri.getPort() < 0 ? 80 : uri.getPort()),
                    PROBE_TIMEOUT_MILLIS);
            socket.setSoTimeout(PROBE_TIMEOUT_MILLIS);
            socket.getOutputStream().write("TRACE / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            head = readHead(socket.getInputStream());
        } catch (IOException | IllegalArgumentException e) {
            return Finding.warn("http.edge", "not probed: " + endpoint + " did not answer a TRACE (" + e + ")",
                    EDGE_FIX);
        }
        String statusLine = head.lines().findFirst().orElse("");
        boolean edgeAnswered = statusLine.contains(" 405")
                && head.toLowerCase(Locale.ROOT).contains("content-type: application/problem+json");
        return edgeAnswered ? Finding.ok("http.edge", "the HTTP edge answers (a TRACE is its 405 problem)")
                : Finding.warn("http.edge", "the HTTP edge is not applied: a TRACE was answered \"" + statusLine
                        + "\" without the edge's problem; the engine's own refusals would be its HTML pages and its"
                        + " limits Tomcat's defaults", EDGE_FIX);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        for (int n; read.size() < 16384 && (n = in.read(buffer)) != -1;) {
            read.write(buffer, 0, n);
            String text = read.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                return text.substring(0, end);
            }
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }

    private static List<String> endpoints(HttpServiceRuntime runtime) {
        Object endpoints = runtime.getRuntimeDTO().serviceDTO.properties
                .get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        if (endpoints instanceof String[]) {
            return Arrays.asList((String[]) endpoints);
        }
        return endpoints instanceof String ? List.of((String) endpoints) : List.of();
    }
}
