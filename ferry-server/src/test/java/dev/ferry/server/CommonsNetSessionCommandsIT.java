package dev.ferry.server;

import static dev.ferry.server.CommonsNetFixture.ok;
import static dev.ferry.server.CommonsNetFixture.randomBytes;
import static dev.ferry.server.CommonsNetFixture.retrieve;
import static dev.ferry.server.CommonsNetFixture.store;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Commands about the session rather than a file: SYST, FEAT, OPTS, HOST, HELP, NOOP, STAT, REIN, the transfer
 * parameters TYPE, MODE and STRU, and ALLO and ACCT. Each test ends with a transfer in its data-connection mode.
 */
@Timeout(60)
class CommonsNetSessionCommandsIT {

    private CommonsNetFixture fixture;

    @BeforeEach
    void start() {
        fixture = CommonsNetFixture.start();
    }

    @AfterEach
    void stop() throws IOException {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void systSaysUnix(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        assertEquals("UNIX Type: L8", client.getSystemType());
        assertEquals(215, client.getReplyCode());
        assertTransferWorks(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void featListsTheExtensions(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        ok(client, client.features());
        assertEquals(211, client.getReplyCode());
        for (String feature : List.of("EPSV", "EPRT", "MLST", "UTF8", "SIZE", "MDTM", "MFMT")) {
            assertTrue(client.hasFeature(feature), () -> feature + " missing from " + client.getReplyString());
        }
        assertTrue(client.hasFeature("REST", "STREAM"), client.getReplyString());
        String mlst = client.featureValue("MLST");
        for (String fact : List.of("type*", "size*", "modify*", "perm*")) {
            assertTrue(mlst.contains(fact), () -> "MLST " + mlst + " lacks " + fact);
        }
        assertFalse(client.hasFeature("AUTH"), "no TLS is offered");
        assertTransferWorks(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void featAndSystWorkBeforeLogin(DataMode mode) throws IOException {
        FTPClient client = fixture.connect();

        ok(client, client.features());
        assertTrue(client.hasFeature("UTF8"));
        assertEquals(215, client.sendCommand("SYST"));

        ok(client, client.login(TestServer.USER, TestServer.PASSWORD));
        ok(client, client.setFileType(FTP.BINARY_FILE_TYPE));
        mode.apply(client);
        assertTransferWorks(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void optsUtf8OnIsAccepted(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        assertEquals(200, client.sendCommand("OPTS", "UTF8 ON"), client.getReplyString());
        assertEquals(501, client.sendCommand("OPTS", "NO-SUCH-OPTION"), client.getReplyString());
        assertTransferWorks(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void hostIsAcceptedBeforeLoginOnly(DataMode mode) throws IOException {
        FTPClient client = fixture.connect();

        assertEquals(220, client.sendCommand("HOST", "ftp.example.com"), client.getReplyString());
        ok(client, client.login(TestServer.USER, TestServer.PASSWORD));
        assertEquals(503, client.sendCommand("HOST", "ftp.example.com"), "RFC 7151 §3: HOST after login");

        ok(client, client.setFileType(FTP.BINARY_FILE_TYPE));
        mode.apply(client);
        assertTransferWorks(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void helpListsTheCommands(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        String all = client.listHelp();
        String retr = client.listHelp("RETR");
        String unknown = client.listHelp("FROB");

        for (String verb : List.of("RETR", "STOR", "EPSV", "EPRT", "MLSD", "XPWD", "HOST")) {
            assertTrue(all.contains(verb), () -> verb + " missing from " + all);
        }
        assertTrue(retr.startsWith("214 RETR"), retr);
        assertNull(unknown);
        assertEquals(501, client.getReplyCode(), client.getReplyString());
        assertTransferWorks(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void noopAnswers200BeforeAndAfterLogin(DataMode mode) throws IOException {
        FTPClient client = fixture.connect();

        ok(client, client.sendNoOp());
        assertEquals(200, client.getReplyCode());
        ok(client, client.login(TestServer.USER, TestServer.PASSWORD));
        ok(client, client.sendNoOp());
        assertEquals(200, client.getReplyCode());

        ok(client, client.setFileType(FTP.BINARY_FILE_TYPE));
        mode.apply(client);
        assertTransferWorks(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void statWithoutArgumentDescribesTheSession(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        assertEquals(211, client.stat());
        String status = client.getReplyString();

        assertTrue(status.contains("Logged in as alice"), status);
        assertTrue(status.contains("TYPE: BINARY"), status);
        assertTrue(status.strip().endsWith("211 End of status"), status);
        assertTransferWorks(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void reinLogsOutAndResetsTheSession(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);
        ok(client, client.changeWorkingDirectory("/"));
        ok(client, client.makeDirectory("sub"));
        ok(client, client.changeWorkingDirectory("sub"));

        ok(client, client.reinitialize());
        assertEquals(220, client.getReplyCode());

        assertEquals(530, client.sendCommand("PWD"), "logged out");
        assertEquals(530, client.sendCommand("PASV"));
        fixture.transcript(client).clear();
        ok(client, client.login(TestServer.READ_ONLY_USER, TestServer.PASSWORD));
        assertEquals("/", client.printWorkingDirectory(), "the working folder is reset");
        assertEquals(211, client.stat());
        assertTrue(client.getReplyString().contains("TYPE: ASCII"), "TYPE is reset: " + client.getReplyString());
        assertTrue(client.getReplyString().contains("read-only"), "now logged in as bob: " + client.getReplyString());
        mode.apply(client); // Commons Net forgets its data-connection mode after REIN too
        assertArrayEquals(new String[] {"sub"}, client.listNames());
        fixture.assertOnlyMode(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void typeModeAndStruRefuseWhatIsNotSupported(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        assertFalse(client.setFileType(FTP.EBCDIC_FILE_TYPE));
        assertEquals(504, client.getReplyCode(), client.getReplyString());
        assertEquals(504, client.sendCommand("TYPE", "X"), client.getReplyString());
        assertEquals(504, client.sendCommand("TYPE", "L 7"), client.getReplyString());
        assertFalse(client.setFileTransferMode(FTP.BLOCK_TRANSFER_MODE));
        assertEquals(504, client.getReplyCode(), client.getReplyString());
        assertFalse(client.setFileTransferMode(FTP.COMPRESSED_TRANSFER_MODE));
        assertEquals(504, client.getReplyCode(), client.getReplyString());
        assertFalse(client.setFileStructure(FTP.RECORD_STRUCTURE));
        assertEquals(504, client.getReplyCode(), client.getReplyString());
        assertFalse(client.setFileStructure(FTP.PAGE_STRUCTURE));
        assertEquals(504, client.getReplyCode(), client.getReplyString());

        assertEquals(200, client.sendCommand("TYPE", "L 8"), "L 8 is binary");
        assertEquals(200, client.sendCommand("TYPE", "A N"), client.getReplyString());
        ok(client, client.setFileType(FTP.BINARY_FILE_TYPE));
        ok(client, client.setFileTransferMode(FTP.STREAM_TRANSFER_MODE));
        ok(client, client.setFileStructure(FTP.FILE_STRUCTURE));
        // the refusals changed nothing: binary stream transfers still carry every byte unchanged
        assertTransferWorks(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void alloAndAcctAreNotNeeded(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        ok(client, client.allocate(4096));
        assertEquals(202, client.getReplyCode(), client.getReplyString());
        assertEquals(202, client.acct("billing"), client.getReplyString());
        assertEquals(501, client.sendCommand("ACCT"), "ACCT needs an argument");
        assertTransferWorks(client, mode);
    }

    /** A binary STOR and RETR in {@code mode} carry every byte value unchanged. */
    private void assertTransferWorks(FTPClient client, DataMode mode) throws IOException {
        byte[] content = randomBytes(64 * 1024, 42);
        store(client, "check.bin", content);
        assertArrayEquals(content, Files.readAllBytes(fixture.root().resolve("check.bin")));
        assertArrayEquals(content, retrieve(client, "check.bin"));
        assertTrue(Arrays.asList(client.listNames()).contains("check.bin"));
        fixture.assertOnlyMode(client, mode);
    }
}
