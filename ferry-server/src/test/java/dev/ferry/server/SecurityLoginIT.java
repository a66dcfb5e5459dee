package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import org.junit.jupiter.api.Test;

/** Before login most verbs do not exist; logins are bounded; anonymous is off and read-only; no password is logged. */
class SecurityLoginIT {

    private static final byte[] CONTENT = "public\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void commandsBeforeLoginGet530() throws IOException {
        // This test sends some 30 commands before it logs in; max-commands-before-login has its own test.
        try (TestServer server = TestServer.start(b -> b.maxCommandsBeforeLogin(50))) {
            Files.write(server.root().resolve("a.txt"), CONTENT);
            try (RawFtp ftp = RawFtp.connect(server.port())) {
                ftp.expect(220, ftp.greeting());
                for (String command : List.of("LIST", "NLST", "MLSD", "RETR a.txt", "STOR a.txt", "APPE a.txt",
                        "CWD /", "CDUP", "PWD", "PASV", "EPSV", "PORT 127,0,0,1,4,0", "EPRT |1|127.0.0.1|1024|",
                        "MKD x", "RMD x", "DELE a.txt", "RNFR a.txt", "SIZE a.txt", "MDTM a.txt", "STAT",
                        "SITE CHMOD 777 a.txt", "TYPE I", "REST 0")) {
                    ftp.expect(530, ftp.send(command));
                }
                assertEquals(0, server.server().leasedPassivePorts(), "PASV before login leased a port");

                ftp.expect(211, ftp.send("FEAT"));
                ftp.expect(215, ftp.send("SYST"));
                ftp.expect(220, ftp.send("HOST localhost"));
                ftp.expect(503, ftp.send("PASS " + TestServer.PASSWORD)); // PASS needs USER first
                ftp.expect(331, ftp.send("USER " + TestServer.USER));
                ftp.expect(230, ftp.send("PASS " + TestServer.PASSWORD));
                ftp.expect(257, ftp.send("PWD"));
                ftp.expect(221, ftp.send("QUIT"));
                ftp.assertClosedByServer();
            }
            assertArrayEquals(CONTENT, Files.readAllBytes(server.root().resolve("a.txt")));
            assertFalse(Files.exists(server.root().resolve("x")));
        }
    }

    @Test
    void wrongPasswordGets530AndTheSessionMayRetry() {
        try (TestServer server = TestServer.start();
             RawFtp ftp = RawFtp.connect(server.port())) {
            ftp.expect(331, ftp.send("USER " + TestServer.USER));
            ftp.expect(530, ftp.send("PASS wrong"));
            ftp.expect(530, ftp.send("PWD"));
            ftp.expect(331, ftp.send("USER " + TestServer.USER));
            ftp.expect(230, ftp.send("PASS " + TestServer.PASSWORD));
            ftp.expect(257, ftp.send("PWD"));
        }
    }

    @Test
    void tooManyFailedLoginsCloseTheConnection() {
        try (TestServer server = TestServer.start();
             RawFtp ftp = RawFtp.connect(server.port())) {
            ftp.expect(331, ftp.send("USER " + TestServer.USER));
            ftp.expect(530, ftp.send("PASS wrong1"));
            ftp.expect(331, ftp.send("USER nobody")); // unknown users count as well
            ftp.expect(530, ftp.send("PASS wrong2"));
            ftp.expect(331, ftp.send("USER " + TestServer.USER));
            ftp.expect(421, ftp.send("PASS wrong3"));
            ftp.assertClosedByServer();
        }
    }

    @Test
    void maxLoginAttemptsIsConfigurable() {
        try (TestServer server = TestServer.start(b -> b.maxLoginAttempts(1));
             RawFtp ftp = RawFtp.connect(server.port())) {
            ftp.expect(331, ftp.send("USER " + TestServer.USER));
            ftp.expect(421, ftp.send("PASS wrong"));
            ftp.assertClosedByServer();
        }
    }

    @Test
    void anonymousIsOffByDefault() {
        try (TestServer server = TestServer.start();
             RawFtp ftp = RawFtp.connect(server.port())) {
            ftp.expect(331, ftp.send("USER anonymous"));
            ftp.expect(530, ftp.send("PASS guest@example.com"));
            ftp.expect(331, ftp.send("USER ftp"));
            ftp.expect(530, ftp.send("PASS guest@example.com"));
            ftp.expect(530, ftp.send("LIST"));
        }
    }

    @Test
    void anonymousMayReadButNotWrite() throws IOException {
        try (TestServer server = TestServer.start(b -> b.anonymous(true))) {
            Files.write(server.root().resolve("a.txt"), CONTENT);
            Files.createDirectories(server.root().resolve("dir"));
            FTPClient ftp = new FTPClient();
            ftp.setDefaultTimeout(RawFtp.TIMEOUT_MILLIS);
            ftp.connect("127.0.0.1", server.port());
            try {
                assertTrue(ftp.login("anonymous", "guest@example.com"), ftp.getReplyString());
                ftp.enterLocalPassiveMode();
                assertTrue(ftp.setFileType(FTP.BINARY_FILE_TYPE));

                assertEquals(List.of("a.txt", "dir"), List.of(ftp.listNames()));
                ByteArrayOutputStream download = new ByteArrayOutputStream();
                assertTrue(ftp.retrieveFile("a.txt", download), ftp.getReplyString());
                assertArrayEquals(CONTENT, download.toByteArray());

                assertFalse(ftp.storeFile("new.txt", new ByteArrayInputStream(CONTENT)));
                assertEquals(FTPReply.FILE_UNAVAILABLE, ftp.getReplyCode(), ftp.getReplyString());
                assertFalse(ftp.storeFile("a.txt", new ByteArrayInputStream("overwritten".getBytes(StandardCharsets.UTF_8))));
                assertEquals(FTPReply.FILE_UNAVAILABLE, ftp.getReplyCode(), ftp.getReplyString());
                assertFalse(ftp.appendFile("a.txt", new ByteArrayInputStream(CONTENT)));
                assertEquals(FTPReply.FILE_UNAVAILABLE, ftp.getReplyCode(), ftp.getReplyString());
                assertFalse(ftp.makeDirectory("newdir"));
                assertEquals(FTPReply.FILE_UNAVAILABLE, ftp.getReplyCode(), ftp.getReplyString());
                assertFalse(ftp.deleteFile("a.txt"));
                assertEquals(FTPReply.FILE_UNAVAILABLE, ftp.getReplyCode(), ftp.getReplyString());
                assertFalse(ftp.removeDirectory("dir"));
                assertEquals(FTPReply.FILE_UNAVAILABLE, ftp.getReplyCode(), ftp.getReplyString());
                assertFalse(ftp.rename("a.txt", "b.txt"));
                assertEquals(FTPReply.FILE_UNAVAILABLE, ftp.getReplyCode(), ftp.getReplyString());
                assertTrue(ftp.logout());
            } finally {
                ftp.disconnect();
            }
            assertArrayEquals(CONTENT, Files.readAllBytes(server.root().resolve("a.txt")));
            try (var entries = Files.list(server.root())) {
                assertEquals(List.of("a.txt", "dir"),
                        entries.map(p -> p.getFileName().toString()).sorted().toList());
            }
        }
    }

    @Test
    void passwordsNeverAppearInTheLog() {
        String wrong = "Wr0ng-Pa55word";
        String anonymousPassword = "anon-pw-7f3a@example.com";
        LogCapture capture = new LogCapture(Level.ALL);
        List<RawFtp.Reply> replies = new ArrayList<>();
        try (capture; TestServer server = TestServer.start(b -> b.anonymous(true))) {
            try (RawFtp ftp = RawFtp.connect(server.port())) {
                ftp.expect(331, ftp.send("USER " + TestServer.USER));
                ftp.expect(530, ftp.send("PASS " + wrong));
                ftp.expect(331, ftp.send("USER " + TestServer.USER));
                ftp.expect(230, ftp.send("PASS " + TestServer.PASSWORD));
                ftp.expect(202, ftp.send("ACCT " + wrong));
                ftp.expect(221, ftp.send("QUIT"));
                replies.addAll(ftp.transcript());
            }
            try (RawFtp ftp = RawFtp.connect(server.port())) {
                ftp.expect(331, ftp.send("USER anonymous"));
                ftp.expect(230, ftp.send("PASS " + anonymousPassword));
                ftp.expect(221, ftp.send("QUIT"));
                replies.addAll(ftp.transcript());
            }
            server.awaitNoSessions();
        }
        List<String> log = capture.lines();
        assertTrue(log.stream().anyMatch(l -> l.contains("PASS ****")),
                "the capture saw no DEBUG command line, so it proves nothing:\n" + String.join("", log));
        for (String password : List.of(wrong, TestServer.PASSWORD, anonymousPassword)) {
            for (String line : log) {
                assertFalse(line.contains(password), () -> "password in the log: " + line);
            }
            for (RawFtp.Reply reply : replies) {
                assertFalse(reply.text().contains(password), () -> "password in a reply: " + reply);
            }
        }
    }
}
