package org.nerava.itest.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for a server a test is about to start.
 *
 * <p>A port the kernel hands out for {@code new ServerSocket(0)} comes from the ephemeral range (32768–60999 on
 * Linux), the same range every outgoing connection takes its local port from. Between the test choosing the port and
 * the server binding it a few seconds later, any client on the machine may take it, and the server then fails with
 * "Address already in use" (seen in CI: a Nerava server stopped itself because its HTTP port was taken). Ports here
 * come from below that range, where only listeners that ask for a port by number can collide; each is checked free
 * on every interface (the server listens on 0.0.0.0 by default) and never handed out twice by this JVM.
 *
 * <p>The suite runs its test classes in several JVMs at once (Surefire forks, {@code itest.forks}); each takes its
 * ports from its own slice of the range (system property {@code nerava.itest.fork}, Surefire's fork number), so two
 * JVMs never choose the same port in the seconds before its server binds it. There are four slices: a fifth fork
 * would share the first one's.
 */
public final class Ports {

    private static final int LOWEST = 20_000;
    private static final int RANGE = 12_000; // up to 31999, below the kernel's ephemeral range
    private static final int SLICES = 4;
    private static final int COUNT = RANGE / SLICES;
    private static final int FIRST =
            LOWEST + Math.floorMod(Integer.getInteger("nerava.itest.fork", 1) - 1, SLICES) * COUNT;
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(COUNT));

    private Ports() {
    }

    /** A port nothing listens on now, outside the range the kernel gives outgoing connections. */
    public static int free() {
        for (int tries = 0; tries < COUNT; tries++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), COUNT);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + FIRST + " and " + (FIRST + COUNT - 1));
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // Without SO_REUSEADDR a port held only by a closed connection in TIME_WAIT reads as taken, as it would
            // for a server that does not set the option either.
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
