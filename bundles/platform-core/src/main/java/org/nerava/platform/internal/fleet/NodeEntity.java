package org.nerava.platform.internal.fleet;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.nerava.platform.fleet.Node;

/** A node's row in table {@code node}. */
@Entity(name = "Node")
@Table(name = "node")
public class NodeEntity {

    @Id
    private String id;

    private String host;

    @Column(name = "http_port")
    private int httpPort;

    private String version;

    @Column(name = "started_at")
    private long startedAt;

    @Column(name = "last_seen_at")
    private long lastSeenAt;

    @Column(name = "stopped_at")
    private Long stoppedAt;

    private boolean ready;

    @Column(name = "otp_providers")
    private String otpProviders;

    private String features;

    protected NodeEntity() {
    }

    NodeEntity(NodeIdentity identity) {
        this.id = identity.id();
        this.host = identity.host();
        this.httpPort = identity.httpPort();
        this.version = identity.version();
        this.startedAt = identity.startedAt();
    }

    void seen(long now, boolean ready, List<String> otpProviders, List<String> features) {
        this.lastSeenAt = now;
        this.stoppedAt = null;
        this.ready = ready;
        this.otpProviders = joined(otpProviders, 1000);
        this.features = joined(features, 4000);
    }

    void stopped(long now) {
        this.stoppedAt = now;
    }

    Node toNode(long now, long staleAfterMillis, String selfId) {
        String state = stoppedAt != null ? "stopped" : now - lastSeenAt > staleAfterMillis ? "stale" : "up";
        return new Node(id, host, httpPort, version, Instant.ofEpochMilli(startedAt), Instant.ofEpochMilli(lastSeenAt),
                state, ready, split(otpProviders), split(features), id.equals(selfId));
    }

    private static String joined(List<String> values, int max) {
        String joined = String.join(",", values);
        return joined.length() <= max ? joined : joined.substring(0, joined.lastIndexOf(',', max));
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
