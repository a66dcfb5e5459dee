package dev.ferry.cli.client.doctor;

import dev.ferry.client.DataProbe;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * One step of a diagnosis: its verdict, how long it took, what was seen, and for a failure its cause in
 * plain words, the fix, and a workaround from this side when there is one.
 *
 * @param id a stable key for scripts ({@code epsv}, {@code pasv-announced}, ...)
 * @param name as shown to the user
 * @param seen what happened, in a line (a reply, an address, the features)
 * @param probe the data method's probe, for the data steps
 */
record Step(String id, String name, Verdict verdict, Duration elapsed, String seen, Optional<String> cause,
            Optional<String> fix, Optional<String> workaround, Optional<DataProbe> probe) {

    enum Verdict {
        OK, FAIL, SKIPPED;

        String label() {
            return this == SKIPPED ? "skipped" : name().toLowerCase(Locale.ROOT);
        }
    }

    static Step ok(String id, String name, Duration elapsed, String seen) {
        return new Step(id, name, Verdict.OK, elapsed, seen, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    static Step fail(String id, String name, Duration elapsed, String seen, Advice advice) {
        return new Step(id, name, Verdict.FAIL, elapsed, seen, Optional.of(advice.cause()), advice.fix(),
                advice.workaround(), Optional.empty());
    }

    static Step skipped(String id, String name, String why) {
        return new Step(id, name, Verdict.SKIPPED, Duration.ZERO, why, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    Step with(DataProbe dataProbe) {
        return new Step(id, name, verdict, elapsed, seen, cause, fix, workaround, Optional.of(dataProbe));
    }

    /**
     * What a failure means: the cause in plain words; the fix, where the fault is; a workaround from this
     * side (another data mode, a client option).
     */
    record Advice(String cause, Optional<String> fix, Optional<String> workaround) {
        Advice(String cause, String fix, String workaround) {
            this(cause, Optional.ofNullable(fix), Optional.ofNullable(workaround));
        }
    }

    boolean worked() {
        return verdict == Verdict.OK;
    }
}
