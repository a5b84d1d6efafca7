package org.nerava.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port where connecting hangs: a listening socket that never accepts, its backlog filled, so the kernel
 * drops further SYNs and a client waits for its connect timeout. The shape of an upstream that is down behind a
 * firewall, without leaving the machine.
 */
public final class BlackholePort implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Socket> fillers = new ArrayList<>();

    public BlackholePort() {
        try {
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            for (int i = 0; i < 8; i++) {
                Socket filler = new Socket();
                try {
                    filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 300);
                    fillers.add(filler);
                } catch (IOException full) {
                    filler.close();
                    return; // the backlog is full: connects now hang
                }
            }
            throw new IllegalStateException("the listen backlog never filled");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        for (Socket filler : fillers) {
            filler.close();
        }
        listener.close();
    }
}
