package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The peer servers work, proven with a client that already does (Apache Commons Net): log in, upload, list,
 * download byte for byte, in passive and active mode; vsftpd's variants refuse what they were told to.
 * Each test ends with the server's own leak checks (in close) and a check that its control port is free.
 */
class PeerFixturesIT {

    private static final int SIZE = 300_000; // several data-socket buffers

    @ParameterizedTest(name = "{0}")
    @EnumSource(Peer.class)
    void transfersFilesInPassiveAndActiveMode(Peer peer) throws IOException {
        int port;
        try (PeerServer server = peer.start()) {
            port = server.port();
            FTPClient ftp = login(server);
            try {
                for (boolean passive : List.of(true, false)) {
                    String mode = passive ? "passive" : "active";
                    if (passive) {
                        ftp.enterLocalPassiveMode();
                    } else {
                        ftp.enterLocalActiveMode();
                    }
                    byte[] content = randomBytes(SIZE, mode.hashCode());
                    assertTrue(ftp.storeFile(mode + ".bin", new ByteArrayInputStream(content)), reply(ftp));
                    assertArrayEquals(content, Files.readAllBytes(server.root().resolve(mode + ".bin")),
                            "uploaded in " + mode + " mode");
                    assertTrue(Arrays.asList(ftp.listNames()).contains(mode + ".bin"), reply(ftp));
                    assertArrayEquals(content, download(ftp, mode + ".bin"), "downloaded in " + mode + " mode");
                }
            } finally {
                logout(ftp);
            }
        }
        assertPortFree(port);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Peer.class)
    void userMayReplaceAndDeleteWhatTheTestCreated(Peer peer) throws IOException {
        int port;
        try (PeerServer server = peer.start()) {
            port = server.port();
            byte[] original = randomBytes(1000, 1);
            server.createFile("made/by/test.bin", original);
            server.createDirectories("made/empty");
            FTPClient ftp = login(server);
            try {
                ftp.enterLocalPassiveMode();
                assertArrayEquals(original, download(ftp, "made/by/test.bin"));
                byte[] replacement = randomBytes(500, 2);
                assertTrue(ftp.storeFile("made/by/test.bin", new ByteArrayInputStream(replacement)), reply(ftp));
                assertArrayEquals(replacement, Files.readAllBytes(server.root().resolve("made/by/test.bin")));
                assertTrue(ftp.storeFile("made/empty/new.bin", new ByteArrayInputStream(original)), reply(ftp));
                assertTrue(ftp.deleteFile("made/by/test.bin"), reply(ftp));
                assertTrue(ftp.removeDirectory("made/by"), reply(ftp));
                assertFalse(Files.exists(server.root().resolve("made/by")));
            } finally {
                logout(ftp);
            }
        }
        assertPortFree(port);
    }

    @Test
    void vsftpdWithoutPassiveModeRefusesPasvAndEpsvButTransfersActively() throws IOException {
        try (VsftpdServer server = VsftpdServer.builder().passive(false).start()) {
            assertFalse(server.supports(PeerServer.Feature.PASV));
            FTPClient ftp = login(server);
            try {
                assertTrue(FTPReply.isNegativePermanent(ftp.pasv()), reply(ftp));
                assertTrue(FTPReply.isNegativePermanent(ftp.epsv()), reply(ftp));
                ftp.enterLocalActiveMode();
                byte[] content = randomBytes(1000, 3);
                assertTrue(ftp.storeFile("active.bin", new ByteArrayInputStream(content)), reply(ftp));
                assertArrayEquals(content, download(ftp, "active.bin"));
            } finally {
                logout(ftp);
            }
        }
    }

    @Test
    void vsftpdWithoutActiveModeRefusesPortAndEprtButTransfersPassively() throws IOException {
        try (VsftpdServer server = VsftpdServer.builder().active(false).start()) {
            assertFalse(server.supports(PeerServer.Feature.PORT));
            FTPClient ftp = login(server);
            try {
                assertTrue(FTPReply.isNegativePermanent(ftp.port(InetAddress.getLoopbackAddress(), 40000)),
                        reply(ftp));
                assertTrue(FTPReply.isNegativePermanent(ftp.eprt(InetAddress.getLoopbackAddress(), 40000)),
                        reply(ftp));
                ftp.enterLocalPassiveMode();
                byte[] content = randomBytes(1000, 4);
                assertTrue(ftp.storeFile("passive.bin", new ByteArrayInputStream(content)), reply(ftp));
                assertArrayEquals(content, download(ftp, "passive.bin"));
            } finally {
                logout(ftp);
            }
        }
    }

    private static FTPClient login(PeerServer server) throws IOException {
        FTPClient ftp = new FTPClient();
        ftp.setDefaultTimeout(10_000);
        ftp.setDataTimeout(Duration.ofSeconds(10));
        ftp.connect(server.host(), server.port());
        try {
            assertTrue(ftp.login(server.user(), server.password()), server + ": " + reply(ftp));
            assertTrue(ftp.setFileType(FTP.BINARY_FILE_TYPE), reply(ftp));
            return ftp;
        } catch (IOException | RuntimeException | Error e) {
            ftp.disconnect();
            throw e;
        }
    }

    private static void logout(FTPClient ftp) throws IOException {
        try {
            ftp.logout();
        } finally {
            ftp.disconnect();
        }
    }

    private static byte[] download(FTPClient ftp, String path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ftp.retrieveFile(path, out), reply(ftp));
        return out.toByteArray();
    }

    private static String reply(FTPClient ftp) {
        return ftp.getReplyString();
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** The server let go of its control port: it can be bound again. */
    private static void assertPortFree(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, socket.getLocalPort());
        }
    }
}
