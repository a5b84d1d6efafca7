package org.nerava.itest.alerts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Prometheus stores from scraping Nerava nodes: one time series per label set, samples in time order. Built the
 * way Prometheus builds it: each scrape of a target adds its samples with {@code job} and {@code instance} labels and
 * an {@code up} sample (1, or 0 when the scrape failed); a series the target no longer reports gets a staleness marker,
 * so it stops answering at once instead of lingering for the 5-minute lookback.
 */
final class Series {

    /** A sample; {@code stale} marks the end of a series (Prometheus's staleness NaN). */
    record Sample(long millis, double value, boolean stale) {
    }

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");

    private final Map<Map<String, String>, List<Sample>> samples = new LinkedHashMap<>();
    private final Map<String, Set<Map<String, String>>> lastScrapeOf = new LinkedHashMap<>();

    /** A successful scrape of {@code instance} at {@code millis}: the exposition text as the node served it. */
    Series scrape(String job, String instance, long millis, String exposition) {
        Map<Map<String, String>, Double> scraped = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("not an exposition line: " + text);
            }
            Map<String, String> labels = new TreeMap<>();
            labels.put("__name__", m.group(1));
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                int end = 0;
                while (l.lookingAt()) {
                    labels.put(l.group(1), unescape(l.group(2)));
                    end = l.end();
                    l.region(end, m.group(3).length());
                }
                if (end != m.group(3).length()) {
                    throw new IllegalArgumentException("bad labels in: " + text);
                }
            }
            labels.put("job", job);
            labels.put("instance", instance);
            scraped.put(labels, parseValue(m.group(4)));
        }
        scraped.put(Map.of("__name__", "up", "job", job, "instance", instance), 1.0);
        record(job, instance, millis, scraped);
        return this;
    }

    /** A failed scrape: {@code up} is 0 and every series of the target goes stale. */
    Series scrapeFailed(String job, String instance, long millis) {
        Map<Map<String, String>, Double> scraped = new LinkedHashMap<>();
        scraped.put(Map.of("__name__", "up", "job", job, "instance", instance), 0.0);
        record(job, instance, millis, scraped);
        return this;
    }

    private void record(String job, String instance, long millis, Map<Map<String, String>, Double> scraped) {
        String target = job + "/" + instance;
        for (Map<String, String> gone : lastScrapeOf.getOrDefault(target, Set.of())) {
            if (!scraped.containsKey(gone)) {
                samples.get(gone).add(new Sample(millis, Double.NaN, true));
            }
        }
        scraped.forEach((labels, value) -> samples.computeIfAbsent(Map.copyOf(labels), k -> new ArrayList<>())
                .add(new Sample(millis, value, false)));
        lastScrapeOf.put(target, scraped.keySet());
    }

    Collection<Map<String, String>> labelSets() {
        return samples.keySet();
    }

    List<Sample> samplesOf(Map<String, String> labels) {
        return samples.get(labels);
    }

    /** Every metric name stored. */
    Set<String> names() {
        Set<String> names = new java.util.TreeSet<>();
        samples.keySet().forEach(l -> names.add(l.get("__name__")));
        return names;
    }

    private static double parseValue(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    private static String unescape(String value) {
        return value.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
