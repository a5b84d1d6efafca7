package org.nerava.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** Answers read with a limit, from a real server on loopback that streams as much as the test says. */
class LimitedBodiesTest {

    private static final int LIMIT = 64 * 1024;

    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicLong written = new AtomicLong();
    private volatile long answerBytes;
    private HttpServer server;
    private URI uri;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[8 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            try (OutputStream out = exchange.getResponseBody()) {
                for (long left = answerBytes; left > 0; left -= chunk.length) {
                    int length = (int) Math.min(chunk.length, left);
                    out.write(chunk, 0, length);
                    written.addAndGet(length);
                }
            } catch (IOException clientStoppedReading) {
                // expected once the limit is passed
            }
            exchange.close();
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void anAnswerWithinTheLimitIsReadWhole() throws Exception {
        answerBytes = LIMIT;

        String body = client.send(HttpRequest.newBuilder(uri).build(), LimitedBodies.ofString(LIMIT)).body();

        assertThat(body).hasSize(LIMIT).matches("x+");
    }

    @Test
    void aLongerAnswerFailsWithTooLargeAndIsNotReadToItsEnd() {
        answerBytes = 30L * 1024 * 1024;

        assertThatThrownBy(() -> client.sendAsync(HttpRequest.newBuilder(uri).build(), LimitedBodies.ofString(LIMIT))
                .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertThat(LimitedBodies.TooLarge.in(e).limit()).isEqualTo(LIMIT));
        assertThat(written.get()).as("bytes the server got out before the client closed").isLessThan(answerBytes);
    }

    @Test
    void discardingAlsoStopsAtTheLimit() {
        answerBytes = 30L * 1024 * 1024;

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(uri).build(), LimitedBodies.discarding(LIMIT)))
                .satisfies(e -> assertThat(LimitedBodies.TooLarge.in(e)).isNotNull());
    }

    @Test
    void discardingWithinTheLimitGivesTheStatus() throws Exception {
        answerBytes = 10;

        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri).build(), LimitedBodies.discarding(LIMIT));

        assertThat(response.statusCode()).isEqualTo(200);
    }
}
