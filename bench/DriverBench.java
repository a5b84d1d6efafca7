import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for bench/driver.sh (a single-file program: java bench/DriverBench.java ...). Talks to one Nerava
 * server on loopback over plain keep-alive HTTP/1.1 sockets, one per connection, so the client costs as little CPU
 * as it can on a machine it shares with the server.
 *
 * <pre>
 *   throughput BASE_URL TOKEN CONNECTIONS SECONDS
 *       GET /healthz, GET /v1/merchants/{id} (JAX-RS, no database, no sign-in) and the driver's authenticated
 *       GET /v1/merchants/favorites, each for SECONDS (after a warm-up) on CONNECTIONS connections; prints
 *       requests/s, p50, p99, errors and the favorites/reference and favorites/healthz ratios
 *   open BASE_URL TOKEN CONNECTIONS SECONDS
 *       open model: for the reference endpoint and the favorites list, the closed-loop maximum (CONNECTIONS
 *       connections, 5 s), then a fixed arrival rate at 50% and 80% of it for SECONDS each; latency is counted from
 *       each request's scheduled time, not from when a connection was free to send it (no coordinated omission)
 *   probe BASE_URL TOKEN STOP_FILE SWAPPED_FEATURE
 *       requests sign-in, account, merchants, exclusives and favorites endpoints in a loop until STOP_FILE exists
 *       and prints each one's requests and failures (a failure: a status other than the expected one, or no
 *       answer); the endpoints of the feature being swapped count apart: served, or 503 feature_unavailable with
 *       Retry-After while it is away, and anything else (a 5xx, a 404) is printed as wrong
 * </pre>
 */
