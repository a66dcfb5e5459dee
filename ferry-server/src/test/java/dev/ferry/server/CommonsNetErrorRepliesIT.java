package dev.ferry.server;

import static dev.ferry.server.CommonsNetFixture.ok;
import static dev.ferry.server.CommonsNetFixture.retrieve;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPConnectionClosedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reply codes of refusals, in the order the pipeline checks them: unknown 500, not logged in 530, bad
 * argument 501, bad sequence 503, no such file or no permission 550. After each refusal the session goes on.
 */
@Timeout(60)
class CommonsNetErrorRepliesIT {

    private static final Instant MODIFIED = Instant.parse("2022-02-02T02:02:02Z");

    private CommonsNetFixture fixture;
    private Path root;

    @BeforeEach
    void start() throws IOException {
        fixture = CommonsNetFixture.start();
        root = fixture.root();
        Files.writeString(root.resolve("file.txt"), "content");
        Files.setLastModifiedTime(root.resolve("file.txt"), FileTime.from(MODIFIED));
        Files.createDirectory(root.resolve("sub"));
    }

    @AfterEach
    void stop() throws IOException {
        fixture.close();
    }

    @Test
    void unknownCommandsGet500BeforeAndAfterLogin() throws IOException {
        FTPClient client = fixture.connect();

        assertEquals(500, client.sendCommand("FROB"), client.getReplyString());
        ok(client, client.login(TestServer.USER, TestServer.PASSWORD));
        assertEquals(500, client.sendCommand("FROB", "with an argument"), client.getReplyString());
        assertEquals(500, client.sendCommand("RETRIEVE", "file.txt"), client.getReplyString());
        ok(client, client.sendNoOp());
    }

    @Test
    void commandsThatNeedALoginGet530Before() throws IOException {
        FTPClient client = fixture.connect();

        Map<String, String> commands = Map.of("LIST", "", "RETR", "file.txt", "CWD", "sub", "PASV", "",
                "PORT", "127,0,0,1,200,10", "EPSV", "", "STOR", "x", "MKD", "x", "PWD", "", "SIZE", "file.txt");
        for (var command : commands.entrySet()) {
            int code = command.getValue().isEmpty() ? client.sendCommand(command.getKey())
                    : client.sendCommand(command.getKey(), command.getValue());
            assertEquals(530, code, command.getKey() + ": " + client.getReplyString());
        }
        assertEquals(0, fixture.server().server().leasedPassivePorts(), "PASV and EPSV leased nothing");
        assertFalse(Files.exists(root.resolve("x")));
        ok(client, client.login(TestServer.USER, TestServer.PASSWORD));
        assertEquals("/", client.printWorkingDirectory());
    }

    @Test
    void aWrongPasswordOrUnknownUserGets530() throws IOException {
        FTPClient client = fixture.connect();

        assertFalse(client.login(TestServer.USER, "wrong"));
        assertEquals(530, client.getReplyCode(), client.getReplyString());
        assertEquals(530, client.sendCommand("PWD"), "still not logged in");
        assertFalse(client.login("mallory", TestServer.PASSWORD));
        assertEquals(530, client.getReplyCode(), client.getReplyString());
        ok(client, client.login(TestServer.USER, TestServer.PASSWORD));
        assertEquals("/", client.printWorkingDirectory());
    }

    @Test
    void theThirdFailedLoginEndsTheSessionWith421() throws IOException {
        FTPClient client = fixture.connect();

        assertFalse(client.login(TestServer.USER, "wrong-1"));
        assertFalse(client.login(TestServer.USER, "wrong-2"));
        assertThrows(FTPConnectionClosedException.class, () -> client.login(TestServer.USER, "wrong-3"));

        assertEquals(421, client.getReplyCode());
        fixture.server().awaitNoSessions();
        assertEquals(0, fixture.server().server().sessionCount(), "the server closed the session");
    }

    @Test
    void missingArgumentsGet501() throws IOException {
        FTPClient client = fixture.login(DataMode.PASV);

        for (String verb : List.of("RETR", "STOR", "APPE", "CWD", "DELE", "MKD", "RMD", "RNFR", "SIZE", "MDTM",
                "TYPE", "PORT", "EPRT", "USER")) {
            assertEquals(501, client.sendCommand(verb), verb + ": " + client.getReplyString());
        }
        assertEquals(501, client.sendCommand("PWD", "extra"), "PWD takes no argument");
        assertEquals(501, client.sendCommand("NOOP", "extra"), "NOOP takes no argument");
        assertEquals(501, client.sendCommand("PORT", "not,an,address"), client.getReplyString());
        assertEquals(501, client.sendCommand("MFMT", "20200101000000"), "MFMT without a path");
        assertArrayEquals("content".getBytes(), retrieve(client, "file.txt"));
    }

