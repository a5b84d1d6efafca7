package org.nerava.itest.alerts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.DoubleBinaryOperator;
import java.util.regex.Pattern;

/**
 * The part of PromQL that etc/nerava-alerts.yml uses, evaluated with Prometheus's semantics, so the alert rules can be
 * tested without a Prometheus: instant and range selectors with {@code = != =~ !~} matchers and {@code offset},
 * the 5-minute lookback and staleness, {@code rate}, {@code increase} (counter resets included; without Prometheus's
 * extrapolation to the window's edges, which only scales the figure and never changes its sign), {@code absent},
 * {@code min_over_time}, {@code max_over_time}, {@code sum/min/max/count [by|without]}, arithmetic and comparisons
 * (filtering, or 0/1 with {@code bool}) between vectors and scalars, one-to-one matching (ignoring the metric name,
 * {@code on}/{@code ignoring}), and {@code and}, {@code or}, {@code unless}. Anything else is a parse error, never a
 * silent guess.
 */
final class PromQl {

    static final long LOOKBACK_MILLIS = 5 * 60_000;

    /** One element of an instant vector. */
    record Element(Map<String, String> labels, double value) {
    }

    private interface Node {
        Object eval(Series series, long millis);
    }

    private final Node root;

    private PromQl(Node root) {
        this.root = root;
    }

    static PromQl parse(String expression) {
        Parser parser = new Parser(expression);
        Node node = parser.expression(0);
        parser.expectEnd();
        return new PromQl(node);
    }

    /** The instant vector the expression yields at {@code millis} (a scalar result is a one-element vector). */
    List<Element> evaluate(Series series, long millis) {
        Object value = root.eval(series, millis);
        if (value instanceof Double d) {
            return List.of(new Element(Map.of(), d));
        }
        @SuppressWarnings("unchecked")
        List<Element> vector = (List<Element>) value;
        return vector;
    }

    // ---------------------------------------------------------------------------------------------------- evaluation

    private record Matcher(String label, String op, String value) {
        boolean matches(Map<String, String> labels) {
            String actual = labels.getOrDefault(label, "");
            return switch (op) {
                case "=" -> actual.equals(value);
                case "!=" -> !actual.equals(value);
                case "=~" -> Pattern.matches(value, actual);
                case "!~" -> !Pattern.matches(value, actual);
                default -> throw new IllegalStateException(op);
            };
        }
    }

    private record RangeElement(Map<String, String> labels, List<Series.Sample> samples) {
    }

    private record Selector(List<Matcher> matchers, long rangeMillis, long offsetMillis) implements Node {
        @Override
        public Object eval(Series series, long millis) {
            long at = millis - offsetMillis;
            if (rangeMillis > 0) {
                List<RangeElement> matrix = new ArrayList<>();
                for (Map<String, String> labels : matching(series)) {
                    List<Series.Sample> inRange = series.samplesOf(labels).stream()
                            .filter(s -> !s.stale() && s.millis() > at - rangeMillis && s.millis() <= at).toList();
                    if (!inRange.isEmpty()) {
                        matrix.add(new RangeElement(labels, inRange));
                    }
                }
                return matrix;
            }
            List<Element> vector = new ArrayList<>();
            for (Map<String, String> labels : matching(series)) {
                Series.Sample latest = null;
                for (Series.Sample s : series.samplesOf(labels)) {
                    if (s.millis() <= at && s.millis() > at - LOOKBACK_MILLIS) {
                        latest = s;
                    }
                }
                if (latest != null && !latest.stale()) {
                    vector.add(new Element(labels, latest.value()));
                }
            }
            return vector;
        }

        private List<Map<String, String>> matching(Series series) {
            return series.labelSets().stream().filter(l -> matchers.stream().allMatch(m -> m.matches(l))).toList();
        }
    }

    private record NumberLiteral(double value) implements Node {
        @Override
        public Object eval(Series series, long millis) {
            return value;
        }
    }

