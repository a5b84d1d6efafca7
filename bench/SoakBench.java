import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for bench/soak.sh (a single-file program: java bench/SoakBench.java ...): a sustained mix of what
 * drivers do, spread over one or more nodes, for a fixed time.
 *
 * <pre>
 *   java bench/SoakBench.java SECONDS WORKERS BASE_URL[,BASE_URL...] KARAF_LOG[,KARAF_LOG...]
 * </pre>
 *
 * Each worker is one driver at a time, and every request goes to the next node in turn (so with two nodes a code
 * sent through one is verified on the other, and a driver's writes alternate between nodes). Per iteration a worker
 * does one of: sign in with the console provider (code read from the nodes' karaf.log files, 10%), add or remove a
 * favorite (25%), list favorites (20%), nearby merchants (25%), activate and complete an exclusive (20%). Any answer
 * other than the expected status, or no answer, is an error. Prints per operation: count, p50, p99, errors, and a
 * line every 30 s so that a trend shows.
 */
public final class SoakBench {

    private static final String[] MERCHANTS = {"m_tidewater_coffee", "m_golden_hour_bakery", "m_pier_donuts"};
    private static final String ACTIVATION = "{\"merchant_id\":\"m_tidewater_coffee\",\"charger_id\":\"ch_sf_soma\","
            + "\"lat\":37.78235,\"lng\":-122.40255}";
    private static final Pattern CODE_LINE = Pattern.compile("console OTP (\\+[0-9]+) code ([0-9]+)");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final Map<String, String> CODES = new ConcurrentHashMap<>();
    private static final Map<String, Stats> STATS = new TreeMap<>();
    private static final AtomicLong PHONES = new AtomicLong();
    private static volatile boolean running = true;

    /** Latencies (µs) and errors of one kind of operation. */
    static final class Stats {
        private long[] micros = new long[1 << 16];
        private int n;
        private final AtomicLong errors = new AtomicLong();
        private final List<String> samples = new ArrayList<>();

        synchronized void record(long nanos) {
            if (n == micros.length) {
                micros = Arrays.copyOf(micros, n * 2);
            }
            micros[n++] = nanos / 1000;
        }

        synchronized void error(String what) {
            errors.incrementAndGet();
            if (samples.size() < 3) {
                samples.add(what.length() > 200 ? what.substring(0, 200) : what);
            }
        }

        synchronized long count() {
            return n;
        }

        synchronized double pct(int p) {
            if (n == 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(micros, n);
            Arrays.sort(sorted);
            return sorted[Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1)] / 1000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[0]);
        int workers = Integer.parseInt(args[1]);
        List<URI> nodes = Arrays.stream(args[2].split(",")).map(URI::create).toList();
        List<Path> logs = Arrays.stream(args[3].split(",")).map(Path::of).toList();
        for (String op : List.of("sign_in", "favorite_write", "favorites_list", "merchants_nearby", "exclusive")) {
            STATS.put(op, new Stats());
        }
        Thread tailer = new Thread(() -> tail(logs), "log-tail");
        tailer.setDaemon(true);
        tailer.start();

        CountDownLatch done = new CountDownLatch(workers);
        for (int w = 0; w < workers; w++) {
            int index = w;
            Thread worker = new Thread(() -> {
                try {
                    work(index, nodes);
                } finally {
                    done.countDown();
                }
            }, "soak-" + w);
            worker.setDaemon(true);
            worker.start();
        }
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long nextReport = start + 30_000_000_000L;
        while (System.nanoTime() < end) {
            Thread.sleep(200);
            if (System.nanoTime() >= nextReport) {
                long total = STATS.values().stream().mapToLong(Stats::count).sum();
                long errors = STATS.values().stream().mapToLong(s -> s.errors.get()).sum();
                System.out.printf("  t=%4ds operations %8d errors %d%n", (System.nanoTime() - start) / 1_000_000_000L,
                        total, errors);
                nextReport += 30_000_000_000L;
            }
        }
        running = false;
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long total = 0;
        long errors = 0;
        System.out.printf("%-18s %9s %9s %9s %7s%n", "operation", "count", "p50 ms", "p99 ms", "errors");
        for (Map.Entry<String, Stats> e : STATS.entrySet()) {
            Stats s = e.getValue();
            System.out.printf("%-18s %9d %9.2f %9.2f %7d%n", e.getKey(), s.count(), s.pct(50), s.pct(99), s.errors.get());
            s.samples.forEach(sample -> System.out.println("    e.g. " + sample));
            total += s.count();
            errors += s.errors.get();
        }
        System.out.printf("total %d operations in %.0f s = %.1f/s, errors %d (%d nodes, %d workers)%n", total, elapsed,
                total / elapsed, errors, nodes.size(), workers);
    }

    private static void work(int index, List<URI> nodes) {
        Random random = new Random(index);
        int[] turn = {index};
        java.util.function.Supplier<URI> next = () -> nodes.get(Math.floorMod(turn[0]++, nodes.size()));
        String token = null;
        while (running) {
            int dice = random.nextInt(100);
            if (token == null || dice < 10) {
                String signedIn = signIn(next);
                if (signedIn != null) {
                    token = signedIn;
                }
                continue;
            }
            String merchant = MERCHANTS[random.nextInt(MERCHANTS.length)];
            if (dice < 35) {
                boolean add = random.nextBoolean();
                call("favorite_write", next.get(), add ? "POST" : "DELETE", "/v1/merchants/" + merchant + "/favorite",
                        null, token, add ? 201 : 204, add ? 200 : 204);
            } else if (dice < 55) {
                call("favorites_list", next.get(), "GET", "/v1/merchants/favorites", null, token, 200, 200);
            } else if (dice < 80) {
                call("merchants_nearby", next.get(), "GET", "/v1/merchants?lat=37.7824&lng=-122.4026&radius_m=1500",
                        null, null, 200, 200);
            } else {
                exclusive(next, token);
            }
        }
    }

    private static String signIn(java.util.function.Supplier<URI> next) {
        Stats stats = STATS.get("sign_in");
        String phone = "+1415" + (5_000_000 + PHONES.incrementAndGet() % 4_000_000);
        long t0 = System.nanoTime();
        HttpResponse<String> started = send(next.get(), "POST", "/v1/auth/otp/start", "{\"phone\":\"" + phone + "\"}", null);
        if (started == null || started.statusCode() != 202) {
            stats.error("otp/start " + describe(started));
            return null;
        }
        String code = null;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((code = CODES.remove(phone)) == null && System.nanoTime() < deadline) {
            sleep(5);
        }
        if (code == null) {
            stats.error("no console code for " + phone + " in the logs");
            return null;
        }
        HttpResponse<String> verified = send(next.get(), "POST", "/v1/auth/otp/verify",
                "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}", null);
        if (verified == null || verified.statusCode() != 200) {
            stats.error("otp/verify " + describe(verified));
            return null;
        }
        stats.record(System.nanoTime() - t0);
        Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(verified.body());
        return m.find() ? m.group(1) : null;
    }

    private static void exclusive(java.util.function.Supplier<URI> next, String token) {
        Stats stats = STATS.get("exclusive");
        long t0 = System.nanoTime();
        HttpResponse<String> activated = send(next.get(), "POST", "/v1/exclusive/activate", ACTIVATION, token);
        if (activated == null || activated.statusCode() != 201) {
            stats.error("activate " + describe(activated));
            return;
        }
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(activated.body());
        id.find();
        HttpResponse<String> completed = send(next.get(), "POST", "/v1/exclusive/" + id.group(1) + "/complete", null, token);
        if (completed == null || completed.statusCode() != 200) {
            stats.error("complete " + describe(completed));
            return;
        }
        stats.record(System.nanoTime() - t0);
    }

    private static void call(String op, URI node, String method, String path, String body, String token, int expected,
            int alsoExpected) {
        Stats stats = STATS.get(op);
        long t0 = System.nanoTime();
        HttpResponse<String> response = send(node, method, path, body, token);
        if (response == null || (response.statusCode() != expected && response.statusCode() != alsoExpected)) {
            stats.error(method + " " + path + " " + describe(response));
            return;
        }
        stats.record(System.nanoTime() - t0);
    }

    private static HttpResponse<String> send(URI node, String method, String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String describe(HttpResponse<String> response) {
        return response == null ? "no answer" : response.statusCode() + " " + response.body();
    }

    /** Follows each karaf.log from its current end, collecting console codes by phone (rotation-tolerant enough). */
    private static void tail(List<Path> logs) {
        long[] positions = new long[logs.size()];
        for (int i = 0; i < logs.size(); i++) {
            positions[i] = logs.get(i).toFile().length();
        }
        while (true) {
            for (int i = 0; i < logs.size(); i++) {
                try (RandomAccessFile file = new RandomAccessFile(logs.get(i).toFile(), "r")) {
                    long length = file.length();
                    if (length < positions[i]) {
                        positions[i] = 0; // rotated
                    }
                    if (length > positions[i]) {
                        byte[] chunk = new byte[(int) Math.min(length - positions[i], 4 << 20)];
                        file.seek(positions[i]);
                        file.readFully(chunk);
                        String text = new String(chunk, StandardCharsets.UTF_8);
                        int lastNewline = text.lastIndexOf('\n');
                        if (lastNewline >= 0) {
                            Matcher m = CODE_LINE.matcher(text.substring(0, lastNewline));
                            while (m.find()) {
                                CODES.put(m.group(1), m.group(2));
                            }
                            positions[i] += text.substring(0, lastNewline + 1).getBytes(StandardCharsets.UTF_8).length;
                        }
                    }
                } catch (IOException e) {
                    // the log may not exist yet or be mid-rotation; try again
                }
            }
            sleep(5);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
