package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.config.TlsMode;
import dev.ferry.server.config.TlsRequirement;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPSClient;
import org.apache.commons.net.util.TrustManagerUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Apache Commons Net's FTPSClient, explicit and implicit. Like ftplib it starts a new TLS session on each
 * data connection (the JDK's client looks sessions up by the data connection's own port), so transfers
 * need tls-session-reuse off, and are refused with 522 while it is on.
 */
final class CommonsNetFtpsIT {

    @TempDir
    Path tlsDir;
    private TestServer server;
    private FTPSClient client;

    @AfterEach
    void stop() throws IOException {
        if (client != null && client.isConnected()) {
            client.disconnect();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void storesRetrievesAndListsByteIdenticalWithProtPWhenReuseIsOff(boolean implicit) throws IOException {
        server = TestServer.start(b -> b.tls(TlsMode.AUTO).tlsDir(tlsDir).tlsSessionReuse(false)
                .tlsRequired(TlsRequirement.ALL).implicitPort(0));
        login(implicit);
        byte[] content = FileTrees.randomBytes(3 << 20, 81);

        assertTrue(client.storeFile("up.bin", new ByteArrayInputStream(content)), client.getReplyString());
        ByteArrayOutputStream downloaded = new ByteArrayOutputStream();
        assertTrue(client.retrieveFile("up.bin", downloaded), client.getReplyString());
        FTPFile[] files = client.listFiles();

        assertArrayEquals(content, downloaded.toByteArray());
        assertArrayEquals(content, java.nio.file.Files.readAllBytes(server.root().resolve("up.bin")));
        assertEquals(1, files.length, Arrays.toString(files));
        assertEquals("up.bin", files[0].getName());
        assertEquals(content.length, files[0].getSize());
        assertTrue(client.logout());
    }

    @Test
    void aDataConnectionWithANewSessionIsRefusedWith522() throws IOException {
        server = TestServer.start(b -> b.tls(TlsMode.AUTO).tlsDir(tlsDir));
        login(false);

        assertFalse(client.storeFile("up.bin", new ByteArrayInputStream(new byte[1000])));
        assertEquals(522, client.getReplyCode(), client.getReplyString());
        assertTrue(client.sendNoOp(), "the session goes on: " + client.getReplyString());
    }

    private void login(boolean implicit) throws IOException {
        client = new FTPSClient("TLS", implicit);
        client.setTrustManager(TrustManagerUtils.getAcceptAllTrustManager());
        client.setDefaultTimeout(10_000);
        client.setDataTimeout(java.time.Duration.ofSeconds(10));
        client.connect("127.0.0.1", implicit ? server.server().implicitPort().orElseThrow() : server.port());
        assertTrue(client.login(TestServer.USER, TestServer.PASSWORD), client.getReplyString());
        client.execPBSZ(0);
        client.execPROT("P");
        client.enterLocalPassiveMode();
        assertTrue(client.setFileType(FTP.BINARY_FILE_TYPE));
    }
}