    private record Call(String function, Node argument, double rangeSeconds) implements Node {
        @Override
        @SuppressWarnings("unchecked")
        public Object eval(Series series, long millis) {
            Object arg = argument.eval(series, millis);
            if (function.equals("absent")) {
                if (!((List<Element>) arg).isEmpty()) {
                    return List.of();
                }
                Map<String, String> labels = new TreeMap<>();
                if (argument instanceof Selector selector) {
                    selector.matchers().stream().filter(m -> m.op().equals("=") && !m.label().equals("__name__"))
                            .forEach(m -> labels.put(m.label(), m.value()));
                }
                return List.of(new Element(labels, 1));
            }
            List<Element> out = new ArrayList<>();
            for (RangeElement e : (List<RangeElement>) arg) {
                List<Series.Sample> s = e.samples();
                Double value = switch (function) {
                    case "increase", "rate" -> {
                        if (s.size() < 2) {
                            yield null;
                        }
                        double increase = 0;
                        for (int i = 1; i < s.size(); i++) {
                            double step = s.get(i).value() - s.get(i - 1).value();
                            increase += step >= 0 ? step : s.get(i).value();
                        }
                        yield function.equals("rate") ? increase / rangeSeconds : increase;
                    }
                    case "min_over_time" -> s.stream().mapToDouble(Series.Sample::value).min().orElseThrow();
                    case "max_over_time" -> s.stream().mapToDouble(Series.Sample::value).max().orElseThrow();
                    default -> throw new IllegalStateException(function);
                };
                if (value != null) {
                    out.add(new Element(withoutName(e.labels()), value));
                }
            }
            return out;
        }
    }

    private record Aggregation(String op, boolean without, List<String> grouping, Node argument) implements Node {
        @Override
        @SuppressWarnings("unchecked")
        public Object eval(Series series, long millis) {
            Map<Map<String, String>, List<Double>> groups = new LinkedHashMap<>();
            for (Element e : (List<Element>) argument.eval(series, millis)) {
                Map<String, String> key = new TreeMap<>();
                e.labels().forEach((name, value) -> {
                    boolean listed = grouping.contains(name);
                    if (!name.equals("__name__") && (without ? !listed : listed)) {
                        key.put(name, value);
                    }
                });
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(e.value());
            }
            List<Element> out = new ArrayList<>();
            groups.forEach((key, values) -> out.add(new Element(key, switch (op) {
                case "sum" -> values.stream().mapToDouble(Double::doubleValue).sum();
                case "min" -> values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                case "max" -> values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                case "count" -> values.size();
                default -> throw new IllegalStateException(op);
            })));
            return out;
        }
    }

