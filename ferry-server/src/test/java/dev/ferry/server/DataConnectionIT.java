package dev.ferry.server;

import static dev.ferry.server.RawFtp.LOOPBACK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.config.Cidr;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * How data connections open and end: active mode from the data port, the address a 227 announces, modes
 * switched off, EPSV ALL, and the data and stall timeouts.
 */
class DataConnectionIT {

    private static final Pattern EPSV = Pattern.compile("\\(\\|\\|\\|(\\d{1,5})\\|\\)");

    // --- active mode from the data port ---

    /** One active download as the client saw it: the source port of the data connection, and the bytes. */
    private record ActiveDownload(int remotePort, byte[] data) {
    }

    @Test
    void activeConnectionsComeFromTheDataPortConcurrently() throws Exception {
        int dataPort = freePort();
        byte[] content = randomBytes(4 << 20, 1);
        int sessions = 4;
        try (TestServer server = TestServer.start(b -> b.dataPort(dataPort))) {
            Files.write(server.root().resolve("big.bin"), content);
            CyclicBarrier allOpen = new CyclicBarrier(sessions);
            List<Future<ActiveDownload>> downloads = new ArrayList<>();
            // Platform threads: clients must not share carrier threads with the server's virtual threads.
            try (ExecutorService clients = Executors.newFixedThreadPool(sessions)) {
                for (int i = 0; i < sessions; i++) {
                    downloads.add(clients.submit(() -> activeDownload(server, "big.bin", allOpen)));
                }
            }
            for (Future<ActiveDownload> download : downloads) {
                ActiveDownload d = download.get(0, TimeUnit.SECONDS);
                assertEquals(dataPort, d.remotePort(), "source port of an active data connection");
                assertArrayEquals(content, d.data());
            }
        }
    }

