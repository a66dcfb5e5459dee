package dev.ferry.server;

import static dev.ferry.server.RawFtp.FOREIGN;
import static dev.ferry.server.RawFtp.LOOPBACK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.config.PortRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Bounded everything: sessions, per-address sessions, idle time, passive ports; and a graceful shutdown. */
class LimitsIT {

    // --- sessions ---

    @Test
    void sessionsBeyondMaxSessionsGet421() {
        try (TestServer server = TestServer.start(b -> b.maxSessions(2))) {
            try (RawFtp first = RawFtp.connect(server.port());
                 RawFtp second = RawFtp.connect(FOREIGN, server.port())) { // the limit is global
                first.expect(220, first.greeting());
                second.expect(220, second.greeting());
                try (RawFtp third = RawFtp.connect(FOREIGN, server.port())) {
                    RawFtp.Reply refusal = third.expect(421, third.greeting());
                    assertTrue(refusal.text().contains("(2)"), refusal::toString);
                    third.assertClosedByServer();
                }
                first.expect(221, first.send("QUIT"));
                first.assertClosedByServer();
                try (RawFtp fourth = eventuallyAdmitted(() -> RawFtp.connect(server.port()))) {
                    fourth.expect(331, fourth.send("USER " + TestServer.USER));
                    fourth.expect(230, fourth.send("PASS " + TestServer.PASSWORD));
                }
                second.expect(200, second.send("NOOP"));
            }
        }
    }

    @Test
    void sessionsBeyondMaxSessionsPerAddressGet421() {
        try (TestServer server = TestServer.start(b -> b.maxSessionsPerAddress(1))) {
            try (RawFtp first = RawFtp.connect(server.port())) {
                first.expect(220, first.greeting());
                try (RawFtp second = RawFtp.connect(server.port())) {
                    RawFtp.Reply refusal = second.expect(421, second.greeting());
                    assertTrue(refusal.text().contains("your address"), refusal::toString);
                    second.assertClosedByServer();
                }
                try (RawFtp otherHost = RawFtp.connect(FOREIGN, server.port())) {
                    otherHost.expect(220, otherHost.greeting());
                }
                first.expect(221, first.send("QUIT"));
                first.assertClosedByServer();
                try (RawFtp again = eventuallyAdmitted(() -> RawFtp.connect(server.port()))) {
                    again.expect(200, again.send("NOOP"));
                }
            }
        }
    }

