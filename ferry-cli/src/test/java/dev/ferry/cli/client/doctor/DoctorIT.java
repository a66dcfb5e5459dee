package dev.ferry.cli.client.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.cli.client.Ferry;
import dev.ferry.server.FileTrees;
import dev.ferry.server.TestServer;
import dev.ferry.server.config.Cidr;
import dev.ferry.server.config.ServerConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code ferry doctor} against a real Ferry server on loopback, set up to fail in one way at a time. */
class DoctorIT {

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close(); // checks that no session or passive port was left behind
        }
    }

    private String start(Consumer<ServerConfig.Builder> config) {
        server = TestServer.start(config);
        FileTrees.write(server.root().resolve("pub/a.txt"), "a".getBytes());
        return "ftp://" + TestServer.USER + ":" + TestServer.PASSWORD + "@127.0.0.1:" + server.port() + "/pub/";
    }

    private static Ferry.Result doctor(String... args) {
        return Ferry.run(args);
    }

    /** The JSON line of one step. */
    private static String step(Ferry.Result r, String id) {
        return r.out().lines().filter(l -> l.contains("{\"id\": \"" + id + "\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + id + " in:\n" + r.out()));
    }

    private static void assertVerdict(Ferry.Result r, String id, String verdict) {
        assertTrue(step(r, id).contains("\"verdict\": \"" + verdict + "\""), step(r, id));
    }

    @Test
    void aServerWithoutPassiveModeGetsActiveRecommended() {
        String url = start(b -> b.passiveMode(false));
        Ferry.Result r = doctor("doctor", "--json", url);
        assertEquals(0, r.exit(), r.toString());
        for (String id : List.of("resolve", "connect", "greeting", "login", "feat", "eprt", "port")) {
            assertVerdict(r, id, "ok");
        }
        assertVerdict(r, "epsv", "fail");
        assertVerdict(r, "pasv-announced", "fail");
        assertVerdict(r, "pasv-fixed", "skipped");
        assertTrue(step(r, "pasv-announced").contains("passive mode is off there"), step(r, "pasv-announced"));
        assertTrue(r.out().contains("\"recommendation\": {\"mode\": \"active\", \"flags\": \"--mode active\""), r.out());
        assertTrue(r.out().contains("\"exit\": 0"), r.out());
    }

    @Test
    void aServerWithoutActiveModeGetsPassiveRecommendedInText() {
        String url = start(b -> b.activeMode(false));
        Ferry.Result r = doctor("doctor", url);
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("ok {4}EPSV +\\d+ ms {2}229 port \\d+: 1 line listed")),
                r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("FAIL  EPRT ")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("FAIL  PORT ")), r.out());
        assertTrue(r.out().contains("cause  The server refused EPRT (502 Active mode is disabled on this server"),
                r.out());
        assertEquals("Use passive mode: --mode passive (auto, the default, starts with it).", lines.getLast());
        assertTrue(lines.stream().allMatch(l -> l.length() <= ReportText.WIDTH), r.out());
        assertFalse(r.out().contains(TestServer.PASSWORD), "the password is never shown");
    }

    @Test
    void aServerAnnouncingAnotherAddressIsExplainedAndWorkedAround() {
        // 127.0.0.2 stands for the private address of a server behind NAT; nothing listens there. Loopback is
        // in the default local networks, which would get the address they reached: so a network of no one.
        String url = start(b -> b.passiveAddress("127.0.0.2").localNetworks(List.of(Cidr.parse("10.0.0.0/8"))));
        Ferry.Result r = doctor("doctor", "--json", url);
        assertEquals(0, r.exit(), r.toString());
        String announced = step(r, "pasv-announced");
        assertTrue(announced.contains("\"verdict\": \"fail\""), announced);
        assertTrue(announced.contains("\"outcome\": \"CONNECTION_REFUSED\""), announced);
        assertTrue(announced.contains("The server announced 127.0.0.2, a loopback address, in its 227 reply, but you "
                + "reached it at 127.0.0.1: it is behind NAT and should announce its external address"), announced);
        assertTrue(announced.contains("--passive-address 127.0.0.1"), announced);
        assertTrue(announced.contains("Ferry's client: it works around this"), announced);
        String fixed = step(r, "pasv-fixed");
        assertTrue(fixed.contains("\"verdict\": \"ok\"") && fixed.contains("\"target\": \"127.0.0.1:"), fixed);
        assertVerdict(r, "epsv", "ok");
        assertTrue(r.out().contains("\"flags\": \"--mode passive\""), r.out());
    }

    @Test
    void aWrongPasswordStopsAtTheLoginWithExit4() {
        start(b -> { });
        Ferry.Result r = doctor("doctor", "--json", "ftp://" + TestServer.USER + ":wrong@127.0.0.1:" + server.port() + "/");
        assertEquals(4, r.exit(), r.toString());
        assertVerdict(r, "connect", "ok");
        assertVerdict(r, "login", "fail");
        assertTrue(step(r, "login").contains("check the user name and password"), step(r, "login"));
        assertVerdict(r, "feat", "skipped");
        assertVerdict(r, "epsv", "skipped");
        assertTrue(r.out().contains("\"exit\": 4"), r.out());
        assertFalse(r.out().contains("wrong"), "the password is never shown");
    }

    @Test
    void aClosedPortStopsAtTheControlConnectionWithExit3() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Ferry.Result r = doctor("doctor", "ftp://127.0.0.1:" + port + "/");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("FAIL  control connection ")), r.out());
        assertTrue(r.out().contains("is an FTP server running there, on that port?"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("skip  login")), r.out());
        assertTrue(r.out().contains("Fix the control connection first"), r.out());
    }

    @Test
    void theDiagramShowsTheWholeExchangeWithThePasswordMasked() {
        String url = start(b -> b.passiveMode(false));
        Ferry.Result r = doctor("doctor", "--diagram", url);
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("sequenceDiagram", lines.getFirst());
        assertTrue(lines.get(1).matches(" {4}participant CC as Client control( :\\d+)+"), lines.get(1));
        assertEquals("    participant SC as Server control :" + server.port(), lines.get(2));
        assertTrue(lines.contains("    CC->>SC: PASS ****"), r.out());
        assertTrue(lines.contains("    SC-->>CC: 502 Passive mode is disabled on this server; use PORT or EPRT"
                .replace(";", "#59;")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("    SD->>CD: connect 127.0.0.1:")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("    Note over CC,SC: EPSV failed: ")), r.out());
        assertFalse(r.out().contains(TestServer.PASSWORD), "the password is never shown");
        assertTrue(r.err().contains("Use active mode"), "the report goes to stderr: " + r.err());
    }

    @Test
    void jsonAndDiagramTogetherAreAUsageError() {
        Ferry.Result r = doctor("doctor", "--json", "--diagram", "ftp://127.0.0.1/");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("give one"), r.err());
    }

    @Test
    void theHelpShowsTheDoctorsShortTimeouts() {
        Ferry.Result r = doctor("doctor", "--help");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Give up connecting after this long (default: 4s)"), r.out());
        assertTrue(r.out().contains("--json") && r.out().contains("--diagram"), r.out());
    }
}
