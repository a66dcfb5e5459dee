package dev.ferry.cli.client.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The diagnosis for people: a line a step (verdict, step, time, what was seen), for a failure its cause,
 * fix and workaround indented below, and the recommendation; wrapped to fit 100 columns.
 */
final class ReportText {

    static final int WIDTH = 100;
    private static final String STEP_LINE = "%-4s  %-18s %8s  ";
    private static final int SEEN_COLUMN = String.format(STEP_LINE, "", "", "").length();
    private static final String ADVICE_INDENT = "      ";
    private static final String ADVICE_LABEL = "%-6s ";
    /** Spaces between words, but not between a flag ({@code --mode}, {@code (--mode}) and its value. */
    private static final Pattern FLAG_AND_VALUE = Pattern.compile("(?<!(?:^|[ (])--[a-z-]{1,30}) ");

    private ReportText() {
    }

    static List<String> lines(Diagnosis diagnosis) {
        List<String> lines = new ArrayList<>();
        lines.add("ferry doctor " + diagnosis.target());
        lines.add("");
        for (Step step : diagnosis.steps()) {
            String time = step.verdict() == Step.Verdict.SKIPPED ? "" : step.elapsed().toMillis() + " ms";
            lines.addAll(wrap(String.format(STEP_LINE, label(step.verdict()), step.name(), time), step.seen(),
                    SEEN_COLUMN));
            advice(lines, "cause", step.cause());
            advice(lines, "fix", step.fix());
            advice(lines, "or", step.workaround());
        }
        lines.add("");
        lines.addAll(wrap("", diagnosis.recommendation().text(), 0));
        return lines;
    }

    private static String label(Step.Verdict verdict) {
        return switch (verdict) {
            case OK -> "ok";
            case FAIL -> "FAIL";
            case SKIPPED -> "skip";
        };
    }

    private static void advice(List<String> lines, String label, Optional<String> text) {
        text.ifPresent(t -> {
            String prefix = ADVICE_INDENT + String.format(ADVICE_LABEL, label);
            lines.addAll(wrap(prefix, t, prefix.length()));
        });
    }

    /**
     * {@code first} then {@code text}, wrapped at {@link #WIDTH}, later lines indented to {@code indent}. A flag
     * stays on one line with its value ({@code --pin sha256:...}), to be copied whole.
     */
    static List<String> wrap(String first, String text, int indent) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(first);
        int start = line.length();
        for (String word : FLAG_AND_VALUE.split(text)) {
            if (line.length() > start && line.length() + 1 + word.length() > WIDTH) {
                lines.add(line.toString().stripTrailing());
                line = new StringBuilder(" ".repeat(indent));
                start = line.length();
            }
            if (line.length() > start) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString().stripTrailing());
        return lines;
    }
}
