package dev.ferry.cli.client.doctor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The diagnosis for scripts, as JSON: the target, the steps (one a line, each with the same keys; the data
 * steps add their method, outcome, addresses and reply), the recommendation and the exit code.
 */
final class ReportJson {

    private ReportJson() {
    }

    static String of(Diagnosis diagnosis) {
        Recommendation r = diagnosis.recommendation();
        List<String> steps = new ArrayList<>();
        for (Step step : diagnosis.steps()) {
            steps.add("    " + object(fields(step)));
        }
        Map<String, Object> recommendation = new LinkedHashMap<>();
        recommendation.put("mode", r.mode());
        recommendation.put("flags", r.flags());
        recommendation.put("text", r.text());
        return "{\n"
                + "  \"target\": " + value(diagnosis.target()) + ",\n"
                + "  \"steps\": [\n" + String.join(",\n", steps) + "\n  ],\n"
                + "  \"recommendation\": " + object(recommendation) + ",\n"
                + "  \"exit\": " + r.exitCode().code() + "\n"
                + "}\n";
    }

    private static Map<String, Object> fields(Step step) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", step.id());
        fields.put("step", step.name());
        fields.put("verdict", step.verdict().label());
        fields.put("ms", step.elapsed().toMillis());
        fields.put("seen", step.seen());
        fields.put("cause", step.cause());
        fields.put("fix", step.fix());
        fields.put("workaround", step.workaround());
        step.probe().ifPresent(p -> {
            fields.put("method", p.method().name());
            fields.put("outcome", p.outcome().name());
            fields.put("announced", p.announced().map(DataFindings::address));
            fields.put("target", p.target().map(DataFindings::address));
            fields.put("reply", p.reply().map(DataFindings::oneLine));
        });
        return fields;
    }

    private static String object(Map<String, Object> fields) {
        List<String> members = new ArrayList<>();
        fields.forEach((key, value) -> members.add(value(key) + ": " + value(value)));
        return "{" + String.join(", ", members) + "}";
    }

    private static String value(Object value) {
        return switch (value) {
            case Optional<?> o -> o.map(ReportJson::value).orElse("null");
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            default -> quote(value.toString());
        };
    }

    /** A JSON string (RFC 8259 §7). */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