    private record Binary(String op, Node left, Node right, boolean returnBool, boolean on, List<String> matching)
            implements Node {

        private static final Set<String> COMPARISONS = Set.of("==", "!=", ">", "<", ">=", "<=");

        @Override
        @SuppressWarnings("unchecked")
        public Object eval(Series series, long millis) {
            Object l = left.eval(series, millis);
            Object r = right.eval(series, millis);
            if (Set.of("and", "or", "unless").contains(op)) {
                return setOperation((List<Element>) l, (List<Element>) r);
            }
            boolean comparison = COMPARISONS.contains(op);
            if (l instanceof Double a && r instanceof Double b) {
                if (comparison && !returnBool) {
                    throw new IllegalArgumentException("comparison between scalars needs bool");
                }
                return apply(a, b);
            }
            List<Element> out = new ArrayList<>();
            if (l instanceof Double || r instanceof Double) {
                boolean scalarLeft = l instanceof Double;
                for (Element e : (List<Element>) (scalarLeft ? r : l)) {
                    double a = scalarLeft ? (Double) l : e.value();
                    double b = scalarLeft ? e.value() : (Double) r;
                    result(e.labels(), e.value(), a, b, comparison, out);
                }
                return out;
            }
            Map<Map<String, String>, Element> rightBySignature = new HashMap<>();
            for (Element e : (List<Element>) r) {
                if (rightBySignature.put(signature(e.labels()), e) != null) {
                    throw new IllegalArgumentException("many-to-one matching is not supported: " + e.labels());
                }
            }
            for (Element e : (List<Element>) l) {
                Element match = rightBySignature.get(signature(e.labels()));
                if (match != null) {
                    Map<String, String> labels = on ? signature(e.labels()) : e.labels();
                    result(labels, e.value(), e.value(), match.value(), comparison, out);
                }
            }
            return out;
        }

        private void result(Map<String, String> labels, double leftValue, double a, double b, boolean comparison,
                List<Element> out) {
            double value = apply(a, b);
            if (comparison && !returnBool) {
                if (value == 1) {
                    out.add(new Element(labels, leftValue));
                }
            } else {
                out.add(new Element(withoutName(labels), value));
            }
        }

        private double apply(double a, double b) {
            DoubleBinaryOperator f = switch (op) {
                case "+" -> Double::sum;
                case "-" -> (x, y) -> x - y;
                case "*" -> (x, y) -> x * y;
                case "/" -> (x, y) -> x / y;
                case "%" -> (x, y) -> x % y;
                case "==" -> (x, y) -> x == y ? 1 : 0;
                case "!=" -> (x, y) -> x != y ? 1 : 0;
                case ">" -> (x, y) -> x > y ? 1 : 0;
                case "<" -> (x, y) -> x < y ? 1 : 0;
                case ">=" -> (x, y) -> x >= y ? 1 : 0;
                case "<=" -> (x, y) -> x <= y ? 1 : 0;
                default -> throw new IllegalStateException(op);
            };
            return f.applyAsDouble(a, b);
        }

        private List<Element> setOperation(List<Element> l, List<Element> r) {
            Set<Map<String, String>> rightSignatures = new java.util.HashSet<>();
            r.forEach(e -> rightSignatures.add(signature(e.labels())));
            List<Element> out = new ArrayList<>();
            switch (op) {
                case "and" -> l.stream().filter(e -> rightSignatures.contains(signature(e.labels()))).forEach(out::add);
                case "unless" -> l.stream().filter(e -> !rightSignatures.contains(signature(e.labels())))
                        .forEach(out::add);
                default -> {
                    out.addAll(l);
                    Set<Map<String, String>> leftSignatures = new java.util.HashSet<>();
                    l.forEach(e -> leftSignatures.add(signature(e.labels())));
                    r.stream().filter(e -> !leftSignatures.contains(signature(e.labels()))).forEach(out::add);
                }
            }
            return out;
        }

        /** The labels two elements are matched on: never the metric name. */
        private Map<String, String> signature(Map<String, String> labels) {
            Map<String, String> key = new TreeMap<>();
            labels.forEach((name, value) -> {
                boolean listed = matching.contains(name);
                if (!name.equals("__name__") && (on ? listed : !listed)) {
                    key.put(name, value);
                }
            });
            return key;
        }
    }

    private static Map<String, String> withoutName(Map<String, String> labels) {
        Map<String, String> copy = new TreeMap<>(labels);
        copy.remove("__name__");
        return copy;
    }

    // ------------------------------------------------------------------------------------------------------- parsing

    private static final class Parser {
        private static final Pattern TOKEN = Pattern.compile(
                "\\s*(?:(?<duration>\\d+(?:ms|[smhdwy]))(?![a-zA-Z0-9_])|(?<number>\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)"
                        + "|(?<ident>[a-zA-Z_:][a-zA-Z0-9_:]*)|(?<string>\"(?:[^\"\\\\]|\\\\.)*\")"
                        + "|(?<op>==|!=|=~|!~|>=|<=|[-+*/%<>=(){}\\[\\],]))");
        private static final List<Set<String>> PRECEDENCE = List.of(Set.of("or"), Set.of("and", "unless"),
                Set.of("==", "!=", ">", "<", ">=", "<="), Set.of("+", "-"), Set.of("*", "/", "%"));
        private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "count");
        private static final Set<String> RANGE_FUNCTIONS = Set.of("rate", "increase", "min_over_time",
                "max_over_time");

        private final List<String> tokens = new ArrayList<>();
        private int next;

        Parser(String text) {
            java.util.regex.Matcher m = TOKEN.matcher(text);
            int at = 0;
            while (at < text.length()) {
                if (text.substring(at).isBlank()) {
                    break;
                }
                if (!m.find(at) || m.start() != at) {
                    throw new IllegalArgumentException("cannot read PromQL at: " + text.substring(at));
                }
                tokens.add(m.group().strip());
                at = m.end();
            }
        }

        void expectEnd() {
            if (next != tokens.size()) {
                throw new IllegalArgumentException("unexpected " + tokens.get(next));
            }
        }

