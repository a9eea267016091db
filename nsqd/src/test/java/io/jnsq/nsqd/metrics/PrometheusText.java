package io.jnsq.nsqd.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus' text exposition format (0.0.4), for tests: every line must be a
 * {@code # HELP}, a {@code # TYPE} or a sample of the family last typed, else it fails. The Java client
 * writes this format but has no reader of it.
 */
final class PrometheusText {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|summary|histogram|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");

    /** One sample: its family, labels and value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, String> types = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    static PrometheusText parse(String exposition) {
        if (!exposition.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a newline");
        }
        PrometheusText text = new PrometheusText();
        String family = null;
        for (String line : exposition.substring(0, exposition.length() - 1).split("\n", -1)) {
            Matcher help = HELP.matcher(line);
            Matcher type = TYPE.matcher(line);
            Matcher sample = SAMPLE.matcher(line);
            if (help.matches()) {
                continue;
            }
            if (type.matches()) {
                if (text.types.put(type.group(1), type.group(2)) != null) {
                    throw new IllegalArgumentException("family typed twice: " + line);
                }
                family = type.group(1);
            } else if (sample.matches()) {
                text.samples.add(text.sample(family, sample, line));
            } else {
                throw new IllegalArgumentException("not a line of the text format: " + line);
            }
        }
        return text;
    }

    private Sample sample(String family, Matcher sample, String line) {
        String name = sample.group(1);
        if (family == null || !belongsTo(name, family, types.get(family))) {
            throw new IllegalArgumentException("sample outside its family " + family + ": " + line);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        String labelText = sample.group(3);
        if (labelText != null && !labelText.isEmpty()) {
            Matcher label = LABEL.matcher(labelText);
            int at = 0;
            while (at < labelText.length()) {
                if (!label.find(at) || label.start() != at) {
                    throw new IllegalArgumentException("bad labels: " + line);
                }
                String value = label.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
                if (labels.put(label.group(1), value) != null) {
                    throw new IllegalArgumentException("label given twice: " + line);
                }
                at = label.end();
            }
        }
        return new Sample(name, labels, value(sample.group(4), line));
    }

    private static boolean belongsTo(String name, String family, String type) {
        switch (type) {
            case "counter":
                // the family is named with or without its _total (this client writes it with)
                String base = family.endsWith("_total") ? family.substring(0, family.length() - 6) : family;
                return name.equals(base + "_total") || name.equals(base + "_created");
            case "summary":
                return name.equals(family) || name.equals(family + "_sum") || name.equals(family + "_count");
            case "histogram":
                return name.equals(family + "_bucket") || name.equals(family + "_sum") || name.equals(family + "_count");
            default:
                return name.equals(family);
        }
    }

    private static double value(String text, String line) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad value: " + line, e);
                }
        }
    }

    String type(String family) {
        return types.get(family);
    }

    /** The value of the one sample with that name and exactly those labels; fails when there is none. */
    double value(String name, String... labelPairs) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            wanted.put(labelPairs[i], labelPairs[i + 1]);
        }
        return samples.stream()
                .filter(s -> s.name().equals(name) && new TreeMap<>(s.labels()).equals(wanted))
                .mapToDouble(Sample::value)
                .reduce((a, b) -> {
                    throw new IllegalStateException("two samples " + name + wanted);
                })
                .orElseThrow(() -> new AssertionError("no sample " + name + wanted));
    }

    List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }
}
