package dev.ferry.server;

import static dev.ferry.server.CommonsNetFixture.ok;
import static dev.ferry.server.CommonsNetFixture.randomBytes;
import static dev.ferry.server.CommonsNetFixture.retrieve;
import static dev.ferry.server.CommonsNetFixture.store;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** File names beyond ASCII travel as UTF-8 (RFC 2640) through every command that carries or lists a name. */
@Timeout(60)
class CommonsNetUtf8NamesIT {

    /** Latin-1 letters, a character outside Latin-1 (the en dash), CJK, and spaces. */
    private static final String FILE = "Grüße – 日本語.txt";
    private static final String FOLDER = "données";

    private CommonsNetFixture fixture;

    @BeforeEach
    void start() {
        // The JVM turns names into bytes with sun.jnu.encoding, which follows the locale: under LANG=C it is
        // ASCII, and the server (rightly) answers 553 for every name beyond ASCII. Say so instead of failing later.
        assertEquals("UTF-8", System.getProperty("sun.jnu.encoding"),
                "the JVM's file-name encoding is not UTF-8; run the tests under a UTF-8 locale such as LANG=C.UTF-8");
        fixture = CommonsNetFixture.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (fixture != null) {
            fixture.close();
        }
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void utf8NamesRoundTripThroughStorListMlsdAndRetr(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);
        assertEquals("UTF-8", client.getControlEncoding());
        byte[] content = randomBytes(100_000, 7);

        ok(client, client.makeDirectory(FOLDER));
        ok(client, client.changeWorkingDirectory(FOLDER));
        assertEquals("/" + FOLDER, client.printWorkingDirectory());
        store(client, FILE, content);

        Path onDisk = fixture.root().resolve(FOLDER).resolve(FILE);
        assertArrayEquals(content, Files.readAllBytes(onDisk), "the name on disk is the name the client sent");

        FTPFile[] listed = client.listFiles();
        assertEquals(1, listed.length);
        assertEquals(FILE, listed[0].getName());
        assertEquals(content.length, listed[0].getSize());
        FTPFile[] mlsd = client.mlistDir();
        assertEquals(List.of(FILE), Arrays.stream(mlsd).map(FTPFile::getName).toList());
        assertEquals(content.length, mlsd[0].getSize());
        assertArrayEquals(new String[] {FILE}, client.listNames());
        assertEquals("/" + FOLDER + "/" + FILE, client.mlistFile(FILE).getName());
        assertEquals(Long.toString(content.length), client.getSize(FILE));
        assertArrayEquals(content, retrieve(client, FILE));

        ok(client, client.changeToParentDirectory());
        FTPFile[] root = client.listFiles();
        assertEquals(1, root.length);
        assertEquals(FOLDER, root[0].getName());
        assertTrue(root[0].isDirectory());
        assertArrayEquals(content, retrieve(client, FOLDER + "/" + FILE), "a UTF-8 path with a folder");
        fixture.assertOnlyMode(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void utf8NamesCanBeRenamedAndDeleted(DataMode mode) throws IOException {
        Files.createDirectory(fixture.root().resolve(FOLDER));
        Files.writeString(fixture.root().resolve(FOLDER).resolve("plain.txt"), "x");
        FTPClient client = fixture.login(mode);

        ok(client, client.rename(FOLDER + "/plain.txt", FOLDER + "/" + FILE));
        assertTrue(Files.exists(fixture.root().resolve(FOLDER).resolve(FILE)));
        assertArrayEquals(new String[] {FILE}, client.listNames(FOLDER));
        ok(client, client.deleteFile(FOLDER + "/" + FILE));
        ok(client, client.removeDirectory(FOLDER));

        assertEquals(0, client.listNames().length);
        fixture.assertOnlyMode(client, mode);
    }
}