        Node expression(int level) {
            if (level == PRECEDENCE.size()) {
                return primary();
            }
            Node left = expression(level + 1);
            while (next < tokens.size() && PRECEDENCE.get(level).contains(tokens.get(next))) {
                String op = tokens.get(next++);
                boolean returnBool = accept("bool");
                boolean on = false;
                List<String> matching = List.of();
                if (peek("on") || peek("ignoring")) {
                    on = tokens.get(next++).equals("on");
                    matching = labelList();
                }
                left = new Binary(op, left, expression(level + 1), returnBool, on, matching);
            }
            return left;
        }

        private Node primary() {
            String token = take();
            if (token.equals("(")) {
                Node inner = expression(0);
                expect(")");
                return inner;
            }
            if (token.matches("\\d.*")) {
                return new NumberLiteral(Double.parseDouble(token));
            }
            if (AGGREGATIONS.contains(token)) {
                boolean without = false;
                List<String> grouping = List.of();
                if (peek("by") || peek("without")) {
                    without = take().equals("without");
                    grouping = labelList();
                }
                expect("(");
                Node argument = expression(0);
                expect(")");
                if (peek("by") || peek("without")) {
                    without = take().equals("without");
                    grouping = labelList();
                }
                return new Aggregation(token, without, grouping, argument);
            }
            if (RANGE_FUNCTIONS.contains(token) || token.equals("absent")) {
                expect("(");
                Node argument = expression(0);
                expect(")");
                double rangeSeconds = 0;
                if (RANGE_FUNCTIONS.contains(token)) {
                    if (!(argument instanceof Selector s) || s.rangeMillis() == 0) {
                        throw new IllegalArgumentException(token + " needs a range selector");
                    }
                    rangeSeconds = s.rangeMillis() / 1000.0;
                }
                return new Call(token, argument, rangeSeconds);
            }
            if (token.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
                if (peek("(")) {
                    throw new IllegalArgumentException("function not supported here: " + token);
                }
                List<Matcher> matchers = new ArrayList<>();
                matchers.add(new Matcher("__name__", "=", token));
                return selectorRest(matchers);
            }
            throw new IllegalArgumentException("unexpected " + token);
        }

        private Node selectorRest(List<Matcher> matchers) {
            if (accept("{")) {
                while (!accept("}")) {
                    String label = take();
                    String op = take();
                    if (!Set.of("=", "!=", "=~", "!~").contains(op)) {
                        throw new IllegalArgumentException("not a label matcher: " + label + op);
                    }
                    String quoted = take();
                    matchers.add(new Matcher(label, op, quoted.substring(1, quoted.length() - 1)
                            .replace("\\\"", "\"").replace("\\\\", "\\")));
                    accept(",");
                }
            }
            long range = 0;
            if (accept("[")) {
                range = durationMillis(take());
                expect("]");
            }
            long offset = 0;
            if (accept("offset")) {
                offset = durationMillis(take());
            }
            return new Selector(matchers, range, offset);
        }

        private List<String> labelList() {
            expect("(");
            List<String> labels = new ArrayList<>();
            while (!accept(")")) {
                labels.add(take());
                accept(",");
            }
            return labels;
        }

        private static long durationMillis(String token) {
            java.util.regex.Matcher m = Pattern.compile("(\\d+)(ms|[smhdwy])").matcher(token);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a duration: " + token);
            }
            long n = Long.parseLong(m.group(1));
            return n * switch (m.group(2)) {
                case "ms" -> 1L;
                case "s" -> 1_000L;
                case "m" -> 60_000L;
                case "h" -> 3_600_000L;
                case "d" -> 86_400_000L;
                case "w" -> 7 * 86_400_000L;
                default -> 365 * 86_400_000L;
            };
        }

        private boolean peek(String token) {
            return next < tokens.size() && tokens.get(next).equals(token);
        }

        private boolean accept(String token) {
            if (peek(token)) {
                next++;
                return true;
            }
            return false;
        }

        private void expect(String token) {
            if (!accept(token)) {
                throw new IllegalArgumentException("expected " + token + " at "
                        + (next < tokens.size() ? tokens.get(next) : "the end"));
            }
        }

        private String take() {
            if (next >= tokens.size()) {
                throw new IllegalArgumentException("unexpected end of expression");
            }
            return tokens.get(next++);
        }
    }

    static long durationMillis(String text) {
        return Parser.durationMillis(text);
    }
}
