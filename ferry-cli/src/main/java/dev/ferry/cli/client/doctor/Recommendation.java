package dev.ferry.cli.client.doctor;

import dev.ferry.cli.client.ExitCode;
import dev.ferry.client.DataProbe;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to do after a diagnosis: the data mode to use (the first that worked, in the order AUTO tries the
 * methods), or, when none works, what to fix; and the exit code that says it.
 *
 * @param mode {@code passive} or {@code active}, empty when no data connection works
 * @param flags the flags that choose it, as given to ferry's client verbs; empty with no mode
 */
record Recommendation(Optional<String> mode, String flags, String text, ExitCode exitCode) {

    /** The session could not be set up: {@code failed} says why, and nothing after it ran. */
    static Recommendation fixFirst(Step failed, ExitCode exitCode) {
        return new Recommendation(Optional.empty(), "", "Fix the " + failed.name() + " first"
                + failed.fix().map(f -> ": " + f).orElse("") + ".", exitCode);
    }

    /** From the data steps, in {@link DataCheck} order. */
    static Recommendation of(List<Step> steps) {
        if (worked(steps, DataCheck.EPSV) || worked(steps, DataCheck.PASV_FIXED)) {
            return new Recommendation(Optional.of("passive"), "--mode passive", "Use passive mode: --mode passive "
                    + "(auto, the default, starts with it).", ExitCode.OK);
        }
        if (worked(steps, DataCheck.EPRT) || worked(steps, DataCheck.PORT)) {
            return new Recommendation(Optional.of("active"), "--mode active", "Use active mode: --mode active (auto "
                    + "gets there too, but only after passive mode has failed).", ExitCode.OK);
        }
        if (worked(steps, DataCheck.PASV_ANNOUNCED)) {
            return new Recommendation(Optional.of("passive"), "--mode passive --trust-pasv-address", "Use passive "
                    + "mode, connecting where the 227 reply says: --mode passive --trust-pasv-address.", ExitCode.OK);
        }
        List<Step> failed = steps.stream().filter(s -> s.probe().isPresent() && s.verdict() == Step.Verdict.FAIL)
                .toList();
        boolean onlyTheListing = !failed.isEmpty() && failed.stream()
                .allMatch(s -> s.probe().orElseThrow().outcome() == DataProbe.Outcome.LISTING_REFUSED);
        // one fix a direction: the passive checks' fixes differ only in the port they saw
        Map<Boolean, String> fixes = new LinkedHashMap<>();
        failed.forEach(s -> s.fix().ifPresent(f -> fixes.putIfAbsent(s.probe().orElseThrow().method().isPassive(), f)));
        return new Recommendation(Optional.empty(), "", "No data connection works from here."
                + (fixes.isEmpty() ? "" : " Fix one of these: " + String.join("; ", fixes.values()) + "."),
                onlyTheListing ? ExitCode.REMOTE_FILE : ExitCode.DATA_CONNECTION);
    }

    private static boolean worked(List<Step> steps, DataCheck check) {
        return steps.stream().anyMatch(s -> s.id().equals(check.id()) && s.worked());
    }
}
