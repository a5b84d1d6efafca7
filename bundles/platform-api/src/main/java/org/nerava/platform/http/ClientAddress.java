package org.nerava.platform.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Who a request comes from, for limits and throttles: the client address behind the server's own proxies, and its
 * limit key (the address for IPv4, its /64 network for IPv6: one subscriber's).
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    /**
     * The address of the client: the TCP peer, unless the peer is one of our own proxies, in which case the
     * right-most address in {@code X-Forwarded-For} that is not a trusted proxy (addresses further left are written
     * by the client and cannot be believed).
     */
    public static String of(String remoteAddress, String forwardedFor, Set<String> trustedProxies) {
        if (remoteAddress == null || !trustedProxies.contains(remoteAddress.strip()) || forwardedFor == null) {
            return remoteAddress;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return remoteAddress;
    }

    public static String limitKey(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isBlank()) {
            return "unknown";
        }
        String literal = remoteAddress.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        if (!literal.contains(":")) {
            return literal;
        }
        try {
            // Text with a colon is parsed as an IPv6 literal, never looked up as a name.
            InetAddress address = InetAddress.getByName(literal);
            if (address instanceof Inet6Address) {
                byte[] bytes = address.getAddress();
                StringBuilder prefix = new StringBuilder();
                for (int i = 0; i < 8; i += 2) {
                    prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
                }
                return prefix.append(":/64").toString();
            }
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            return literal;
        }
    }
}
