package org.nerava.itest.alerts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The alerting rules of a Prometheus rule file, evaluated as Prometheus's rule manager does: every
 * {@link #EVALUATION_INTERVAL_MILLIS}, an alert is pending while its expression yields an element for a label set
 * and firing once it has done so at every evaluation for its {@code for} duration.
 */
final class AlertRules {

    static final long EVALUATION_INTERVAL_MILLIS = 15_000;

    record Rule(String alert, String expression, PromQl query, long forMillis, Map<String, String> labels) {
    }

    private final Map<String, Rule> rules = new LinkedHashMap<>();

    static AlertRules load(Path file) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        AlertRules loaded = new AlertRules();
        for (JsonNode group : root.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                String expression = rule.path("expr").asText().strip();
                long forMillis = rule.has("for") ? PromQl.durationMillis(rule.path("for").asText()) : 0;
                Map<String, String> labels = new LinkedHashMap<>();
                rule.path("labels").properties().forEach(f -> labels.put(f.getKey(), f.getValue().asText()));
                if (loaded.rules.put(alert, new Rule(alert, expression, PromQl.parse(expression), forMillis,
                        labels)) != null) {
                    throw new IllegalArgumentException("alert " + alert + " twice");
                }
            }
        }
        return loaded;
    }

    Set<String> alerts() {
        return rules.keySet();
    }

    Rule rule(String alert) {
        Rule rule = rules.get(alert);
        if (rule == null) {
            throw new IllegalArgumentException("no alert " + alert + " in " + rules.keySet());
        }
        return rule;
    }

    /**
     * The label sets {@code alert} is firing for at {@code millis}, evaluating it every 15 s from {@code fromMillis}
     * (the start of the series) as Prometheus would have.
     */
    Set<Map<String, String>> firing(String alert, Series series, long fromMillis, long millis) {
        Rule rule = rule(alert);
        Map<Map<String, String>, Long> activeSince = new HashMap<>();
        Set<Map<String, String>> firing = new java.util.HashSet<>();
        for (long t = fromMillis; t <= millis; t += EVALUATION_INTERVAL_MILLIS) {
            Map<Map<String, String>, Long> stillActive = new HashMap<>();
            for (PromQl.Element e : rule.query().evaluate(series, t)) {
                stillActive.put(e.labels(), activeSince.getOrDefault(e.labels(), t));
            }
            activeSince.clear();
            activeSince.putAll(stillActive);
            firing.clear();
            final long now = t;
            activeSince.forEach((labels, since) -> {
                if (now - since >= rule.forMillis()) {
                    firing.add(labels);
                }
            });
        }
        return firing;
    }

    /** Every metric name the expressions select. */
    Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(nerava_[a-z0-9_]+|up)\\b(?=\\s*[{\\[)])")
                .matcher(String.join("\n", rules.values().stream().map(Rule::expression).toList()));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    List<Rule> all() {
        return List.copyOf(rules.values());
    }
}
