package dev.ferry.server;

import static dev.ferry.server.CommonsNetFixture.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** LIST, NLST, MLSD, MLST and STAT with a path, parsed by Commons Net, in each data-connection mode. */
@Timeout(60)
class CommonsNetListingsIT {

    private static final Instant ALPHA_MODIFIED = Instant.parse("2021-03-04T05:06:07Z");

    private CommonsNetFixture fixture;

    /** A file listing as the tests compare it: size, or -1 for a folder. */
    private record Entry(String name, long size) {
        static Entry of(FTPFile file) {
            return new Entry(file.getName(), file.isDirectory() ? -1 : file.getSize());
        }
    }

    @BeforeEach
    void start() throws IOException {
        fixture = CommonsNetFixture.start();
        Path root = fixture.root();
        Files.write(root.resolve("alpha.txt"), new byte[5]);
        Files.setLastModifiedTime(root.resolve("alpha.txt"), FileTime.from(ALPHA_MODIFIED));
        Files.write(root.resolve("beta.bin"), new byte[1234]);
        Files.write(root.resolve(".hidden"), new byte[2]);
        Files.createDirectory(root.resolve("sub"));
        Files.write(root.resolve("sub/inner.txt"), new byte[3]);
    }

    @AfterEach
    void stop() throws IOException {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void listGivesNamesSizesAndFolders(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        FTPFile[] files = client.listFiles();

        assertEquals(226, client.getReplyCode(), client.getReplyString());
        assertEquals(List.of(new Entry("alpha.txt", 5), new Entry("beta.bin", 1234), new Entry("sub", -1)),
                entries(files), "hidden files are left out without -a");
        assertTrue(files[2].isDirectory());
        assertTrue(files[0].isFile());
        assertEquals(List.of(new Entry("inner.txt", 3)), entries(client.listFiles("sub")));
        assertEquals(List.of(new Entry("beta.bin", 1234)), entries(client.listFiles("beta.bin")), "LIST of one file");
        fixture.assertOnlyMode(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void listWithDashAShowsHiddenFiles(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);
        client.setListHiddenFiles(true);

        List<Entry> entries = entries(client.listFiles());

        assertTrue(fixture.transcript(client).entries().stream().anyMatch(e -> e.text().startsWith("LIST -a")),
                "Commons Net sent LIST -a");
        assertTrue(entries.contains(new Entry(".hidden", 2)), entries.toString());
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void listOfAMissingPathIsRefused(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        assertEquals(0, client.listFiles("nowhere").length);

        assertEquals(550, client.getReplyCode(), client.getReplyString());
        ok(client, client.sendNoOp());
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void nlstGivesNamesOnly(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        assertArrayEquals(new String[] {"alpha.txt", "beta.bin", "sub"}, client.listNames());
        assertArrayEquals(new String[] {"inner.txt"}, client.listNames("sub"));
        fixture.assertOnlyMode(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void mlsdGivesTypeSizeModifyAndPermFacts(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        Map<String, FTPFile> byName = byName(client.mlistDir());

        assertEquals(226, client.getReplyCode(), client.getReplyString());
        assertTrue(byName.keySet().containsAll(List.of("alpha.txt", "beta.bin", "sub")), byName.keySet().toString());
        FTPFile alpha = byName.get("alpha.txt");
        assertTrue(alpha.isFile());
        assertEquals(5, alpha.getSize());
        assertEquals(ALPHA_MODIFIED, alpha.getTimestamp().toInstant());
        Map<String, String> alphaFacts = facts(alpha);
        assertEquals("file", alphaFacts.get("type"));
        assertEquals("20210304050607", alphaFacts.get("modify"));
        assertEquals("radfw", alphaFacts.get("perm"));
        assertEquals(1234, byName.get("beta.bin").getSize());
        FTPFile sub = byName.get("sub");
        assertTrue(sub.isDirectory());
        assertEquals("dir", facts(sub).get("type"));
        assertEquals("elcmpfd", facts(sub).get("perm"));
        assertEquals(List.of("inner.txt"), Arrays.stream(client.mlistDir("sub")).map(FTPFile::getName).toList());
        fixture.assertOnlyMode(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void mlsdPermFactsShowWhatAReadOnlyUserMayDo(DataMode mode) throws IOException {
        FTPClient client = fixture.login(TestServer.READ_ONLY_USER, mode);

        Map<String, FTPFile> byName = byName(client.mlistDir());

        assertEquals("r", facts(byName.get("alpha.txt")).get("perm"));
        assertEquals("el", facts(byName.get("sub")).get("perm"));
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void mlstGivesTheFactsOfOnePathOnTheControlConnection(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        FTPFile alpha = client.mlistFile("alpha.txt");
        FTPFile sub = client.mlistFile("/sub");
        FTPFile missing = client.mlistFile("nothing-here");

        assertNotNull(alpha, client.getReplyString());
        assertEquals("/alpha.txt", alpha.getName());
        assertTrue(alpha.isFile());
        assertEquals(5, alpha.getSize());
        assertEquals(ALPHA_MODIFIED, alpha.getTimestamp().toInstant());
        assertEquals("radfw", facts(alpha).get("perm"));
        assertNotNull(sub);
        assertTrue(sub.isDirectory());
        assertNull(missing);
        assertEquals(550, client.getReplyCode());
        // the control connection is still in step: a listing in this mode follows
        assertEquals(3, client.listNames().length);
        fixture.assertOnlyMode(client, mode);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void statWithAPathListsOnTheControlConnection(DataMode mode) throws IOException {
        FTPClient client = fixture.login(mode);

        int code = client.stat("sub");
        String reply = client.getReplyString();

        assertEquals(213, code, reply);
        assertTrue(reply.contains("inner.txt"), reply);
        assertTrue(reply.lines().anyMatch(l -> l.matches("-rw.* 3 .* inner\\.txt")), reply);
        assertEquals(550, client.stat("nowhere"), client.getReplyString());
        assertEquals(3, client.listNames().length);
        fixture.assertOnlyMode(client, mode);
    }

    private static List<Entry> entries(FTPFile[] files) {
        return Arrays.stream(files).map(Entry::of).toList();
    }

    private static Map<String, FTPFile> byName(FTPFile[] files) {
        return Arrays.stream(files).collect(Collectors.toMap(FTPFile::getName, f -> f, (a, b) -> a, TreeMap::new));
    }

    /** The facts of an MLSx entry as sent, with lower-case names (RFC 3659 §7: fact names are case-insensitive). */
    static Map<String, String> facts(FTPFile file) {
        String raw = file.getRawListing();
        Map<String, String> facts = new HashMap<>();
        for (String fact : raw.substring(0, raw.indexOf(' ')).split(";")) {
            int eq = fact.indexOf('=');
            facts.put(fact.substring(0, eq).toLowerCase(Locale.ROOT), fact.substring(eq + 1));
        }
        return facts;
    }
}
