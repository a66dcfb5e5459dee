package dev.ferry.cli.client.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.client.DataMethod;
import dev.ferry.client.DataProbe;
import dev.ferry.client.DataProbe.Outcome;
import dev.ferry.protocol.Reply;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The cause and fix for each kind of data-connection failure, from synthetic probes. */
class DoctorFindingsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(4);

    static DataProbe probe(DataMethod method, Outcome outcome, String announced, String target, Reply reply,
                           String detail) {
        return new DataProbe(method, outcome, Optional.ofNullable(announced).map(DoctorFindingsTest::socket),
                Optional.ofNullable(target).map(DoctorFindingsTest::socket), Optional.ofNullable(reply), detail,
                outcome == Outcome.OK ? 3 : 0);
    }

    static InetSocketAddress socket(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(address(hostPort.substring(0, colon)),
                Integer.parseInt(hostPort.substring(colon + 1)));
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Reply reply(int code, String text) {
        return new Reply(code, List.of(text));
    }

    /** check, probe, the address the control connection reached; then words the seen line, cause, fix, workaround hold. */
    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("a private 227 address behind NAT", DataCheck.PASV_ANNOUNCED,
                        probe(DataMethod.PASV, Outcome.UNREACHABLE, "10.77.2.10:50013", "10.77.2.10:50013", null,
                                "connecting to 10.77.2.10:50013 failed: Network is unreachable"), "198.18.0.3",
                        List.of("227 10.77.2.10:50013: no route to 10.77.2.10"),
                        List.of("The server announced 10.77.2.10, a private address, in its 227 reply, but you reached "
                                + "it at 198.18.0.3: it is behind NAT and should announce its external address"),
                        List.of("--passive-address 198.18.0.3"), List.of("Ferry's client", "works around this")),
                Arguments.of("a foreign 227 address that times out is NAT too, not the firewall", DataCheck.PASV_ANNOUNCED,
                        probe(DataMethod.PASV, Outcome.TIMED_OUT, "10.0.0.5:50013", "10.0.0.5:50013", null, "t"),
                        "203.0.113.7", List.of("227 10.0.0.5:50013: connecting timed out after 4s"),
                        List.of("announced 10.0.0.5, a private address", "behind NAT"), List.of("--passive-address"),
                        List.of()),
                Arguments.of("EPSV's port dropped", DataCheck.EPSV,
                        probe(DataMethod.EPSV, Outcome.TIMED_OUT, "198.18.0.10:50012", "198.18.0.10:50012", null, "t"),
                        "198.18.0.10", List.of("229 port 50012: connecting timed out after 4s"),
                        List.of("The data port 50012 was dropped", "229 reply", "a firewall in front of the server"),
                        List.of("open the server's passive port range (the one holding 50012, e.g. 50000-50100)"),
                        List.of("use active mode (--mode active)")),
                Arguments.of("PASV fixed, the port dropped", DataCheck.PASV_FIXED,
                        probe(DataMethod.PASV, Outcome.TIMED_OUT, "10.77.2.10:50014", "198.18.0.3:50014", null, "t"),
                        "198.18.0.3", List.of("227 10.77.2.10:50014, connected to 198.18.0.3:50014: connecting timed out"),
                        List.of("The data port 50014 was dropped", "227 reply"), List.of("passive port range"),
                        List.of("--mode active")),
                Arguments.of("the passive port refused", DataCheck.PASV_FIXED,
                        probe(DataMethod.PASV, Outcome.CONNECTION_REFUSED, "198.18.0.10:50015", "198.18.0.10:50015", null,
                                "refused"), "198.18.0.10", List.of("227 198.18.0.10:50015: connection refused"),
                        List.of("The connection to the data port 50015 at 198.18.0.10:50015 was refused"),
                        List.of("forward) the server's passive port range, the one holding 50015"),
                        List.of("--mode active")),
                Arguments.of("the server could not connect back (425)", DataCheck.EPRT,
                        probe(DataMethod.EPRT, Outcome.SERVER_DID_NOT_CONNECT, "198.18.0.20:41000", "198.18.0.20:41000",
                                reply(425, "Cannot open data connection"), "the server could not open the data connection"),
                        "198.18.0.10",
                        List.of("listening on 198.18.0.20:41000: the server did not connect: 425 Cannot open data connection"),
                        List.of("The server could not connect back to 198.18.0.20:41000 (425 Cannot open data connection): "
                                + "a firewall in front of this client blocks incoming connections"),
                        List.of("--active-ports"), List.of("use passive mode (--mode passive)")),
                Arguments.of("the server did not connect and said nothing", DataCheck.PORT,
                        probe(DataMethod.PORT, Outcome.SERVER_DID_NOT_CONNECT, "198.18.0.20:41001", "198.18.0.20:41001",
                                null, "x"), "198.18.0.10",
                        List.of("the server did not connect within 4s"), List.of("(no connection within 4s)"),
                        List.of(), List.of("--mode passive")),
                Arguments.of("PORT refused (504): a client behind NAT", DataCheck.PORT,
                        probe(DataMethod.PORT, Outcome.REFUSED, "10.77.1.10:42000", "10.77.1.10:42000",
                                reply(504, "PORT refused: 10.77.1.10 is not your address 198.18.0.2 (RFC 2577)"), "x"),
                        "198.18.0.10", List.of("listening on 10.77.1.10:42000: refused: 504 PORT refused"),
                        List.of("The server refused PORT (504 PORT refused", "you are behind NAT or the server forbids "
                                + "foreign addresses", "you announced 10.77.1.10, a private address"),
                        List.of("--active-address"), List.of("use passive mode (--mode passive)")),
                Arguments.of("EPRT refused (500) from a public address: no NAT to blame for sure", DataCheck.EPRT,
                        probe(DataMethod.EPRT, Outcome.REFUSED, "198.18.0.30:42001", "198.18.0.30:42001",
                                reply(500, "Illegal EPRT command."), "x"), "198.18.0.10",
                        List.of("refused: 500 Illegal EPRT command."),
                        List.of("you are behind NAT or the server forbids foreign addresses"), List.of(),
                        List.of("--mode passive")),
                Arguments.of("active mode off (502)", DataCheck.EPRT,
                        probe(DataMethod.EPRT, Outcome.REFUSED, "127.0.0.1:42002", "127.0.0.1:42002",
                                reply(502, "Active mode is disabled on this server; use PASV or EPSV"), "x"), "127.0.0.1",
                        List.of("refused: 502 Active mode is disabled"), List.of("it does not offer active mode"),
                        List.of("turn active mode on"), List.of("--mode passive")),
                Arguments.of("EPSV unknown to an old server", DataCheck.EPSV,
                        probe(DataMethod.EPSV, Outcome.REFUSED, null, null, reply(500, "Unknown command."), "x"),
                        "192.0.2.1", List.of("EPSV: refused: 500 Unknown command."),
                        List.of("The server refused EPSV (500 Unknown command.): it does not offer it (RFC 2428)"),
                        List.of(), List.of("falls back to PASV")),
                Arguments.of("passive mode off", DataCheck.PASV_ANNOUNCED,
                        probe(DataMethod.PASV, Outcome.REFUSED, null, null, reply(502, "Passive mode is disabled"), "x"),
                        "127.0.0.1", List.of("PASV: refused: 502"), List.of("passive mode is off there"),
                        List.of("turn passive mode on"), List.of("--mode active")),
                Arguments.of("the listing refused, not the data connection", DataCheck.EPSV,
                        probe(DataMethod.EPSV, Outcome.LISTING_REFUSED, "127.0.0.1:50016", "127.0.0.1:50016",
                                reply(550, "No such directory"), "x"), "127.0.0.1",
                        List.of("229 port 50016: refused: 550 No such directory"),
                        List.of("The server refused the listing (550 No such directory), so EPSV's data connection was "
                                + "not put to the test"), List.of("check the folder in the URL"), List.of()),
                Arguments.of("TLS refused on the data connection", DataCheck.EPSV,
                        probe(DataMethod.EPSV, Outcome.FAILED, "127.0.0.1:50017", "127.0.0.1:50017", null,
                                "the TLS handshake on a data connection with h failed; the server answered 522 SSL "
                                + "connection failed: session reuse required"), "127.0.0.1",
                        List.of("session reuse required"), List.of("TLS on the data connection failed"),
                        List.of("resume the control connection's TLS session"), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void eachFailureHasItsCauseAndFix(String name, DataCheck check, DataProbe probe, String server, List<String> seen,
                                      List<String> cause, List<String> fix, List<String> workaround) {
        Step step = DataFindings.step(check, probe, address(server), Duration.ofMillis(12), TIMEOUT);
        assertEquals(Step.Verdict.FAIL, step.verdict());
        assertEquals(check.id(), step.id());
        assertContainsAll(step.seen(), seen);
        assertContainsAll(step.cause().orElseThrow(), cause);
        assertContainsAll(step.fix().orElse(""), fix);
        assertContainsAll(step.workaround().orElse(""), workaround);
    }

    private static void assertContainsAll(String text, List<String> parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), "expected '" + part + "' in: " + text);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workingProbes")
    void aWorkingProbeSaysWhereItWentAndHowMuchItListed(DataCheck check, DataProbe probe, String seen) {
        Step step = DataFindings.step(check, probe, address("198.18.0.3"), Duration.ofMillis(5), TIMEOUT);
        assertEquals(Step.Verdict.OK, step.verdict());
        assertEquals(seen, step.seen());
        assertEquals(Optional.empty(), step.cause());
        assertEquals(Optional.of(probe), step.probe());
    }

    static Stream<Arguments> workingProbes() {
        return Stream.of(
                Arguments.of(DataCheck.EPSV, probe(DataMethod.EPSV, Outcome.OK, "198.18.0.3:50012", "198.18.0.3:50012",
                        reply(226, "Done"), "3 lines listed"), "229 port 50012: 3 lines listed"),
                Arguments.of(DataCheck.PASV_FIXED, probe(DataMethod.PASV, Outcome.OK, "10.77.2.10:50013",
                        "198.18.0.3:50013", reply(226, "Done"), "3 lines listed"),
                        "227 10.77.2.10:50013, connected to 198.18.0.3:50013: 3 lines listed"),
                Arguments.of(DataCheck.PORT, probe(DataMethod.PORT, Outcome.OK, "198.18.0.30:41000",
                        "198.18.0.30:41000", reply(226, "Done"), "3 lines listed"),
                        "listening on 198.18.0.30:41000: 3 lines listed"),
                Arguments.of(DataCheck.EPRT, probe(DataMethod.EPRT, Outcome.OK, "203.0.113.9:41000",
                        "10.0.0.2:41000", reply(226, "Done"), "3 lines listed"),
                        "listening on 10.0.0.2:41000, announced 203.0.113.9:41000: 3 lines listed"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("recommendations")
    void theRecommendationIsTheFirstModeThatWorkedInAutoOrder(List<DataCheck> working, String flags, int exit) {
        List<Step> steps = Stream.of(DataCheck.values()).map(c -> working.contains(c)
                ? Step.ok(c.id(), c.label(), Duration.ZERO, "ok")
                : Step.fail(c.id(), c.label(), Duration.ZERO, "no", new Step.Advice("cause " + c.id(), "fix " + c.id(),
                        null)).with(probe(c.method(), Outcome.TIMED_OUT, "192.0.2.1:1", "192.0.2.1:1", null, "t")))
                .toList();
        Recommendation recommendation = Recommendation.of(steps);
        assertEquals(flags, recommendation.flags());
        assertEquals(exit, recommendation.exitCode().code());
        if (working.isEmpty()) {
            assertEquals("No data connection works from here. Fix one of these: fix epsv; fix eprt.",
                    recommendation.text());
        }
    }

    static Stream<Arguments> recommendations() {
        return Stream.of(
                Arguments.of(List.of(DataCheck.values()), "--mode passive", 0),
                Arguments.of(List.of(DataCheck.EPSV, DataCheck.EPRT), "--mode passive", 0),
                Arguments.of(List.of(DataCheck.PASV_FIXED, DataCheck.PORT), "--mode passive", 0),
                Arguments.of(List.of(DataCheck.EPRT, DataCheck.PORT), "--mode active", 0),
                Arguments.of(List.of(DataCheck.PASV_ANNOUNCED, DataCheck.PORT), "--mode active", 0),
                Arguments.of(List.of(DataCheck.PASV_ANNOUNCED), "--mode passive --trust-pasv-address", 0),
                Arguments.of(List.of(), "", 6));
    }
}
