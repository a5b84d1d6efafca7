import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Catalog generator and nearby-search driver for bench/catalog.sh (a single-file program:
 * java bench/CatalogBench.java ...).
 *
 * <pre>
 *   generate MERCHANTS FILE SEED
 *       writes a catalog of MERCHANTS / 10 chargers spread evenly over the contiguous United States (latitude 25-49,
 *       longitude -124 to -67), each with 10 merchants within about 500 m; the same SEED gives the same file
 *   nearby BASE_URL MERCHANTS SEED SERVER_PID WARMUP REQUESTS [POINTS]
 *       GET /v1/merchants?lat&lng&radius_m=1000&limit=50 at points within about 500 m of random chargers of the
 *       catalog generated with MERCHANTS and SEED (a different random sequence for the points), one request at a
 *       time; WARMUP first, then REQUESTS measured. POINTS &gt; 0: only that many points, each asked again and again
 *       (a neighbourhood the database has read before). Prints p50, p99, the server's CPU per request (from /proc, so
 *       other load on the machine does not count), the part of it spent by the HTTP engine's request threads and by the
 *       garbage collector, and the mean answer size, as key=value
 * </pre>
 */
public final class CatalogBench {

    private static final String[] CATEGORIES = {"coffee", "bakery", "books", "tea", "food", "grocery", "pharmacy"};

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> generate(Integer.parseInt(args[1]), Path.of(args[2]), Long.parseLong(args[3]));
            case "nearby" -> nearby(URI.create(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]),
                    Long.parseLong(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]),
                    args.length > 7 ? Integer.parseInt(args[7]) : 0);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** Charger positions, the first draws of the seed's sequence (the same for the generator and the driver). */
    private static double[][] chargers(int count, long seed) {
        Random random = new Random(seed);
        double[][] positions = new double[count][];
        for (int c = 0; c < count; c++) {
            positions[c] = new double[] {25 + random.nextDouble() * 24, -124 + random.nextDouble() * 57};
        }
        return positions;
    }

    private static void generate(int merchants, Path file, long seed) throws IOException {
        int chargerCount = Math.max(1, merchants / 10);
        double[][] chargers = chargers(chargerCount, seed);
        Random random = new Random(seed + 1);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{\"chargers\": [\n");
            for (int c = 0; c < chargerCount; c++) {
                double lat = chargers[c][0];
                double lng = chargers[c][1];
                out.write(String.format(Locale.ROOT, "%s{\"id\": \"ch_%d\", \"name\": \"Bench charger %d\","
                        + " \"address\": \"%d Main Street\", \"lat\": %.6f, \"lng\": %.6f, \"merchants\": [",
                        c == 0 ? "" : ",\n", c, c, 100 + c % 900, lat, lng));
                for (int m = 0; m < 10; m++) {
                    // Within about 500 m: 0.0045 degree of latitude, a little more of longitude.
                    double mLat = lat + (random.nextDouble() - 0.5) * 0.009;
                    double mLng = lng + (random.nextDouble() - 0.5) * 0.011;
                    out.write(String.format(Locale.ROOT, "%s{\"id\": \"m_%d_%d\", \"name\": \"Bench merchant %d-%d\","
                            + " \"category\": \"%s\", \"photo_url\": \"m_%d_%d.jpg\", \"lat\": %.6f, \"lng\": %.6f,"
                            + " \"offer\": \"%d%% off while you charge\"}", m == 0 ? "" : ", ", c, m, c, m,
                            CATEGORIES[random.nextInt(CATEGORIES.length)], c, m, mLat, mLng, 5 + random.nextInt(20)));
                }
                out.write("]}");
            }
            out.write("\n]}\n");
        }
    }

    private static void nearby(URI base, int merchants, long seed, long serverPid, int warmup, int requests,
            int points) throws Exception {
        double[][] chargers = chargers(Math.max(1, merchants / 10), seed);
        Random random = new Random(seed ^ 0x5EEDL);
        if (points > 0) {
            double[][] few = new double[points][];
            for (int i = 0; i < points; i++) {
                double[] charger = chargers[random.nextInt(chargers.length)];
                few[i] = new double[] {charger[0] + (random.nextDouble() - 0.5) * 0.009,
                        charger[1] + (random.nextDouble() - 0.5) * 0.011};
            }
            chargers = few;
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < warmup; i++) {
            ask(client, base, chargers, random);
        }
        long[] micros = new long[requests];
        long answers = 0;
        long cpuBefore = cpuMillis(serverPid);
        Map<String, Long> threadsBefore = threadCpuMillis(serverPid);
        for (int i = 0; i < requests; i++) {
            long started = System.nanoTime();
            answers += ask(client, base, chargers, random);
            micros[i] = (System.nanoTime() - started) / 1000;
        }
        long cpuAfter = cpuMillis(serverPid);
        Map<String, Long> threadsAfter = threadCpuMillis(serverPid);
        Arrays.sort(micros);
        System.out.printf(Locale.ROOT, "p50_ms=%.2f p99_ms=%.2f cpu_us=%.0f request_threads_us=%.0f gc_us=%.0f"
                + " answer_mean=%.1f%n",
                micros[requests / 2] / 1000.0, micros[(int) (requests * 0.99)] / 1000.0,
                (cpuAfter - cpuBefore) * 1000.0 / requests,
                delta(threadsBefore, threadsAfter, "request") * 1000.0 / requests,
                delta(threadsBefore, threadsAfter, "gc") * 1000.0 / requests, (double) answers / requests);
    }

    /** One search near a random charger; the number of merchants in the answer. */
    private static int ask(HttpClient client, URI base, double[][] chargers, Random random) throws Exception {
        double[] charger = chargers[random.nextInt(chargers.length)];
        double lat = charger[0] + (random.nextDouble() - 0.5) * 0.009;
        double lng = charger[1] + (random.nextDouble() - 0.5) * 0.011;
        URI uri = base.resolve(String.format(Locale.ROOT, "/v1/merchants?lat=%.5f&lng=%.5f&radius_m=1000&limit=50",
                lat, lng));
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + ": " + response.statusCode() + " " + response.body());
        }
        String body = response.body();
        int count = 0;
        for (int at = body.indexOf("\"distance_m\""); at >= 0; at = body.indexOf("\"distance_m\"", at + 1)) {
            count++;
        }
        return count;
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String group) {
        return after.getOrDefault(group, 0L) - before.getOrDefault(group, 0L);
    }

    /**
     * The server's CPU time by kind of thread, from /proc/PID/task: "request" for the HTTP engine's request threads (http-nio-...), "gc" for the
     * VM Thread, where the serial collector of the distribution's defaults runs, "other" for the rest. Threads that
     * end between two readings are lost, so the groups are for the split, cpu_us for the total.
     */
    private static Map<String, Long> threadCpuMillis(long pid) throws IOException {
        Map<String, Long> byGroup = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String group = name.startsWith("http-nio") ? "request" : name.equals("VM Thread") ? "gc" : "other";
                byGroup.merge(group, ticksMillis(stat), Long::sum);
            }
        }
        return byGroup;
    }

    private static long ticksMillis(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /** The server's user + system CPU time from /proc/PID/stat (clock ticks of 10 ms). */
    private static long cpuMillis(long pid) throws IOException {
        return ticksMillis(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }
}
