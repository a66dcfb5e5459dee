package dev.ferry.server;

import static dev.ferry.server.RawFtp.FOREIGN;
import static dev.ferry.server.RawFtp.LOOPBACK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * RFC 2577 §3 and §5: the data connection goes to the client and comes from the client. Another host on
 * 127.0.0.2 plays the victim of a bounce (PORT naming it) or the thief racing for a passive port.
 */
class SecurityDataChannelIT {

    private static final byte[] CONTENT = "the file\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void refusesPortAndEprtToForeignHostWithoutConnecting() throws Exception {
        try (TestServer server = TestServer.start();
             ServerSocket victim = listenOn(FOREIGN)) {
            Files.write(server.root().resolve("a.txt"), CONTENT);
            try (RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
                int p = victim.getLocalPort();
                ftp.expect(504, ftp.send("PORT 127,0,0,2," + (p >> 8) + "," + (p & 0xFF)));
                ftp.expect(425, ftp.send("RETR a.txt"));
                ftp.expect(504, ftp.send("EPRT |1|127.0.0.2|" + p + "|"));
                ftp.expect(425, ftp.send("LIST"));
                ftp.expect(504, ftp.send("EPRT |2|::1|" + p + "|")); // another address of this host is not the client's

                victim.setSoTimeout(1500);
                assertThrows(SocketTimeoutException.class, victim::accept,
                        "the server connected to a host that is not the client");
                ftp.expect(221, ftp.send("QUIT"));
            }
        }
    }

    @Test
    void refusesPortToPrivilegedPort() {
        try (TestServer server = TestServer.start();
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(504, ftp.send("PORT 127,0,0,1,0,21"));
            ftp.expect(504, ftp.send("PORT 127,0,0,1,3,255")); // 1023
            ftp.expect(504, ftp.send("EPRT |1|127.0.0.1|80|"));
            ftp.expect(200, ftp.send("PORT 127,0,0,1,4,0")); // 1024 is the first unprivileged port
        }
    }

    @Test
    void acceptsPortToForeignHostWhenAllowed() throws Exception {
        try (TestServer server = TestServer.start(b -> b.activeAllowForeign(true));
             ServerSocket other = listenOn(FOREIGN)) {
            Files.write(server.root().resolve("a.txt"), CONTENT);
            try (RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
                int p = other.getLocalPort();
                ftp.expect(200, ftp.send("TYPE I"));
                ftp.expect(200, ftp.send("PORT 127,0,0,2," + (p >> 8) + "," + (p & 0xFF)));
                ftp.write("RETR a.txt");
                other.setSoTimeout(RawFtp.TIMEOUT_MILLIS);
                try (Socket data = other.accept()) {
                    ftp.expect(150, ftp.read());
                    assertArrayEquals(CONTENT, data.getInputStream().readAllBytes());
                }
                ftp.expect(226, ftp.read());
            }
        }
    }

    @Test
    void refusesPassiveConnectionFromForeignHost() throws Exception {
        try (TestServer server = TestServer.start()) {
            Files.write(server.root().resolve("a.txt"), CONTENT);
            try (RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
                ftp.expect(200, ftp.send("TYPE I"));
                int port = ftp.pasvPort();
                try (Socket thief = RawFtp.socketFrom(FOREIGN, LOOPBACK, port)) {
                    ftp.write("RETR a.txt");
                    // The server takes the thief's connection first (it queued first), closes it, waits on.
                    RawFtp.assertSocketClosed(thief);
                }
                try (Socket data = RawFtp.socketFrom(LOOPBACK, LOOPBACK, port)) {
                    ftp.expect(150, ftp.read());
                    assertArrayEquals(CONTENT, data.getInputStream().readAllBytes());
                }
                ftp.expect(226, ftp.read());
            }
        }
    }

    @Test
    void acceptsPassiveConnectionFromForeignHostWhenAllowed() throws Exception {
        try (TestServer server = TestServer.start(b -> b.passiveAllowForeign(true))) {
            Files.write(server.root().resolve("a.txt"), CONTENT);
            try (RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
                ftp.expect(200, ftp.send("TYPE I"));
                int port = ftp.pasvPort();
                try (Socket other = RawFtp.socketFrom(FOREIGN, LOOPBACK, port)) {
                    ftp.write("RETR a.txt");
                    ftp.expect(150, ftp.read());
                    InputStream in = other.getInputStream();
                    assertArrayEquals(CONTENT, in.readAllBytes());
                }
                ftp.expect(226, ftp.read());
                assertEquals(0, server.server().leasedPassivePorts());
            }
        }
    }

    private static ServerSocket listenOn(java.net.InetAddress address) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(address, 0));
        return s;
    }
}
