package dev.ferry.server;

import static dev.ferry.server.CommonsNetFixture.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Commands on files and folders (DELE, MKD, RMD, RNFR/RNTO, SIZE, MDTM, MFMT) and the working folder (PWD,
 * CWD, CDUP with their RFC 775 X-variants). Each test also lists in its data-connection mode, to show that
 * the commands leave the session able to open data connections that way.
 */
@Timeout(60)
class CommonsNetFileCommandsIT {

    private CommonsNetFixture fixture;
    private Path root;

    @BeforeEach
    void start() throws IOException {
        fixture = CommonsNetFixture.start();
        root = fixture.root();
        Files.write(root.resolve("file.bin"), new byte[1234]);
        Files.createDirectory(root.resolve("sub"));
        Files.write(root.resolve("sub/inner.txt"), new byte[3]);
    }

    @AfterEach
    void stop() throws IOException {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void deleRemovesAFileButNotAFolder(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        ok(client, client.deleteFile("file.bin"));
        assertFalse(client.deleteFile("sub"));
        assertEquals(550, client.getReplyCode(), client.getReplyString());
        assertFalse(client.deleteFile("file.bin"), "already gone");
        assertEquals(550, client.getReplyCode(), client.getReplyString());

        assertFalse(Files.exists(root.resolve("file.bin")));
        assertTrue(Files.isDirectory(root.resolve("sub")));
        assertArrayEquals(new String[] {"sub"}, client.listNames());
        fixture.assertOnlyMode(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void mkdAndRmdCreateAndRemoveFolders(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        ok(client, client.makeDirectory("docs"));
        assertEquals(257, client.getReplyCode());
        assertTrue(client.getReplyString().contains("\"/docs\""), client.getReplyString());
        assertTrue(Files.isDirectory(root.resolve("docs")));
        FTPFile[] listed = client.listFiles();
        assertTrue(Arrays.stream(listed).anyMatch(f -> f.getName().equals("docs") && f.isDirectory()));
        assertFalse(client.makeDirectory("docs"), "exists already");
        assertEquals(550, client.getReplyCode(), client.getReplyString());

        ok(client, client.removeDirectory("docs"));
        assertEquals(250, client.getReplyCode());
        assertFalse(Files.exists(root.resolve("docs")));
        assertFalse(client.removeDirectory("sub"), "not empty");
        assertEquals(550, client.getReplyCode(), client.getReplyString());
        assertTrue(Files.exists(root.resolve("sub/inner.txt")));
        assertFalse(client.removeDirectory("file.bin"), "not a folder");
        assertEquals(550, client.getReplyCode(), client.getReplyString());
        assertArrayEquals(new String[] {"file.bin", "sub"}, client.listNames());
        fixture.assertOnlyMode(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void xmkdAndXrmdAreMkdAndRmd(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        assertEquals(257, client.sendCommand("XMKD", "xdir"), client.getReplyString());
        assertTrue(client.getReplyString().contains("\"/xdir\""), client.getReplyString());
        assertTrue(Files.isDirectory(root.resolve("xdir")));
        assertArrayEquals(new String[] {"file.bin", "sub", "xdir"}, client.listNames());
        assertEquals(250, client.sendCommand("XRMD", "xdir"), client.getReplyString());
        assertFalse(Files.exists(root.resolve("xdir")));
        assertEquals(550, client.sendCommand("XRMD", "xdir"), client.getReplyString());
        fixture.assertOnlyMode(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void rnfrAndRntoRenameAndMove(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        ok(client, client.rename("file.bin", "renamed.bin"));
        ok(client, client.rename("renamed.bin", "sub/moved.bin"));
        ok(client, client.rename("sub", "folder"));
        assertFalse(client.rename("missing", "anything"));
        assertEquals(550, client.getReplyCode(), client.getReplyString());

        assertFalse(Files.exists(root.resolve("file.bin")));
        assertEquals(1234, Files.size(root.resolve("folder/moved.bin")));
        assertArrayEquals(new String[] {"folder"}, client.listNames());
        assertArrayEquals(new String[] {"inner.txt", "moved.bin"}, client.listNames("folder"));
        fixture.assertOnlyMode(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void sizeAndMdtmReportAFile(DataMode mode) throws IOException {
        Instant modified = Instant.parse("2019-12-31T23:59:58Z");
        Files.setLastModifiedTime(root.resolve("file.bin"), FileTime.from(modified));
        FTPClient client = fixture.login(mode);

        assertEquals("1234", client.getSize("file.bin"));
        assertEquals(213, client.getReplyCode());
        assertEquals("20191231235958", client.getModificationTime("file.bin"));
        assertEquals(modified, client.mdtmInstant("file.bin"));
        assertEquals(550, client.sendCommand("SIZE", "sub"), "SIZE of a folder");
        assertEquals(550, client.sendCommand("SIZE", "missing"));
        assertEquals(550, client.sendCommand("MDTM", "missing"));
        assertEquals(2, client.listNames().length);
        fixture.assertOnlyMode(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void mfmtSetsTheModificationTime(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        ok(client, client.setModificationTime("file.bin", "20200102030405"));

        assertEquals(213, client.getReplyCode());
        Instant expected = Instant.parse("2020-01-02T03:04:05Z");
        assertEquals(expected, Files.getLastModifiedTime(root.resolve("file.bin")).toInstant());
        assertEquals("20200102030405", client.getModificationTime("file.bin"));
        FTPFile listed = Arrays.stream(client.mlistDir()).filter(f -> f.getName().equals("file.bin")).findFirst().orElseThrow();
        assertEquals(expected, listed.getTimestamp().toInstant());
        assertFalse(client.setModificationTime("file.bin", "not-a-time"));
        assertEquals(501, client.getReplyCode(), client.getReplyString());
        assertFalse(client.setModificationTime("missing", "20200102030405"));
        assertEquals(550, client.getReplyCode(), client.getReplyString());
        fixture.assertOnlyMode(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void cwdCdupAndPwdMoveThroughFolders(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        assertEquals("/", client.printWorkingDirectory());
        ok(client, client.changeWorkingDirectory("sub"));
        assertEquals(250, client.getReplyCode());
        assertEquals("/sub", client.printWorkingDirectory());
        assertArrayEquals(new String[] {"inner.txt"}, client.listNames(), "listing follows CWD");
        assertEquals(3, Files.size(root.resolve("sub/inner.txt")));
        ok(client, client.changeToParentDirectory());
        assertEquals("/", client.printWorkingDirectory());
        ok(client, client.changeToParentDirectory());
        assertEquals("/", client.printWorkingDirectory(), "CDUP at the root stays at the root");
        ok(client, client.changeWorkingDirectory("/sub/../sub/./"));
        assertEquals("/sub", client.printWorkingDirectory());
        assertFalse(client.changeWorkingDirectory("missing"));
        assertEquals(550, client.getReplyCode(), client.getReplyString());
        assertEquals("/sub", client.printWorkingDirectory(), "a failed CWD changes nothing");
        fixture.assertOnlyMode(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void xpwdXcwdAndXcupAreAliases(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        assertEquals(257, client.sendCommand("XPWD"));
        assertTrue(client.getReplyString().startsWith("257 \"/\""), client.getReplyString());
        assertEquals(250, client.sendCommand("XCWD", "sub"), client.getReplyString());
        assertEquals(257, client.sendCommand("XPWD"));
        assertTrue(client.getReplyString().startsWith("257 \"/sub\""), client.getReplyString());
        assertArrayEquals(new String[] {"inner.txt"}, client.listNames());
        assertEquals(250, client.sendCommand("XCUP"), client.getReplyString());
        assertEquals("/", client.printWorkingDirectory());
        assertEquals(550, client.sendCommand("XCWD", "missing"), client.getReplyString());
        fixture.assertOnlyMode(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void pwdDoublesQuotesInAFolderName(DataMode mode) throws IOException {
        Files.createDirectory(root.resolve("say \"hi\""));
        FTPClient client = fixture.login(mode);

        ok(client, client.changeWorkingDirectory("say \"hi\""));

        assertEquals(257, client.sendCommand("PWD"));
        assertTrue(client.getReplyString().startsWith("257 \"/say \"\"hi\"\"\""), client.getReplyString());
        assertEquals("/say \"hi\"", client.printWorkingDirectory(), "RFC 959 Appendix II");
        assertEquals(0, client.listNames().length);
        fixture.assertOnlyMode(client, mode);
    }
}
