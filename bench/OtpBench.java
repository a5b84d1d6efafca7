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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for bench/otp.sh (run as a single-file program: java bench/OtpBench.java ...). Talks to one Nerava
 * server on loopback.
 *
 * <pre>
 *   throughput BASE_URL KARAF_LOG SIGN_INS WORKERS [PID] [FIRST]
 *                                                     start+verify on distinct phones, codes read from the log;
 *                                                     with the server's PID, also its CPU time per sign-in
 *   healthz    BASE_URL REQUESTS                      sequential GET /healthz, prints p50/p99/max and errors
 *   hung       BASE_URL HANGING REQUESTS [PID [FIRST]] HANGING starts in flight on a never-answering provider,
 *                                                     then the healthz measurement while they hang; with the
 *                                                     server's PID, also how many HTTP request threads were busy
 *   silent-api PORT_FILE                              an HTTP server on 127.0.0.1 that accepts every request and
 *                                                     never answers (a hung upstream); writes its port, runs until
 *                                                     killed
 * </pre>
 */
public final class OtpBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern CONSOLE_LINE = Pattern.compile("console OTP (\\+[0-9]+) code ([0-9]+)");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "throughput" -> throughput(args[1], Path.of(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), args.length > 5 ? args[5] : null,
                    args.length > 6 ? Integer.parseInt(args[6]) : 2010000);
            case "healthz" -> report("healthz idle", healthz(args[1], Integer.parseInt(args[2])));
            case "hung" -> hung(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    args.length > 4 ? args[4] : null, args.length > 5 ? Integer.parseInt(args[5]) : 3010000);
            case "silent-api" -> silentApi(Path.of(args[1]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    // ---- start + verify throughput

    private static void throughput(String base, Path log, int signIns, int workers, String pid, int firstPhone)
            throws Exception {
        LogCodes codes = new LogCodes(log);
        Thread tail = new Thread(codes, "log-tail");
        tail.setDaemon(true);
        tail.start();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long[] startMicros = new long[signIns];
        long[] verifyMicros = new long[signIns];
        AtomicInteger failures = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        long cpuBefore = pid == null ? 0 : cpuTicks(pid);
        long began = System.nanoTime();
        for (int i = 0; i < signIns; i++) {
            int n = i;
            done.add(pool.submit(() -> {
                String phone = "+1415" + (firstPhone + n);
                try {
                    long t0 = System.nanoTime();
                    HttpResponse<String> started = post(base + "/v1/auth/otp/start", "{\"phone\":\"" + phone + "\"}");
                    startMicros[n] = (System.nanoTime() - t0) / 1000;
                    if (started.statusCode() != 202) {
                        throw new IllegalStateException("start " + started.statusCode() + " " + started.body());
                    }
                    String code = codes.await(phone);
                    long t1 = System.nanoTime();
                    HttpResponse<String> verified = post(base + "/v1/auth/otp/verify",
                            "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}");
                    verifyMicros[n] = (System.nanoTime() - t1) / 1000;
                    if (verified.statusCode() != 200 || !verified.body().contains("access_token")) {
                        throw new IllegalStateException("verify " + verified.statusCode() + " " + verified.body());
                    }
                } catch (Exception e) {
                    if (failures.incrementAndGet() <= 3) {
                        System.err.println("sign-in " + phone + " failed: " + e.getMessage());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        pool.shutdown();
        System.out.printf("sign-ins (start+verify): %d in %.2f s with %d workers = %.1f/s, failures %d%n", signIns,
                seconds, workers, signIns / seconds, failures.get());
        if (pid != null) {
            // Clock ticks of 10 ms (USER_HZ 100); what the server spent, whatever else shares the cores.
            double cpuMicros = (cpuTicks(pid) - cpuBefore) * 10_000.0 / signIns;
            System.out.printf("  server CPU per sign-in: %.0f µs (%.0f sign-ins/s per core of server CPU)%n", cpuMicros,
                    1e6 / cpuMicros);
        }
        System.out.printf("  start  latency ms: p50 %.1f  p99 %.1f%n", pct(startMicros, 50) / 1000.0,
                pct(startMicros, 99) / 1000.0);
        System.out.printf("  verify latency ms: p50 %.1f  p99 %.1f%n", pct(verifyMicros, 50) / 1000.0,
                pct(verifyMicros, 99) / 1000.0);
    }

    /** Reads the console provider's lines as the log grows: phone to its newest code. */
    private static final class LogCodes implements Runnable {
        private final Path log;
        private final Map<String, String> codes = new ConcurrentHashMap<>();

        LogCodes(Path log) {
            this.log = log;
        }

        @Override
        public void run() {
            try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                long offset = file.length();
                StringBuilder partial = new StringBuilder();
                while (true) {
                    long length = file.length();
                    if (length < offset) {
                        offset = 0; // rolled over
                    }
                    if (length > offset) {
                        byte[] bytes = new byte[(int) (length - offset)];
                        file.seek(offset);
                        file.readFully(bytes);
                        offset = length;
                        partial.append(new String(bytes, StandardCharsets.UTF_8));
                        int newline;
                        while ((newline = partial.indexOf("\n")) >= 0) {
                            Matcher m = CONSOLE_LINE.matcher(partial.substring(0, newline));
                            if (m.find()) {
                                codes.put(m.group(1), m.group(2));
                            }
                            partial.delete(0, newline + 1);
                        }
                    } else {
                        Thread.sleep(2);
                    }
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        String await(String phone) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                String code = codes.remove(phone);
                if (code != null) {
                    return code;
                }
                Thread.sleep(1);
            }
            throw new IllegalStateException("no code in the log for " + phone);
        }
    }

    // ---- /healthz while starts hang

    private static void silentApi(Path portFile) throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 1024);
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        java.nio.file.Files.writeString(portFile, Integer.toString(server.getAddress().getPort()));
        never.await();
    }

    /** HTTP request threads doing something other than waiting for work, from a jcmd thread dump of the server. */
    /** utime + stime of a process, in clock ticks. */
    private static long cpuTicks(String pid) throws Exception {
        String stat = java.nio.file.Files.readString(Path.of("/proc", pid, "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String busyHttpThreads(String pid) {
        try {
            Process jcmd = new ProcessBuilder("jcmd", pid, "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor();
            int total = 0;
            int busy = 0;
            for (String thread : dump.split("\n\n")) {
                // Tomcat's request threads: "http-nio-ADDRESS-PORT-exec-N" (the acceptor and poller are not counted).
                if (!thread.startsWith("\"http-nio") || !thread.contains("-exec-")) {
                    continue;
                }
                total++;
                boolean idle = thread.contains("TaskQueue.take") || thread.contains("TaskQueue.poll");
                if (!idle) {
                    busy++;
                }
            }
            return busy + " of " + total;
        } catch (IOException | InterruptedException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void hung(String base, int hanging, int requests, String pid, int firstPhone) throws Exception {
        long[] idle = healthz(base, requests);
        report("healthz idle", idle);

        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < hanging; i++) {
            String phone = "+1415" + (firstPhone + i);
            inFlight.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v1/auth/otp/start"))
                    .timeout(Duration.ofMinutes(5)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"phone\":\"" + phone + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(2000);
        long answeredEarly = inFlight.stream().filter(CompletableFuture::isDone).count();
        long[] loaded = healthz(base, requests);
        long answeredDuring = inFlight.stream().filter(CompletableFuture::isDone).count();
        report("healthz with " + hanging + " OTP starts hanging", loaded);
        System.out.printf("  hanging starts answered before / after the measurement: %d / %d (of %d)%n",
                answeredEarly, answeredDuring, hanging);
        Map<Integer, Long> statuses = new java.util.TreeMap<>();
        for (CompletableFuture<HttpResponse<String>> start : inFlight) {
            if (start.isDone() && !start.isCompletedExceptionally()) {
                statuses.merge(start.join().statusCode(), 1L, Long::sum);
            }
        }
        if (!statuses.isEmpty()) {
            System.out.println("  answers of the starts that completed, by HTTP status: " + statuses);
        }
        if (pid != null) {
            System.out.println("  HTTP request threads busy while they hang: " + busyHttpThreads(pid));
        }
        double ratio = (double) pct(loaded, 99) / Math.max(1, pct(idle, 99));
        System.out.printf("p99 ratio hung/idle: %.2f (target <= 2.0), healthz errors: %d%n", ratio, errors);
    }

    private static int errors;

    private static long[] healthz(String base, int requests) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/healthz")).timeout(Duration.ofSeconds(5))
                .GET().build();
        for (int i = 0; i < Math.min(300, requests); i++) {
            HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        }
        long[] micros = new long[requests];
        for (int i = 0; i < requests; i++) {
            long t0 = System.nanoTime();
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    errors++;
                }
            } catch (IOException e) {
                errors++;
            }
            micros[i] = (System.nanoTime() - t0) / 1000;
        }
        return micros;
    }

    private static void report(String label, long[] micros) {
        System.out.printf("%s: %d requests, p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", label, micros.length,
                pct(micros, 50) / 1000.0, pct(micros, 99) / 1000.0, Arrays.stream(micros).max().orElse(0) / 1000.0);
    }

    private static long pct(long[] values, int percentile) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