    @Test
    void activeModeFallsBackToAnEphemeralPortWhenTheDataPortIsTaken() throws Exception {
        byte[] content = randomBytes(100_000, 2);
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(LOOPBACK, 0));
            int dataPort = squatter.getLocalPort();
            try (TestServer server = TestServer.start(b -> b.dataPort(dataPort))) {
                Files.write(server.root().resolve("a.bin"), content);
                for (int i = 0; i < 2; i++) {
                    ActiveDownload d = activeDownload(server, "a.bin", null);
                    assertNotEquals(dataPort, d.remotePort());
                    assertArrayEquals(content, d.data());
                }
            }
        }
    }

    private static ActiveDownload activeDownload(TestServer server, String file, CyclicBarrier allOpen)
            throws Exception {
        try (RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD);
             ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(LOOPBACK, 0));
            listener.setSoTimeout(RawFtp.TIMEOUT_MILLIS);
            int p = listener.getLocalPort();
            ftp.expect(200, ftp.send("TYPE I"));
            ftp.expect(200, ftp.send("PORT 127,0,0,1," + (p >> 8) + "," + (p & 0xFF)));
            ftp.write("RETR " + file);
            try (Socket data = listener.accept()) {
                ftp.expect(150, ftp.read());
                if (allOpen != null) {
                    allOpen.await(RawFtp.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS); // all data connections open at once
                }
                byte[] bytes = data.getInputStream().readAllBytes();
                ftp.expect(226, ftp.read());
                ftp.expect(221, ftp.send("QUIT"));
                return new ActiveDownload(data.getPort(), bytes);
            }
        }
    }

    // --- the announced passive address ---

    @Test
    void announcesThePassiveAddressToClientsOutsideTheLocalNetworks() {
        try (TestServer server = TestServer.start(b -> b.passiveAddress("127.0.0.9")
                .localNetworks(List.of(Cidr.parse("10.0.0.0/8"))));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            RawFtp.Reply reply = ftp.expect(227, ftp.send("PASV"));
            assertTrue(reply.text().contains("(127,0,0,9,"), reply::toString);
        }
    }

    @Test
    void announcesTheLocalAddressToClientsInsideTheLocalNetworks() {
        // Default local networks include loopback, so 127.0.0.1 gets the address it reached.
        try (TestServer server = TestServer.start(b -> b.passiveAddress("127.0.0.9"));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            RawFtp.Reply reply = ftp.expect(227, ftp.send("PASV"));
            assertTrue(reply.text().contains("(127,0,0,1,"), reply::toString);
            RawFtp.Transfer list = ftp.download("LIST"); // and the announced address works
            ftp.expect(226, list.last());
        }
    }

    @Test
    void neverAnnouncesTheWildcardAddress() {
        try (TestServer server = TestServer.start(b -> b.passiveAddress("0.0.0.0")
                .localNetworks(List.of(Cidr.parse("10.0.0.0/8"))));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            RawFtp.Reply reply = ftp.expect(227, ftp.send("PASV"));
            assertTrue(reply.text().contains("(127,0,0,1,"), reply::toString);
            assertFalse(reply.text().contains("0,0,0,0"), reply::toString);
        }
    }

    @Test
    void epsvAnnouncesOnlyAPort() throws IOException {
        try (TestServer server = TestServer.start(b -> b.passiveAddress("127.0.0.9")
                .localNetworks(List.of(Cidr.parse("10.0.0.0/8"))));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            Files.writeString(server.root().resolve("a.txt"), "a\n");
            RawFtp.Reply reply = ftp.expect(229, ftp.send("EPSV"));
            Matcher m = EPSV.matcher(reply.text());
            assertTrue(m.find(), reply::toString);
            try (Socket data = RawFtp.socketFrom(LOOPBACK, LOOPBACK, Integer.parseInt(m.group(1)))) {
                ftp.expect(150, ftp.send("NLST"));
                assertEquals("a.txt\r\n", new String(data.getInputStream().readAllBytes()));
            }
            ftp.expect(226, ftp.read());
        }
    }

    // --- modes switched off, EPSV ALL ---

    @Test
    void passiveModeOffRefusesPasvAndEpsv() {
        try (TestServer server = TestServer.start(b -> b.passiveMode(false));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(502, ftp.send("PASV"));
            ftp.expect(502, ftp.send("EPSV"));
            ftp.expect(502, ftp.send("EPSV ALL"));
            ftp.expect(200, ftp.send("PORT 127,0,0,1,4,0"));
            assertEquals(0, server.server().leasedPassivePorts());
        }
    }

    @Test
    void activeModeOffRefusesPortAndEprt() {
        try (TestServer server = TestServer.start(b -> b.activeMode(false));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(502, ftp.send("PORT 127,0,0,1,4,0"));
            ftp.expect(502, ftp.send("EPRT |1|127.0.0.1|1024|"));
            RawFtp.Transfer list = ftp.download("LIST");
            ftp.expect(226, list.last());
        }
    }

    @Test
    void afterEpsvAllOnlyEpsvIsAllowed() {
        try (TestServer server = TestServer.start();
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(200, ftp.send("EPSV ALL"));
            ftp.expect(503, ftp.send("PASV"));
            ftp.expect(503, ftp.send("PORT 127,0,0,1,4,0"));
            ftp.expect(503, ftp.send("EPRT |1|127.0.0.1|1024|"));
            assertEquals(0, server.server().leasedPassivePorts());
            ftp.expect(229, ftp.send("EPSV"));
        }
    }

    // --- timeouts ---

    @Test
    void passiveDataConnectionThatNeverComesTimesOut() throws IOException {
        try (TestServer server = TestServer.start(b -> b.dataTimeout(Duration.ofSeconds(1)))) {
            Files.writeString(server.root().resolve("a.txt"), "a\n");
            try (RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
                int port = ftp.pasvPort();
                RawFtp.Reply reply = ftp.expect(425, ftp.send("RETR a.txt"));
                assertTrue(reply.text().contains(port + " within 1s"), reply::toString);
                assertEquals(0, server.server().leasedPassivePorts(), "the timed-out port is still leased");
                ftp.expect(200, ftp.send("NOOP"));
                RawFtp.Transfer retr = ftp.download("RETR a.txt");
                ftp.expect(226, retr.last());
                assertEquals("a\r\n", retr.dataText());
            }
        }
    }

    @Test
    void downloadTheClientNeverReadsIsAborted() throws IOException {
        try (TestServer server = TestServer.start(b -> b.stallTimeout(Duration.ofSeconds(1)))) {
            // Far more than the socket buffers of both ends hold, so the server blocks.
            Files.write(server.root().resolve("big.bin"), randomBytes(32 << 20, 3));
            try (RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
                ftp.expect(200, ftp.send("TYPE I"));
                int port = ftp.pasvPort();
                try (Socket data = new Socket()) {
                    data.setReceiveBufferSize(32 << 10);
                    data.connect(new InetSocketAddress(LOOPBACK, port));
                    ftp.expect(150, ftp.send("RETR big.bin"));
                    RawFtp.Reply reply = ftp.expect(426, ftp.read());
                    assertTrue(reply.text().contains("no data moved for 1s"), reply::toString);
                }
                ftp.expect(200, ftp.send("NOOP"));
                ftp.expect(213, ftp.send("SIZE big.bin"));
            }
        }
    }

    @Test
    void uploadThatSendsNothingIsAborted() throws IOException {
        try (TestServer server = TestServer.start(b -> b.stallTimeout(Duration.ofSeconds(1)));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(200, ftp.send("TYPE I"));
            int port = ftp.pasvPort();
            try (Socket data = RawFtp.socketFrom(LOOPBACK, LOOPBACK, port)) {
                ftp.expect(150, ftp.send("STOR silent.bin"));
                RawFtp.Reply reply = ftp.expect(426, ftp.read());
                assertTrue(reply.text().contains("no data moved for 1s"), reply::toString);
                RawFtp.assertSocketClosed(data);
            }
            ftp.expect(200, ftp.send("NOOP"));
            RawFtp.Transfer retry = ftp.upload("STOR silent.bin", new byte[] {1, 2, 3});
            ftp.expect(226, retry.last());
            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(server.root().resolve("silent.bin")));
        }
    }

    @Test
    void stalledDownloadsDoNotFreezeOtherSessions() throws IOException {
        // More stalled downloads than the virtual-thread scheduler has carrier threads (one per processor):
        // a transfer that blocks its carrier would leave no thread for any other session, nor for the
        // stall watchdog.
        int stalled = Math.min(Runtime.getRuntime().availableProcessors(), 16) + 1;
        try (TestServer server = TestServer.start(b -> b.stallTimeout(Duration.ofSeconds(2)))) {
            Files.write(server.root().resolve("big.bin"), randomBytes(32 << 20, 5));
            List<RawFtp> sessions = new ArrayList<>();
            List<Socket> dataConnections = new ArrayList<>();
            try (RawFtp other = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
                // Logins first, so that all downloads stall within moments of each other.
                for (int i = 0; i < stalled; i++) {
                    RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD);
                    sessions.add(ftp);
                    ftp.expect(200, ftp.send("TYPE I"));
                    int port = ftp.pasvPort();
                    Socket data = new Socket();
                    dataConnections.add(data);
                    data.setReceiveBufferSize(32 << 10);
                    data.connect(new InetSocketAddress(LOOPBACK, port));
                }
                for (RawFtp ftp : sessions) {
                    ftp.expect(150, ftp.send("RETR big.bin")); // and never read
                }
                other.expect(200, other.send("NOOP"));
                try (RawFtp newcomer = RawFtp.connect(server.port())) {
                    newcomer.expect(220, newcomer.greeting());
                }
                for (RawFtp ftp : sessions) {
                    assertEquals(0, ftp.socket().getInputStream().available(),
                            "a stalled download ended before the other sessions were served");
                }
                for (RawFtp ftp : sessions) {
                    ftp.expect(426, ftp.read());
                    ftp.expect(200, ftp.send("NOOP"));
                }
            } finally {
                sessions.forEach(RawFtp::close);
                for (Socket data : dataConnections) {
                    data.close();
                }
            }
        }
    }

    @Test
    void slowButSteadyDownloadIsNotAborted() throws IOException, InterruptedException {
        // 4 MB/s never stops moving, so a stall timeout of 500 ms must not fire, however the server sends:
        // the file is larger than one sendfile call of the server and than both sockets' buffers.
        byte[] content = randomBytes(9 << 20, 4);
        try (TestServer server = TestServer.start(b -> b.stallTimeout(Duration.ofMillis(500)))) {
            Files.write(server.root().resolve("big.bin"), content);
            try (RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
                ftp.expect(200, ftp.send("TYPE I"));
                int port = ftp.pasvPort();
                byte[] received;
                try (Socket data = new Socket()) {
                    data.setReceiveBufferSize(32 << 10);
                    data.connect(new InetSocketAddress(LOOPBACK, port));
                    ftp.expect(150, ftp.send("RETR big.bin"));
                    received = readPaced(data.getInputStream(), 4 << 20);
                }
                ftp.expect(226, ftp.read());
                assertArrayEquals(content, received);
            }
        }
    }

    // --- helpers ---

    /** Reads to the end at no more than {@code bytesPerSecond}, in small steady steps. */
    private static byte[] readPaced(InputStream in, long bytesPerSecond) throws IOException, InterruptedException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[16 << 10];
        long start = System.nanoTime();
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            long dueNanos = out.size() * 1_000_000_000L / bytesPerSecond;
            long aheadMillis = (dueNanos - (System.nanoTime() - start)) / 1_000_000;
            if (aheadMillis > 0) {
                Thread.sleep(aheadMillis);
            }
        }
        return out.toByteArray();
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A port nothing listens on now, above 1024. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(LOOPBACK, 0));
            return s.getLocalPort();
        }
    }
}
