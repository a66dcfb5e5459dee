package dev.ferry.cli.client.doctor;

import static dev.ferry.cli.client.doctor.DoctorFindingsTest.address;
import static dev.ferry.cli.client.doctor.DoctorFindingsTest.probe;
import static dev.ferry.cli.client.doctor.DoctorFindingsTest.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.client.DataMethod;
import dev.ferry.client.DataProbe.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's two forms: text for people (aligned, within 100 columns) and JSON for scripts. */
class DoctorReportTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(4);

    private static Diagnosis diagnosis() {
        List<Step> steps = List.of(
                Step.ok("resolve", "name resolution", Duration.ofMillis(1), "198.18.0.10 (an address: nothing to look up)"),
                Step.ok("connect", "control connection", Duration.ofMillis(2), "198.18.0.30:40000 -> 198.18.0.10:21"),
                Step.ok("greeting", "greeting", Duration.ofMillis(9), "220 Ferry \"FTP\" server ready"),
                Step.ok("login", "login", Duration.ofMillis(12), "230 Logged in"),
                Step.ok("feat", "FEAT", Duration.ofMillis(1), "EPRT EPSV MLST"),
                DataFindings.step(DataCheck.EPSV, probe(DataMethod.EPSV, Outcome.TIMED_OUT, "198.18.0.10:50012",
                        "198.18.0.10:50012", null, "t"), address("198.18.0.10"), Duration.ofMillis(4003), TIMEOUT),
                Step.skipped("pasv-announced", "PASV as announced", "not reached"),
                DataFindings.step(DataCheck.EPRT, probe(DataMethod.EPRT, Outcome.OK, "198.18.0.30:41000",
                        "198.18.0.30:41000", reply(226, "Done"), "1 lines listed"), address("198.18.0.10"),
                        Duration.ofMillis(21), TIMEOUT));
        return new Diagnosis("ftp://anonymous@198.18.0.10/pub/", steps, Recommendation.of(steps),
                Instant.parse("2026-01-01T00:00:00Z"), List.of());
    }

    @Test
    void theTextHasALineAStepWithTheVerdictFirstAndTheAdviceBelow() {
        List<String> lines = ReportText.lines(diagnosis());
        assertEquals(List.of(
                "ferry doctor ftp://anonymous@198.18.0.10/pub/",
                "",
                "ok    name resolution        1 ms  198.18.0.10 (an address: nothing to look up)",
                "ok    control connection     2 ms  198.18.0.30:40000 -> 198.18.0.10:21",
                "ok    greeting               9 ms  220 Ferry \"FTP\" server ready",
                "ok    login                 12 ms  230 Logged in",
                "ok    FEAT                   1 ms  EPRT EPSV MLST",
                "FAIL  EPSV                4003 ms  229 port 50012: connecting timed out after 4s",
                "      cause  The data port 50012 was dropped: connecting to 198.18.0.10:50012 (the port the 229",
                "             reply named) timed out after 4s, so a firewall in front of the server lets the control",
                "             port through but not its passive ports",
                "      fix    open the server's passive port range (the one holding 50012, e.g. 50000-50100) in its",
                "             firewall ('ferry firewall' prints the rules)",
                "      or     use active mode (--mode active)",
                "skip  PASV as announced            not reached",
                "ok    EPRT                  21 ms  listening on 198.18.0.30:41000: 3 lines listed",
                "",
                "Use active mode: --mode active (auto gets there too, but only after passive mode has failed)."),
                lines);
        assertTrue(lines.stream().allMatch(l -> l.length() <= ReportText.WIDTH));
    }

    @Test
    void theJsonHasEveryStepOnALineWithTheSameKeysAndTheProbeForDataSteps() {
        String json = ReportJson.of(diagnosis());
        List<String> lines = json.lines().toList();
        assertEquals("{", lines.getFirst());
        assertEquals("  \"target\": \"ftp://anonymous@198.18.0.10/pub/\",", lines.get(1));
        assertEquals("  \"steps\": [", lines.get(2));
        assertEquals("    {\"id\": \"greeting\", \"step\": \"greeting\", \"verdict\": \"ok\", \"ms\": 9, \"seen\": "
                + "\"220 Ferry \\\"FTP\\\" server ready\", \"cause\": null, \"fix\": null, \"workaround\": null},",
                lines.get(5));
        assertEquals("    {\"id\": \"epsv\", \"step\": \"EPSV\", \"verdict\": \"fail\", \"ms\": 4003, \"seen\": \"229 port "
                + "50012: connecting timed out after 4s\", \"cause\": \"The data port 50012 was dropped: connecting to "
                + "198.18.0.10:50012 (the port the 229 reply named) timed out after 4s, so a firewall in front of the "
                + "server lets the control port through but not its passive ports\", \"fix\": \"open the server's "
                + "passive port range (the one holding 50012, e.g. 50000-50100) in its firewall ('ferry firewall' "
                + "prints the rules)\", \"workaround\": \"use active mode (--mode active)\", \"method\": \"EPSV\", "
                + "\"outcome\": \"TIMED_OUT\", \"announced\": \"198.18.0.10:50012\", \"target\": "
                + "\"198.18.0.10:50012\", \"reply\": null},", lines.get(8));
        assertEquals("    {\"id\": \"pasv-announced\", \"step\": \"PASV as announced\", \"verdict\": \"skipped\", "
                + "\"ms\": 0, \"seen\": \"not reached\", \"cause\": null, \"fix\": null, \"workaround\": null},",
                lines.get(9));
        assertTrue(lines.get(10).endsWith("\"reply\": \"226 Done\"}"), lines.get(10));
        assertEquals("  ],", lines.get(11));
        assertEquals("  \"recommendation\": {\"mode\": \"active\", \"flags\": \"--mode active\", \"text\": \"Use active "
                + "mode: --mode active (auto gets there too, but only after passive mode has failed).\"},", lines.get(12));
        assertEquals("  \"exit\": 0", lines.get(13));
        assertEquals("}", lines.get(14));
        assertEquals(15, lines.size());
    }

    @Test
    void aFlagIsNeverWrappedAwayFromItsValue() {
        String pin = "sha256:" + "d8".repeat(32);
        assertEquals(List.of("      fix    if you know this certificate is the server's, trust it with",
                        "             --pin " + pin + "; or skip",
                        "             the check (not safe) with --insecure (or use passive mode (--mode passive))"),
                ReportText.wrap("      fix    ", "if you know this certificate is the server's, trust it with --pin "
                        + pin + "; or skip the check (not safe) with --insecure (or use passive mode (--mode passive))",
                        13));
    }

    @Test
    void jsonStringsEscapeQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", ReportJson.quote("a\"b\\c\nd\u0001"));
    }
}
