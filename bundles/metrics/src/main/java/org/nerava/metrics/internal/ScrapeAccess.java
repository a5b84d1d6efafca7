package org.nerava.metrics.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides whether a client may read {@code /metrics}: its address must lie in an allowed network and, when a token
 * is configured, it must present it as a bearer token. Immutable; a configuration change makes a new one.
 */
final class ScrapeAccess {

    enum Verdict { ALLOWED, FORBIDDEN_NETWORK, MISSING_OR_WRONG_TOKEN }

    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f.:]+");

    private final List<Cidr> networks;
    private final byte[] token;
    private final List<String> warnings;

    private ScrapeAccess(List<Cidr> networks, byte[] token, List<String> warnings) {
        this.networks = networks;
        this.token = token;
        this.warnings = warnings;
    }

    static ScrapeAccess from(MetricsConfig config) {
        return of(config.allowedNetworks(), config._token());
    }

    /** Unparseable networks are left out (and reported in {@link #warnings()}): they can only refuse, never allow. */
    static ScrapeAccess of(String[] allowedNetworks, String token) {
        List<Cidr> networks = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Arrays.stream(allowedNetworks == null ? new String[0] : allowedNetworks)
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .forEach(value -> {
                    try {
                        networks.add(Cidr.parse(value));
                    } catch (IllegalArgumentException e) {
                        warnings.add("allowedNetworks: " + e.getMessage() + " is ignored");
                    }
                });
        String trimmed = token == null ? "" : token.trim();
        return new ScrapeAccess(List.copyOf(networks),
                trimmed.isEmpty() ? null : trimmed.getBytes(StandardCharsets.UTF_8), List.copyOf(warnings));
    }

    List<String> warnings() {
        return warnings;
    }

    boolean tokenRequired() {
        return token != null;
    }

    Verdict check(String remoteAddress, String authorization) {
        if (!allowedAddress(remoteAddress)) {
            return Verdict.FORBIDDEN_NETWORK;
        }
        if (token == null) {
            return Verdict.ALLOWED;
        }
        String offered = bearer(authorization);
        // Constant-time comparison: the token must not leak through response timing.
        return offered != null && MessageDigest.isEqual(token, offered.getBytes(StandardCharsets.UTF_8))
                ? Verdict.ALLOWED : Verdict.MISSING_OR_WRONG_TOKEN;
    }

    private boolean allowedAddress(String remoteAddress) {
        if (remoteAddress == null) {
            return false;
        }
        String literal = remoteAddress.startsWith("[") && remoteAddress.endsWith("]")
                ? remoteAddress.substring(1, remoteAddress.length() - 1) : remoteAddress;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (!LITERAL.matcher(literal).matches()) {
            return false;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return false;
        }
        return networks.stream().anyMatch(network -> network.contains(address));
    }

    private static String bearer(String authorization) {
        if (authorization == null || authorization.length() <= 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String value = authorization.substring(7).trim();
        return value.isEmpty() ? null : value;
    }
}