public final class DriverBench {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "throughput" -> throughput(URI.create(args[1]), args[2], Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), args.length > 5 ? Long.parseLong(args[5]) : -1);
            case "probe" -> probe(URI.create(args[1]), args[2], Path.of(args[3]), args[4]);
            case "reference" -> reference(URI.create(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "open" -> open(URI.create(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    args.length > 5 ? Long.parseLong(args[5]) : -1);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    // ---- throughput

    private record Result(String label, long requests, double seconds, long errors, long[] micros,
            long serverCpuMillis) {
        double perSecond() {
            return requests / seconds;
        }
    }

    private static void throughput(URI base, String token, int connections, int seconds, long serverPid)
            throws Exception {
        ServerCpu.pid = serverPid;
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
        String merchant = "/v1/merchants/m_tidewater_coffee";
        run(base, "/healthz", Map.of(), connections, 3); // warm-up
        run(base, merchant, Map.of(), connections, 3);
        run(base, "/v1/merchants/favorites", auth, connections, 3);
        Result health = run(base, "/healthz", Map.of(), connections, seconds);
        Result reference = run(base, merchant, Map.of(), connections, seconds);
        Result favorites = run(base, "/v1/merchants/favorites", auth, connections, seconds);
        report(health);
        report(reference);
        report(favorites);
        // Targets: docs/performance.md. /healthz is a bare servlet; the JAX-RS runtime alone (the reference endpoint)
        // already costs ten times its CPU, so what the favorites list adds (sign-in check, two transactions, JSON)
        // is measured against the reference.
        System.out.printf("ratio favorites/reference: %.2f (target >= 0.50); favorites/healthz: %.2f, reference/healthz:"
                + " %.2f (%s is the reference)%n", favorites.perSecond() / reference.perSecond(),
                favorites.perSecond() / health.perSecond(), reference.perSecond() / health.perSecond(), merchant);
    }

    /** The database-free JAX-RS endpoint and the /healthz servlet only (bench/metrics.sh). */
    private static void reference(URI base, int connections, int seconds) throws Exception {
        String merchant = "/v1/merchants/m_tidewater_coffee";
        run(base, "/healthz", Map.of(), connections, 3); // warm-up
        run(base, merchant, Map.of(), connections, 3);
        report(run(base, "/healthz", Map.of(), connections, seconds));
        report(run(base, merchant, Map.of(), connections, seconds));
    }

    // ---- open model

    /**
     * Users do not wait for each other: requests arrive at a fixed rate whatever the server's latency. Each request i
     * has its scheduled time t0 + i / rate; a pool of workers, each on its own keep-alive connection, takes the next
     * index, waits until that time if it is still ahead, and sends. A request that goes out late because every worker
     * was busy counts its wait: latency is from the scheduled time to the answer (what a user would see), which is
     * what a closed loop hides (coordinated omission).
     */
    private static void open(URI base, String token, int connections, int seconds, long serverPid) throws Exception {
        ServerCpu.pid = serverPid;
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
        String merchant = "/v1/merchants/m_tidewater_coffee";
        for (String[] endpoint : new String[][] {{merchant, ""}, {"/v1/merchants/favorites", "auth"}}) {
            Map<String, String> headers = endpoint[1].isEmpty() ? Map.of() : auth;
            run(base, endpoint[0], headers, connections, 3); // warm-up
            Result closed = run(base, endpoint[0], headers, connections, 5);
            System.out.printf("GET %s: closed-loop maximum %.0f/s on %d connections%n", endpoint[0],
                    closed.perSecond(), connections);
            for (double share : new double[] {0.5, 0.8}) {
                openRun(base, endpoint[0], headers, closed.perSecond() * share, seconds, share);
            }
        }
    }

    private static void openRun(URI base, String path, Map<String, String> headers, double rate, int seconds,
            double share) throws Exception {
        long total = (long) (rate * seconds);
        long interval = (long) (1e9 / rate);
        // Enough workers for the rate at 100 ms each; more only cost client CPU on a shared machine.
        int workers = (int) Math.max(8, Math.min(256, Math.ceil(rate * 0.1)));
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong late = new AtomicLong();
        long[] micros = new long[(int) total];
        CountDownLatch ready = new CountDownLatch(workers);
        CountDownLatch go = new CountDownLatch(1);
        long[] start = new long[1];
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread thread = new Thread(() -> {
                try (Connection connection = new Connection(base)) {
                    ready.countDown();
                    go.await();
                    for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        long scheduled = start[0] + i * interval;
                        long wait = scheduled - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } else if (wait < -1_000_000) {
                            late.incrementAndGet();
                        }
                        getExpecting200(connection, path, headers, errors);
                        micros[(int) i] = (System.nanoTime() - scheduled) / 1000;
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                }
            }, "open-" + w);
            threads.add(thread);
            thread.start();
        }
        ready.await();
        long cpuBefore = ServerCpu.millis();
        start[0] = System.nanoTime() + 10_000_000;
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start[0]) / 1e9;
        long cpu = cpuBefore < 0 ? -1 : ServerCpu.millis() - cpuBefore;
        System.out.printf("  open %3.0f%%: %6.0f/s scheduled, %6.0f/s done  p50 %6.2f ms  p99 %7.2f ms  p99.9 %7.2f ms"
                + "  max %7.2f ms  sent late %4.1f%%  errors %d%s%n", share * 100, rate, total / elapsed,
                pct(micros, 50) / 1000.0, pct(micros, 99) / 1000.0, pctFine(micros, 999) / 1000.0,
                Arrays.stream(micros).max().orElse(0) / 1000.0, 100.0 * late.get() / total, errors.get(),
                cpu < 0 ? "" : String.format("  server CPU %4.0f µs/request", cpu * 1000.0 / total));
    }

    /** One GET; anything but a 200 (or no answer: then a new connection) counts as an error. */
    private static void getExpecting200(Connection connection, String path, Map<String, String> headers,
            AtomicLong errors) {
        try {
            if (connection.get(path, headers).status() != 200) {
                errors.incrementAndGet();
            }
        } catch (IOException e) {
            errors.incrementAndGet();
            connection.reconnect();
        }
    }

    /** The per-mille percentile (999: p99.9). */
    private static long pctFine(long[] values, int perMille) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(perMille / 1000.0 * sorted.length) - 1;
        return sorted.length == 0 ? 0 : sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void report(Result r) {
        String cpu = r.serverCpuMillis() < 0 ? ""
                : String.format("  server CPU %5.0f µs/request", r.serverCpuMillis() * 1000.0 / r.requests());
        System.out.printf("%-36s %8d requests in %.1f s = %8.0f/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%s%n",
                r.label(), r.requests(), r.seconds(), r.perSecond(), pct(r.micros(), 50) / 1000.0,
                pct(r.micros(), 99) / 1000.0, r.errors(), cpu);
    }

    private static Result run(URI base, String path, Map<String, String> headers, int connections, int seconds)
            throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong errors = new AtomicLong();
        List<long[]> samples = new ArrayList<>();
        int[] counts = new int[connections];
        CountDownLatch ready = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            long[] micros = new long[2_000_000 / connections + 1];
            samples.add(micros);
            int index = i;
            Thread thread = new Thread(() -> {
                try (Connection connection = new Connection(base)) {
                    ready.countDown();
                    go.await();
                    int n = 0;
                    while (running.get()) {
                        long t0 = System.nanoTime();
                        getExpecting200(connection, path, headers, errors);
                        if (n < micros.length) {
                            micros[n] = (System.nanoTime() - t0) / 1000;
                        }
                        n++;
                    }
                    counts[index] = n;
                } catch (Exception e) {
                    errors.incrementAndGet();
                }
            }, "load-" + i);
            threads.add(thread);
            thread.start();
        }
        ready.await();
        long cpuBefore = ServerCpu.millis();
        long start = System.nanoTime();
        go.countDown();
        Thread.sleep(seconds * 1000L);
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpuAfter = ServerCpu.millis();
        long total = Arrays.stream(counts).asLongStream().sum();
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            for (int j = 0; j < Math.min(counts[i], samples.get(i).length); j++) {
                all.add(samples.get(i)[j]);
            }
        }
        return new Result("GET " + path, total, elapsed, errors.get(),
                all.stream().mapToLong(Long::longValue).toArray(), cpuBefore < 0 ? -1 : cpuAfter - cpuBefore);
    }

    /**
     * The server's CPU time (user + system, from /proc), so that a run reports what a request costs the server
     * whatever else shares the machine: requests/s depend on the cores the server gets, CPU per request does not.
     */
    private static final class ServerCpu {
        static long pid = -1;

        static long millis() throws IOException {
            if (pid < 0) {
                return -1;
            }
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields 14 and 15 of stat(5), utime and stime, counted here from field 3 (the state): clock ticks.
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1000 / 100; // USER_HZ is 100 on Linux
        }
    }

    // ---- probes during hot swaps

    private record Probe(String name, String method, String path, boolean authorized, Set<Integer> expected,
            String feature) {
    }

    private static void probe(URI base, String token, Path stopFile, String swapped) throws Exception {
        List<Probe> probes = List.of(
                new Probe("GET /healthz", "GET", "/healthz", false, Set.of(200), "nerava-platform"),
                new Probe("POST /v1/auth/otp/verify (wrong code)", "POST", "/v1/auth/otp/verify", false, Set.of(400),
                        "nerava-auth"),
                new Probe("GET /v1/account", "GET", "/v1/account", true, Set.of(200), "nerava-auth"),
                new Probe("GET /v1/merchants?lat&lng", "GET", "/v1/merchants?lat=37.78235&lng=-122.40255", false,
                        Set.of(200), "nerava-merchants"),
                new Probe("GET /v1/exclusive/active", "GET", "/v1/exclusive/active", true, Set.of(200),
                        "nerava-exclusives"),
                new Probe("GET /v1/merchants/favorites", "GET", "/v1/merchants/favorites", true, Set.of(200),
                        "nerava-favorites"),
                new Probe("POST /v1/merchants/{id}/favorite (again)", "POST",
                        "/v1/merchants/m_tidewater_coffee/favorite", true, Set.of(200), "nerava-favorites"));
        Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
        Map<String, List<String>> failures = new ConcurrentHashMap<>();
        // The swapped feature's own answers that are neither expected nor 503 feature_unavailable with Retry-After.
        Map<String, List<String>> wrong = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (Probe probe : probes) {
            requests.put(probe.name(), new AtomicInteger());
            failures.put(probe.name(), new ArrayList<>());
            wrong.put(probe.name(), new ArrayList<>());
            Thread thread = new Thread(() -> {
                Map<String, String> headers = new LinkedHashMap<>();
                if (probe.authorized()) {
                    headers.put("Authorization", "Bearer " + token);
                }
                String body = null;
                if (probe.path().startsWith("/v1/auth/")) {
                    headers.put("Content-Type", "application/json");
                    body = "{\"phone\":\"+14155550100\",\"code\":\"000000\"}";
                }
                try (Connection connection = new Connection(base)) {
                    while (running.get()) {
                        try {
                            Response response = connection.send(probe.method(), probe.path(), headers, body);
                            if (!probe.expected().contains(response.status())) {
                                record(failures.get(probe.name()), response.status() + " " + response.body());
                                if (!response.featureUnavailable()) {
                                    record(wrong.get(probe.name()), response.status() + " " + response.body());
                                }
                            }
                        } catch (IOException e) {
                            record(failures.get(probe.name()), e.toString());
                            connection.reconnect();
                        }
                        requests.get(probe.name()).incrementAndGet();
                        Thread.sleep(5);
                    }
                } catch (Exception e) {
                    record(failures.get(probe.name()), e.toString());
                }
            }, "probe " + probe.name());
            threads.add(thread);
            thread.start();
        }
        while (!Files.exists(stopFile)) {
            Thread.sleep(50);
        }
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        long counted = 0;
        long ownWrong = 0;
        for (Probe probe : probes) {
            List<String> failed = failures.get(probe.name());
            boolean swappedOne = probe.feature().equals(swapped);
            if (!swappedOne) {
                counted += failed.size();
            } else {
                ownWrong += wrong.get(probe.name()).size();
            }
            List<String> shown = swappedOne ? wrong.get(probe.name()) : failed;
            System.out.printf("  %-42s %6d requests, %4d failures%s%s%n", probe.name(),
                    requests.get(probe.name()).get(), failed.size(),
                    swappedOne ? " (the swapped feature's own; " + shown.size()
                            + " neither served nor 503 feature_unavailable with Retry-After)" : "",
                    shown.isEmpty() ? "" : "  first: " + abbreviate(shown.get(0)));
        }
        System.out.println("failed requests to the other features while " + swapped + " came and went: " + counted);
        System.out.println("answers of " + swapped + "'s own paths other than served or 503 feature_unavailable with"
                + " Retry-After (5xx, 404...): " + ownWrong);
    }

    private static synchronized void record(List<String> list, String failure) {
        list.add(failure);
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }

    // ---- a minimal keep-alive HTTP/1.1 client

    /** @param retryAfter the Retry-After header, or null */
    private record Response(int status, String body, String retryAfter) {
        /** What a feature that is away answers: 503 feature_unavailable with Retry-After. */
        boolean featureUnavailable() {
            return status == 503 && retryAfter != null && body.contains("\"code\":\"feature_unavailable\"");
        }
    }

    private static final class Connection implements AutoCloseable {
        private final URI base;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Connection(URI base) throws IOException {
            this.base = base;
            connect();
        }

        private void connect() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            in = new BufferedInputStream(socket.getInputStream(), 16_384);
            out = socket.getOutputStream();
        }

        void reconnect() {
            try {
                socket.close();
                connect();
            } catch (IOException ignored) {
                // the next request reports it
            }
        }

        Response get(String path, Map<String, String> headers) throws IOException {
            return send("GET", path, headers, null);
        }

        Response send(String method, String path, Map<String, String> headers, String body) throws IOException {
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
            headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                request.append("Content-Length: ").append(payload.length).append("\r\n");
            }
            request.append("\r\n");
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            return read();
        }

        private Response read() throws IOException {
            String statusLine = line();
            if (statusLine == null) {
                throw new IOException("connection closed");
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            String retryAfter = null;
            for (String header = line(); header != null && !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase();
                if (lower.startsWith("retry-after:")) {
                    retryAfter = header.substring(12).trim();
                } else if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(header.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                        size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    body.write(in.readNBytes((int) size));
                    line();
                }
                line();
            } else if (length > 0) {
                body.write(in.readNBytes((int) length));
            }
            if (close) {
                reconnect();
            }
            return new Response(status, body.toString(StandardCharsets.UTF_8), retryAfter);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1; c = in.read()) {
                if (c == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) c);
            }
            return line.length() == 0 ? null : line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static long pct(long[] values, int percentile) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