    /**
     * A session that ended frees its place a moment after its connection closed; retries until the server
     * admits the connection, so a place that is never freed fails the test.
     */
    private static RawFtp eventuallyAdmitted(Supplier<RawFtp> connect) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            RawFtp ftp = connect.get();
            if (ftp.greeting().code() == 220 || System.nanoTime() > deadline) {
                ftp.expect(220, ftp.greeting());
                return ftp;
            }
            ftp.close();
        }
    }

    // --- idle timeout ---

    @Test
    void idleSessionGets421AndIsClosed() {
        try (TestServer server = TestServer.start(b -> b.idleTimeout(Duration.ofMillis(500)));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(421, ftp.read()); // sent unasked, after the idle timeout
            ftp.assertClosedByServer();
        }
    }

    @Test
    void idleTimeoutCountsFromTheLastCommand() throws InterruptedException {
        try (TestServer server = TestServer.start(b -> b.idleTimeout(Duration.ofMillis(500)));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            for (int i = 0; i < 6; i++) { // 1.2 s in all, never 500 ms without a command
                Thread.sleep(200);
                ftp.expect(200, ftp.send("NOOP"));
            }
        }
    }

    @Test
    void transferLongerThanTheIdleTimeoutIsNotCut() throws IOException, InterruptedException {
        try (TestServer server = TestServer.start(b -> b.idleTimeout(Duration.ofMillis(500)));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(200, ftp.send("TYPE I"));
            int port = ftp.pasvPort();
            byte[] chunk = new byte[1000];
            try (Socket data = RawFtp.socketFrom(LOOPBACK, LOOPBACK, port)) {
                ftp.expect(150, ftp.send("STOR slow.bin"));
                OutputStream out = data.getOutputStream();
                for (int i = 0; i < 6; i++) { // 1.2 s of upload, the control connection silent
                    out.write(chunk);
                    out.flush();
                    Thread.sleep(200);
                }
            }
            ftp.expect(226, ftp.read());
            ftp.expect(200, ftp.send("NOOP"));
            assertEquals(6000, Files.size(server.root().resolve("slow.bin")));
        }
    }

    @Test
    void clientTricklingALineWithoutEndGetsTheIdleTimeout() throws IOException, InterruptedException {
        try (TestServer server = TestServer.start(b -> b.idleTimeout(Duration.ofMillis(800)));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            OutputStream out = ftp.socket().getOutputStream();
            InputStream in = ftp.socket().getInputStream();
            // A byte every 200 ms, never a line end: bytes arrive far more often than the idle timeout, yet
            // no command ever completes. Bounded at 20 s, well past the timeout.
            for (int i = 0; i < 100 && in.available() == 0; i++) {
                try {
                    out.write('N');
                    out.flush();
                } catch (IOException closed) {
                    break;
                }
                Thread.sleep(200);
            }
            RawFtp.Reply reply = ftp.expect(421, ftp.read());
            assertTrue(reply.text().contains("Idle timeout"), reply::toString);
            ftp.assertClosedByServer();
        }
    }

    @Test
    void linesTooLongToReadDoNotCountAsCommands() throws InterruptedException {
        try (TestServer server = TestServer.start(b -> b.idleTimeout(Duration.ofMillis(800)));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            String tooLong = "NOOP " + "x".repeat(9000); // above the 8192-byte cap: 500, and no reset of the clock
            RawFtp.Reply reply;
            int answered = 0;
            do {
                Thread.sleep(200);
                reply = ftp.send(tooLong);
                answered++;
            } while (reply.code() == 500 && answered < 100);
            ftp.expect(421, reply);
            ftp.assertClosedByServer();
        }
    }

    @Test
    void connectionNotLoggedInGets421AfterLoginTimeoutEvenWhenBusy() throws InterruptedException {
        try (TestServer server = TestServer.start(b -> b.loginTimeout(Duration.ofMillis(800)));
             RawFtp ftp = RawFtp.connect(server.port())) {
            ftp.expect(220, ftp.greeting());
            RawFtp.Reply reply;
            int sent = 0;
            do { // NOOP keeps the idle clock at zero; the login clock runs on
                Thread.sleep(100);
                reply = ftp.send("NOOP");
                sent++;
            } while (reply.code() == 200 && sent < 200);
            ftp.expect(421, reply);
            assertTrue(reply.text().contains("Login timeout (800ms)"), reply::toString);
            ftp.assertClosedByServer();
        }
    }

    @Test
    void loginTimeoutSparesALoggedInSession() throws InterruptedException {
        try (TestServer server = TestServer.start(b -> b.loginTimeout(Duration.ofMillis(300)));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            Thread.sleep(600);
            ftp.expect(200, ftp.send("NOOP"));
        }
    }

    @Test
    void dataConnectionTricklingBelowMinDataRateGets426() throws IOException, InterruptedException {
        try (TestServer server = TestServer.start(b -> b.stallTimeout(Duration.ofSeconds(1)).minDataRate(1024));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(200, ftp.send("TYPE I"));
            int port = ftp.pasvPort();
            try (Socket data = RawFtp.socketFrom(LOOPBACK, LOOPBACK, port)) {
                ftp.expect(150, ftp.send("STOR trickle.bin"));
                OutputStream out = data.getOutputStream();
                InputStream control = ftp.socket().getInputStream();
                // A byte every 200 ms never stalls for the 1 s stall-timeout, but is far below 1K/s.
                for (int i = 0; i < 100 && control.available() == 0; i++) {
                    try {
                        out.write(1);
                        out.flush();
                    } catch (IOException closed) {
                        break;
                    }
                    Thread.sleep(200);
                }
            }
            RawFtp.Reply reply = ftp.expect(426, ftp.read());
            assertTrue(reply.text().contains("min-data-rate"), reply::toString);
            ftp.expect(200, ftp.send("NOOP"));
        }
    }

    // --- passive ports ---

    @Test
    void aThousandPasvCommandsLeaseOnePort() {
        try (TestServer server = TestServer.start();
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            int most = 0;
            for (int i = 0; i < 1000; i++) {
                ftp.pasvPort();
                most = Math.max(most, server.server().leasedPassivePorts());
            }
            assertEquals(1, most);
            ftp.expect(229, ftp.send("EPSV"));
            assertEquals(1, server.server().leasedPassivePorts());
        }
    }

    @Test
    void exhaustedPassiveRangeGets425NamingItAndPortsComeBack() {
        int first = twoFreePorts();
        PortRange range = new PortRange(first, first + 1);
        try (TestServer server = TestServer.start(b -> b.passivePorts(range))) {
            try (RawFtp a = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD);
                 RawFtp b = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD);
                 RawFtp c = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
                int portA = a.pasvPort();
                int portB = b.pasvPort();
                assertTrue(portA != portB && inRange(portA, range) && inRange(portB, range), portA + ", " + portB);
                assertEquals(2, server.server().leasedPassivePorts());

                RawFtp.Reply refusal = c.expect(425, c.send("PASV"));
                assertTrue(refusal.text().contains(first + "-" + (first + 1)), refusal::toString);
                c.expect(425, c.send("EPSV"));

                a.expect(221, a.send("QUIT"));
                b.close(); // gone without QUIT: its port comes back as well
                a.assertClosedByServer();
                awaitSessions(server, 1);
                assertEquals(0, server.server().leasedPassivePorts());
                assertTrue(inRange(c.pasvPort(), range));
                assertTrue(inRange(c.pasvPort(), range)); // a second PASV replaces the first
                assertEquals(1, server.server().leasedPassivePorts());
                RawFtp.Transfer list = c.download("LIST");
                c.expect(226, list.last());
                assertEquals(0, server.server().leasedPassivePorts());
            }
        }
    }

    @Test
    void passivePortHeldByAnotherProgramIsSkippedAndPasvMayRepeat() throws IOException {
        // One usable port: a session that sends PASV again must get the port it gives up.
        int first = twoFreePorts();
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(LOOPBACK, first));
            try (TestServer server = TestServer.start(b -> b.passivePorts(new PortRange(first, first + 1)));
                 RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
                for (int i = 0; i < 3; i++) {
                    assertEquals(first + 1, ftp.pasvPort());
                }
                RawFtp.Reply epsv = ftp.expect(229, ftp.send("EPSV"));
                assertTrue(epsv.text().contains("|||" + (first + 1) + "|"), epsv::toString);
                RawFtp.Transfer list = ftp.download("LIST");
                ftp.expect(226, list.last());
            }
        }
    }

    private static boolean inRange(int port, PortRange range) {
        return port >= range.min() && port <= range.max();
    }

    /** The first of two consecutive ports that nothing listens on now. */
    private static int twoFreePorts() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket a = new ServerSocket()) {
                a.bind(new InetSocketAddress(LOOPBACK, 0));
                int port = a.getLocalPort();
                if (port >= 65535) {
                    continue;
                }
                try (ServerSocket b = new ServerSocket()) {
                    b.bind(new InetSocketAddress(LOOPBACK, port + 1));
                    return port;
                } catch (IOException taken) {
                    // try another pair
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no two consecutive free ports found");
    }

    private static void awaitSessions(TestServer server, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.server().sessionCount() != count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertEquals(count, server.server().sessionCount());
    }

    // --- shutdown ---

    @Test
    void shutdownSends421ToIdleSessionsAndRefusesNewOnes() {
        try (TestServer server = TestServer.start();
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD);
             RawFtp notLoggedIn = RawFtp.connect(server.port())) {
            notLoggedIn.expect(220, notLoggedIn.greeting());
            server.server().close();
            ftp.expect(421, ftp.read());
            ftp.assertClosedByServer();
            notLoggedIn.expect(421, notLoggedIn.read());
            notLoggedIn.assertClosedByServer();
            assertEquals(0, server.server().sessionCount());
            assertThrows(ConnectException.class, () -> new Socket(LOOPBACK, server.port()).close());
        }
    }

    @Test
    void shutdownLetsARunningTransferFinish() throws IOException, InterruptedException {
        byte[] content = DataConnectionIT.randomBytes(3000, 6);
        try (TestServer server = TestServer.start();
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(200, ftp.send("TYPE I"));
            int port = ftp.pasvPort();
            Thread closer;
            try (Socket data = RawFtp.socketFrom(LOOPBACK, LOOPBACK, port)) {
                ftp.expect(150, ftp.send("STOR upload.bin"));
                closer = Thread.ofPlatform().start(() -> server.server().close());
                Thread.sleep(300); // the shutdown has begun: the transfer goes on within the grace
                data.getOutputStream().write(content);
            }
            ftp.expect(226, ftp.read());
            ftp.expect(421, ftp.read());
            ftp.assertClosedByServer();
            closer.join();
            assertArrayEquals(content, Files.readAllBytes(server.root().resolve("upload.bin")));
        }
    }
}
