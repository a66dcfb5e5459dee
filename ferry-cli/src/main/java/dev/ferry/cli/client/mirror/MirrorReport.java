package dev.ferry.cli.client.mirror;

import dev.ferry.cli.client.ExitCode;
import dev.ferry.cli.client.Failures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a mirror run tells its user, from any of its threads: one line per action on standard output, notes
 * and failures on standard error, the counts for the summary, and the exit code of the first failure.
 * Quiet keeps only the failures.
 */
final class MirrorReport {

    private static final String PREFIX = "ferry: ";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean quiet;
    private final LongAdder files = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder deleted = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Set<String> notesSaid = ConcurrentHashMap.newKeySet();
    private final AtomicReference<ExitCode> firstFailure = new AtomicReference<>();
    private volatile int upToDate;

    MirrorReport(PrintStream out, PrintStream err, boolean quiet) {
        this.out = out;
        this.err = err;
        this.quiet = quiet;
    }

    void action(String line) {
        if (!quiet) {
            out.println(line);
        }
    }

    void copied(String verb, MirrorPlan.Copy copy, long size) {
        files.increment();
        bytes.add(size);
        action(copyLine(verb, copy));
    }

    static String copyLine(String verb, MirrorPlan.Copy copy) {
        String size = copy.source().size() < 0 ? "size unknown" : size(copy.source().size());
        String reason = copy.reason() == MirrorPlan.Reason.NEW ? "" : ", " + copy.reason().text;
        return verb + " " + copy.path() + " (" + size + reason + ")";
    }

    void deleted(MirrorPlan.Deletion deletion) {
        deleted.increment();
        action(deleteLine(deletion));
    }

    static String deleteLine(MirrorPlan.Deletion deletion) {
        return "delete " + deletion.path() + (deletion.kind() == MirrorPlan.Kind.DIRECTORY ? "/" : "");
    }

    void upToDate(int count) {
        upToDate = count;
    }

    /** Something the user should know that is not a failure; each text is said once. */
    void note(String text) {
        note(text, text);
    }

    /** A note said only the first time for its key, however its details differ. */
    void note(String key, String text) {
        if (notesSaid.add(key) && !quiet) {
            err.println(PREFIX + text);
        }
    }

    /** One action failed; the run goes on. The first failure decides the exit code and gets its hints. */
    void failed(String action, Exception failure) {
        Wording wording = Wording.of(failure);
        if (record(action, wording.message(), wording.code())) {
            wording.hints().forEach(err::println);
        }
    }

    /**
     * What {@link Failures} says about a failure, in its words: the message without its "ferry: ", the
     * indented lines that follow it (what to try), and the exit code.
     */
    record Wording(String message, List<String> hints, ExitCode code) {

        static Wording of(Exception failure) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            ExitCode code = Failures.report(failure, new PrintStream(text, true, StandardCharsets.UTF_8));
            List<String> lines = text.toString(StandardCharsets.UTF_8).lines().toList();
            String first = lines.isEmpty() ? String.valueOf(failure) : lines.getFirst();
            String message = first.startsWith(PREFIX) ? first.substring(PREFIX.length()) : first;
            return new Wording(message, lines.isEmpty() ? List.of() : lines.subList(1, lines.size()), code);
        }
    }

    void failed(String action, String message, ExitCode code) {
        record(action, message, code);
    }

    private boolean record(String action, String message, ExitCode code) {
        failed.increment();
        boolean first = firstFailure.compareAndSet(null, code);
        err.println(PREFIX + action + ": " + message);
        return first;
    }

    ExitCode exitCode() {
        return Optional.ofNullable(firstFailure.get()).orElse(ExitCode.OK);
    }

    /** The last line: counts, time, and the rate over the whole run (listings included). */
    void summary(Duration elapsed) {
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        long moved = bytes.sum();
        action(String.format(Locale.ROOT,
                "%d %s transferred (%s), %d up to date, %d deleted, %d failed in %.1f s (%s/s)",
                files.sum(), files.sum() == 1 ? "file" : "files", size(moved), upToDate, deleted.sum(),
                failed.sum(), seconds, size((long) (moved / seconds))));
    }

    /** What a dry run would have done. */
    void preview(MirrorPlan plan) {
        action(String.format(Locale.ROOT, "dry run: %d %s to transfer (%s), %d up to date, %d to delete",
                plan.copies().size(), plan.copies().size() == 1 ? "file" : "files", size(plan.bytes()),
                plan.upToDate(), plan.replaced().size() + plan.extras().size()));
    }

    /** Bytes for people: 512 B, 1.5 KiB, 20.0 MiB. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
