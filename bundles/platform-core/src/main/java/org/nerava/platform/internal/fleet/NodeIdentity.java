package org.nerava.platform.internal.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Who this node is: an id kept in its data directory (so a restart is the same node, a second distribution another
 * one), the host, the HTTP port, the server's version and when this start began.
 */
record NodeIdentity(String id, String host, int httpPort, String version, long startedAt) {

    /** The id in {@code dataDir/nerava-node-id}, written on first use. */
    static String idIn(Path dataDir) {
        Path file = dataDir.resolve("nerava-node-id");
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!id.isEmpty() && id.length() <= 64) {
                    return id;
                }
            }
            String id = UUID.randomUUID().toString();
            Files.createDirectories(dataDir);
            Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the node id in " + file, e);
        }
    }

    static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.length() <= 200 ? name : name.substring(0, 200);
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /** The port {@code NERAVA_HTTP_PORT} gives the server (etc/org.ops4j.pax.web.cfg), 8000 unless set. */
    static int httpPort(String fromEnvironment) {
        try {
            return fromEnvironment == null || fromEnvironment.isBlank() ? 8000 : Integer.parseInt(fromEnvironment.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
