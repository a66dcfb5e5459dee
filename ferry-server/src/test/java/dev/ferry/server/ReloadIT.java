package dev.ferry.server;

import static dev.ferry.server.RawFtp.FOREIGN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.config.ConfigException;
import dev.ferry.server.config.PortRange;
import dev.ferry.server.config.ServerConfig;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link FtpServer#reload}: a new config applies to what comes next, and no running session notices. */
class ReloadIT {

    private static ReloadReport reload(TestServer server, Consumer<ServerConfig.Builder> change) throws ConfigException {
        ServerConfig.Builder next = server.server().config().toBuilder();
        change.accept(next);
        return server.server().reload(next.build());
    }

    @Test
    void newBannerGreetsNewConnectionsWhileALoggedInSessionGoesOn() throws Exception {
        try (TestServer server = TestServer.start(b -> b.banner("Old banner"));
             RawFtp alice = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            assertTrue(alice.greeting().text().contains("Old banner"));
            ReloadReport report = reload(server, b -> b.banner("New banner"));
            assertEquals(List.of("banner"), report.applied());
            assertEquals(List.of(), report.needsRestart());
            try (RawFtp next = RawFtp.connect(server.port())) {
                assertTrue(next.greeting().text().contains("New banner"), next.greeting()::toString);
            }
            alice.expect(200, alice.send("NOOP"));
            alice.expect(257, alice.send("PWD"));
        }
    }

    @Test
    void loweredMaxSessionsRefusesNewSessionsAndKeepsTheRunningOnes() throws Exception {
        try (TestServer server = TestServer.start(b -> b.maxSessions(10));
             RawFtp first = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD);
             RawFtp second = RawFtp.connect(FOREIGN, server.port())) {
            reload(server, b -> b.maxSessions(2));
            try (RawFtp third = RawFtp.connect(server.port())) {
                assertTrue(third.expect(421, third.greeting()).text().contains("(2)"));
                third.assertClosedByServer();
            }
            first.expect(200, first.send("NOOP"));
            second.expect(220, second.greeting());
            second.expect(200, second.send("NOOP"));

            reload(server, b -> b.maxSessions(3)); // raised again: one more fits
            try (RawFtp third = RawFtp.connect(server.port())) {
                third.expect(220, third.greeting());
            }
        }
    }

    @Test
    void invalidReloadIsRefusedAndTheRunningConfigStaysWhole() throws Exception {
        try (TestServer server = TestServer.start(b -> b.banner("Running banner"))) {
            ServerConfig before = server.server().config();
            ConfigException refused = assertThrows(ConfigException.class, () -> reload(server, b -> b
                    .banner("Never applied")
                    .usersFile(Path.of("/nonexistent/ferry-users.yml"))));
            assertTrue(refused.getMessage().startsWith("users: cannot read users file"), refused.getMessage());
            assertEquals(before, server.server().config());
            try (RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
                assertTrue(ftp.greeting().text().contains("Running banner"));
            }
        }
    }

    @Test
    void listenerKeysNeedARestartAndKeepTheirRunningValue() throws Exception {
        try (TestServer server = TestServer.start()) {
            int port = server.port();
            Path otherRoot = Files.createTempDirectory("ferry-other-root");
            try {
                ReloadReport report = reload(server, b -> b.port(port + 1).root(otherRoot).idleTimeout(Duration.ofMinutes(9)));
                assertEquals(List.of("idle-timeout"), report.applied());
                assertEquals(List.of("port", "root"), report.needsRestart());
                assertEquals(0, server.server().config().port()); // as configured: any free port
                assertEquals(port, server.port());
                assertEquals(server.root(), server.server().config().root());
                assertEquals(Duration.ofMinutes(9), server.server().config().idleTimeout());
                try (RawFtp ftp = RawFtp.login(port, TestServer.USER, TestServer.PASSWORD)) {
                    ftp.expect(221, ftp.send("QUIT"));
                }
            } finally {
                Files.delete(otherRoot);
            }
        }
    }

    @Test
    void newPassivePortRangeServesNewTransfersAndTheOldLeaseStillWorks() throws Exception {
        byte[] content = DataConnectionIT.randomBytes(100_000, 7);
        try (TestServer server = TestServer.start(b -> b.passivePorts(new PortRange(41500, 41509)));
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            Files.write(server.root().resolve("file.bin"), content);
            ftp.expect(200, ftp.send("TYPE I"));
            int oldPort = ftp.pasvPort(); // leased from the old range, used after the reload
            assertTrue(oldPort >= 41500 && oldPort <= 41509, "port " + oldPort);

            reload(server, b -> b.passivePorts(new PortRange(41600, 41609)));
            assertEquals(1, server.server().leasedPassivePorts());
            try (Socket data = RawFtp.socketFrom(RawFtp.LOOPBACK, RawFtp.LOOPBACK, oldPort)) {
                ftp.expect(150, ftp.send("RETR file.bin"));
                assertArrayEquals(content, data.getInputStream().readAllBytes());
            }
            ftp.expect(226, ftp.read());

            int newPort = ftp.pasvPort();
            assertTrue(newPort >= 41600 && newPort <= 41609, "port " + newPort);
            try (Socket data = RawFtp.socketFrom(RawFtp.LOOPBACK, RawFtp.LOOPBACK, newPort)) {
                ftp.expect(150, ftp.send("RETR file.bin"));
                assertArrayEquals(content, data.getInputStream().readAllBytes());
            }
            ftp.expect(226, ftp.read());
        }
    }
}