    @Test
    void rntoWithoutRnfrGets503() throws IOException {
        FTPClient client = fixture.login(DataMode.PASV);

        assertEquals(503, client.sendCommand("RNTO", "renamed.txt"), client.getReplyString());

        assertTrue(Files.exists(root.resolve("file.txt")));
        assertFalse(Files.exists(root.resolve("renamed.txt")));
        ok(client, client.rename("file.txt", "renamed.txt"));
        assertEquals(503, client.sendCommand("RNTO", "again.txt"), "RNTO used up the RNFR");
        assertTrue(Files.exists(root.resolve("renamed.txt")));
    }

    @Test
    void passWithoutUserGets503() throws IOException {
        FTPClient client = fixture.connect();

        assertEquals(503, client.sendCommand("PASS", TestServer.PASSWORD), client.getReplyString());
        assertEquals(530, client.sendCommand("PWD"), "PASS alone logged nobody in");
        ok(client, client.login(TestServer.USER, TestServer.PASSWORD));
    }

    @Test
    void aReadOnlyUserGets550ForEveryWrite() throws IOException {
        FTPClient client = fixture.login(TestServer.READ_ONLY_USER, DataMode.PASV);
        ByteArrayInputStream data = new ByteArrayInputStream("new".getBytes());

        assertFalse(client.storeFile("file.txt", data));
        assertEquals(550, client.getReplyCode(), "STOR: " + client.getReplyString());
        assertFalse(client.storeFile("new.txt", data));
        assertEquals(550, client.getReplyCode(), "STOR new: " + client.getReplyString());
        assertFalse(client.appendFile("file.txt", data));
        assertEquals(550, client.getReplyCode(), "APPE: " + client.getReplyString());
        assertFalse(client.storeUniqueFile(data));
        assertEquals(550, client.getReplyCode(), "STOU: " + client.getReplyString());
        assertFalse(client.deleteFile("file.txt"));
        assertEquals(550, client.getReplyCode(), "DELE: " + client.getReplyString());
        assertFalse(client.makeDirectory("newdir"));
        assertEquals(550, client.getReplyCode(), "MKD: " + client.getReplyString());
        assertFalse(client.removeDirectory("sub"));
        assertEquals(550, client.getReplyCode(), "RMD: " + client.getReplyString());
        assertFalse(client.rename("file.txt", "renamed.txt"));
        assertEquals(550, client.getReplyCode(), "RNFR: " + client.getReplyString());
        assertFalse(client.setModificationTime("file.txt", "20000101000000"));
        assertEquals(550, client.getReplyCode(), "MFMT: " + client.getReplyString());
        assertEquals(550, client.sendCommand("SITE", "CHMOD 777 file.txt"), client.getReplyString());

        assertEquals("content", Files.readString(root.resolve("file.txt")));
        assertEquals(MODIFIED, Files.getLastModifiedTime(root.resolve("file.txt")).toInstant());
        try (Stream<Path> entries = Files.list(root)) {
            assertEquals(List.of("file.txt", "sub"), entries.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertArrayEquals("content".getBytes(), retrieve(client, "file.txt"), "reading is allowed");
    }

    @Test
    void retrOfAMissingFileOrAFolderGets550() throws IOException {
        FTPClient client = fixture.login(DataMode.PASV);

        assertFalse(client.retrieveFile("missing.txt", new ByteArrayOutputStream()));
        assertEquals(550, client.getReplyCode(), client.getReplyString());
        assertFalse(client.retrieveFile("sub", new ByteArrayOutputStream()));
        assertEquals(550, client.getReplyCode(), client.getReplyString());
        assertNull(client.retrieveFileStream("missing.txt"));
        assertEquals(550, client.getReplyCode(), client.getReplyString());

        assertArrayEquals("content".getBytes(), retrieve(client, "file.txt"));
    }

    @Test
    void cwdToAFileOrAMissingFolderGets550() throws IOException {
        FTPClient client = fixture.login(DataMode.PASV);

        assertFalse(client.changeWorkingDirectory("file.txt"));
        assertEquals(550, client.getReplyCode(), client.getReplyString());
        assertFalse(client.changeWorkingDirectory("missing"));
        assertEquals(550, client.getReplyCode(), client.getReplyString());

        assertEquals("/", client.printWorkingDirectory());
    }
}
