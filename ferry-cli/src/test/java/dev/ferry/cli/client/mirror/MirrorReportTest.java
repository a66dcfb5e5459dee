package dev.ferry.cli.client.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.cli.client.ExitCode;
import dev.ferry.cli.client.mirror.MirrorPlan.Copy;
import dev.ferry.cli.client.mirror.MirrorPlan.Entry;
import dev.ferry.cli.client.mirror.MirrorPlan.Reason;
import dev.ferry.client.FtpReplyException;
import dev.ferry.protocol.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MirrorReportTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private MirrorReport report(boolean quiet) {
        return new MirrorReport(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), quiet);
    }

    @ParameterizedTest
    @CsvSource({"0, 0 B", "1023, 1023 B", "1024, 1.0 KiB", "1536, 1.5 KiB", "1048576, 1.0 MiB",
            "5368709120, 5.0 GiB", "9223372036854775807, 8.0 EiB"})
    void sizesAreForPeople(long bytes, String text) {
        assertEquals(text, MirrorReport.size(bytes));
    }

    @Test
    void linesNameTheFileItsSizeAndWhyUnlessItIsNew() {
        Entry file = Entry.file(2048, Instant.EPOCH);
        assertEquals("get a b/c (2.0 KiB)", MirrorReport.copyLine("get", new Copy("a b/c", file, Reason.NEW)));
        assertEquals("put c (2.0 KiB, newer)", MirrorReport.copyLine("put", new Copy("c", file, Reason.NEWER)));
        assertEquals("put d (size unknown, neither size nor time to compare)", MirrorReport.copyLine("put",
                new Copy("d", MirrorPlan.Entry.of(MirrorPlan.Kind.FILE), Reason.UNKNOWN)));
    }

    @Test
    void theFirstFailureDecidesTheExitCodeAndTheOthersAreStillCounted() {
        MirrorReport report = report(false);
        report.failed("put a", new FtpReplyException("STOR a", new Reply(550, List.of("Permission denied"))));
        report.failed("get b", new AccessDeniedException("/here/b"));
        report.copied("put", new Copy("c", Entry.file(10, Instant.EPOCH), Reason.NEW), 10);
        report.summary(Duration.ofSeconds(2));
        assertEquals(ExitCode.REMOTE_FILE, report.exitCode());
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        // Failures' hints (indented) follow the first failure only
        assertEquals("ferry: put a: STOR a: 550 Permission denied", lines.getFirst());
        assertEquals("ferry: get b: permission denied: /here/b", lines.getLast());
        assertTrue(lines.subList(1, lines.size() - 1).stream().allMatch(l -> l.startsWith("       ")),
                lines.toString());
        assertEquals(List.of("put c (10 B)",
                "1 file transferred (10 B), 0 up to date, 0 deleted, 2 failed in 2.0 s (5 B/s)"),
                out.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void quietKeepsOnlyFailures() {
        MirrorReport report = report(true);
        report.note("said once");
        report.copied("get", new Copy("c", Entry.file(1, Instant.EPOCH), Reason.NEW), 1);
        report.summary(Duration.ofSeconds(1));
        report.failed("get d", new AccessDeniedException("d"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("ferry: get d: permission denied: d"), err.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("       ")).toList());
    }

    @Test
    void aNoteIsSaidOncePerKey() {
        MirrorReport report = report(false);
        report.note("MFMT", "first");
        report.note("MFMT", "second");
        report.note("plain");
        report.note("plain");
        assertEquals(List.of("ferry: first", "ferry: plain"), err.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
