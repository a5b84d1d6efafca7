package ${package};

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import com.sun.net.httpserver.HttpServer;

/** An SMS gateway on 127.0.0.1 that answers every request with one status, or never. */
final class FakeGateway implements AutoCloseable {

    static final int NEVER = -1;

    private final HttpServer server;
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    FakeGateway(int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/send", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                if ("POST".equals(exchange.getRequestMethod())) {
                    sent.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
                }
                if (status == NEVER) {
                    closing.await();
                }
                exchange.sendResponseHeaders(status == NEVER ? 503 : status, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/send";
    }

    /** The form bodies of the sends received. */
    List<String> sent() {
        return sent;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
