package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root is a chroot: no client path reaches a file outside it, by {@code ..}, by encodings that look like
 * {@code ..}, by NUL, or by a symlink. The root sits two levels down in a temporary folder, so every place a
 * naive server would write to ({@code ../x}, {@code ../../x}) is a place this test can inspect.
 */
class SecurityPathIT {

    private static final byte[] INSIDE = "inside the root\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SECRET = "outside the root\n".getBytes(StandardCharsets.UTF_8);
    private static final Pattern PWD = Pattern.compile("^\"((?:[^\"]|\"\")*)\"");

    @TempDir
    Path base;
    /** base/x/root: the server's root. */
    private Path root;
    /** base/outside, reachable from the root as ../../outside. */
    private Path outside;

    @BeforeEach
    void layout() throws IOException {
        root = Files.createDirectories(base.resolve("x").resolve("root"));
        outside = Files.createDirectories(base.resolve("outside"));
        Files.write(outside.resolve("secret-outside.txt"), SECRET);
        Files.createDirectories(root.resolve("etc"));
        Files.write(root.resolve("etc").resolve("passwd"), INSIDE);
        Files.write(root.resolve("a.txt"), INSIDE);
        Files.createDirectories(root.resolve("dir"));
        Files.write(root.resolve("dir").resolve("inner.txt"), INSIDE);
    }

    private TestServer start() {
        return TestServer.start(b -> b.root(root));
    }

    private static List<String> traversals() {
        return List.of(
                "../../etc/passwd",
                "/../../etc/passwd",
                "..\\..\\x",
                "%2e%2e/%2e%2e/etc/passwd",
                "\uff0e\uff0e/\uff0e\uff0e/etc/passwd", // fullwidth full stops
                "../../outside/secret-outside.txt",
                "dir/../../../outside/secret-outside.txt",
                "/./../outside/../../outside/secret-outside.txt",
                "etc/passwd\0../../../outside/secret-outside.txt",
                "../../outside/secret-outside.txt\0.txt");
    }

    @Test
    void traversalNeverLeavesTheRoot() throws IOException {
        try (TestServer server = start();
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(200, ftp.send("TYPE I"));
            for (String path : traversals()) {
                RawFtp.Transfer retr = ftp.download("RETR " + path);
                if (retr.last().code() == 226) {
                    assertArrayEquals(INSIDE, retr.data(), "RETR " + path + " read a file outside the root");
                } else {
                    assertRefused(retr.last(), "RETR " + path);
                }

                RawFtp.Transfer list = ftp.download("LIST " + path);
                if (list.last().code() == 226) {
                    assertFalse(list.dataText().contains("secret-outside"), "LIST " + path + ": " + list.dataText());
                } else {
                    assertRefused(list.last(), "LIST " + path);
                }

                RawFtp.Reply size = ftp.send("SIZE " + path);
                if (size.code() == 213) {
                    assertEquals(String.valueOf(INSIDE.length), size.text(), "SIZE " + path);
                } else {
                    assertRefused(size, "SIZE " + path);
                }

                RawFtp.Reply stat = ftp.send("STAT " + path);
                if (stat.code() == 213) {
                    assertFalse(stat.text().contains("secret-outside"), "STAT " + path + ": " + stat);
                } else {
                    assertRefused(stat, "STAT " + path);
                }

                RawFtp.Reply cwd = ftp.send("CWD " + path);
                if (cwd.code() == 250) {
                    assertTrue(Files.isDirectory(root.resolve(pwd(ftp).substring(1))), "CWD " + path);
                    ftp.expect(250, ftp.send("CWD /"));
                } else {
                    assertRefused(cwd, "CWD " + path);
                }
            }
            for (String path : traversals()) { // last: a DELE that stays inside may remove /etc/passwd
                RawFtp.Reply dele = ftp.send("DELE " + path);
                if (dele.code() != 250) {
                    assertRefused(dele, "DELE " + path);
                }
            }
            assertEquals("/", pwd(ftp));
            assertArrayEquals(SECRET, read(outside.resolve("secret-outside.txt")));
            assertNoRealPathShown(ftp);
        }
    }

    @Test
    void writesThroughTraversalStayInsideTheRoot() throws IOException {
        byte[] upload = "uploaded\n".getBytes(StandardCharsets.UTF_8);
        try (TestServer server = start();
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(200, ftp.send("TYPE I"));
            for (String prefix : List.of("../../", "/../../", "..\\..\\", "%2e%2e/%2e%2e/",
                    "\uff0e\uff0e/\uff0e\uff0e/", "dir/../../../", "../../outside/")) {
                RawFtp.Transfer stor = ftp.upload("STOR " + prefix + "made.txt", upload);
                if (stor.last().code() != 226) {
                    assertRefused(stor.last(), "STOR " + prefix);
                }
                RawFtp.Reply mkd = ftp.send("MKD " + prefix + "made-dir");
                if (mkd.code() != 257) {
                    assertRefused(mkd, "MKD " + prefix);
                }
                assertNothingOutside("made.txt");
                assertNothingOutside("made-dir");
            }
            RawFtp.Reply nul = ftp.send("MKD ../../made\0dir");
            assertRefused(nul, "MKD with NUL");
            assertNoRealPathShown(ftp);
        }
        assertArrayEquals(upload, read(root.resolve("made.txt")), "STOR ../../made.txt is /made.txt");
        assertTrue(Files.isDirectory(root.resolve("made-dir")), "MKD ../../made-dir is /made-dir");
    }

    @Test
    void storOfEscapingPathCreatesTheFileAtTheRoot() throws IOException {
        byte[] upload = "escaped?\n".getBytes(StandardCharsets.UTF_8);
        try (TestServer server = start();
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(200, ftp.send("TYPE I"));
            RawFtp.Transfer stor = ftp.upload("STOR ../../escape.txt", upload);
            ftp.expect(226, stor.last());
        }
        assertArrayEquals(upload, read(root.resolve("escape.txt")));
        assertFalse(Files.exists(root.getParent().resolve("escape.txt")));
        assertFalse(Files.exists(base.resolve("escape.txt")));
    }

    @Test
    void parentOfTheRootIsTheRoot() {
        try (TestServer server = start();
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            assertEquals("/", pwd(ftp));
            ftp.expect(250, ftp.send("CWD .."));
            assertEquals("/", pwd(ftp));
            ftp.expect(250, ftp.send("CWD ../../.."));
            assertEquals("/", pwd(ftp));
            ftp.expect(250, ftp.send("CDUP"));
            assertEquals("/", pwd(ftp));
            ftp.expect(250, ftp.send("CWD dir"));
            assertEquals("/dir", pwd(ftp));
            ftp.expect(250, ftp.send("CWD ../../etc"));
            assertEquals("/etc", pwd(ftp));
            ftp.expect(250, ftp.send("XCUP"));
            assertEquals("/", pwd(ftp));
            RawFtp.Transfer list = ftp.download("NLST ..");
            ftp.expect(226, list.last());
            assertEquals(List.of("a.txt", "dir", "etc"), list.dataText().lines().toList());
            assertNoRealPathShown(ftp);
        }
    }

    @Test
    void symlinkToOutsideIsRefusedAndHidden() throws IOException {
        Files.createSymbolicLink(root.resolve("link"), outside);
        Files.createSymbolicLink(root.resolve("filelink"), outside.resolve("secret-outside.txt"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("..")); // relative: base/x
        try (TestServer server = start();
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(200, ftp.send("TYPE I"));
            ftp.expect(550, ftp.send("CWD link"));
            ftp.expect(550, ftp.send("CWD up"));
            ftp.expect(550, ftp.send("CWD up/../outside"));
            assertEquals("/", pwd(ftp));
            ftp.expect(550, ftp.download("RETR link/secret-outside.txt").last());
            ftp.expect(550, ftp.download("RETR filelink").last());
            ftp.expect(550, ftp.download("LIST up").last());
            ftp.expect(550, ftp.download("LIST link").last());
            ftp.expect(550, ftp.download("NLST up").last());
            ftp.expect(550, ftp.download("MLSD link").last());
            ftp.expect(550, ftp.send("MLST link"));
            ftp.expect(550, ftp.send("SIZE filelink"));
            ftp.expect(550, ftp.send("MDTM link/secret-outside.txt"));

            ftp.expect(550, ftp.upload("STOR link/new.txt", INSIDE).last());
            ftp.expect(550, ftp.upload("STOR filelink", INSIDE).last());
            ftp.expect(550, ftp.upload("APPE filelink", INSIDE).last());
            ftp.expect(550, ftp.send("MKD link/sub"));
            ftp.expect(550, ftp.send("DELE link/secret-outside.txt"));
            ftp.expect(550, ftp.send("RNFR link/secret-outside.txt"));
            ftp.expect(350, ftp.send("RNFR a.txt"));
            ftp.expect(550, ftp.send("RNTO link/moved.txt"));

            for (String verb : List.of("LIST -a", "NLST", "MLSD")) {
                RawFtp.Transfer listing = ftp.download(verb);
                ftp.expect(226, listing.last());
                for (String hidden : List.of("link", "up")) {
                    assertFalse(listing.dataText().lines().anyMatch(l -> l.endsWith(" " + hidden) || l.equals(hidden)
                            || l.endsWith(";" + hidden) || l.endsWith("; " + hidden)),
                            verb + " shows " + hidden + ":\n" + listing.dataText());
                }
                assertTrue(listing.dataText().contains("a.txt"), listing.dataText());
            }
            assertNoRealPathShown(ftp);
        }
        assertArrayEquals(SECRET, read(outside.resolve("secret-outside.txt")));
        try (var entries = Files.list(outside)) {
            assertEquals(List.of(outside.resolve("secret-outside.txt")), entries.toList());
        }
        assertArrayEquals(INSIDE, read(root.resolve("a.txt")));
    }

    @Test
    void danglingSymlinkToOutsideCannotCreateItsTarget() throws IOException {
        Path target = outside.resolve("nowhere.txt");
        Files.createSymbolicLink(root.resolve("dangling"), target);
        Files.createSymbolicLink(root.resolve("dangling-dir"), outside.resolve("no-dir"));
        try (TestServer server = start();
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(200, ftp.send("TYPE I"));
            ftp.expect(550, ftp.upload("STOR dangling", INSIDE).last());
            ftp.expect(550, ftp.upload("APPE dangling", INSIDE).last());
            ftp.expect(550, ftp.upload("STOR dangling-dir/x.txt", INSIDE).last());
            ftp.expect(550, ftp.send("MKD dangling-dir"));
            RawFtp.Transfer list = ftp.download("LIST -a");
            ftp.expect(226, list.last());
            assertFalse(list.dataText().contains("dangling"), list.dataText());
            assertNoRealPathShown(ftp);
        }
        assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(outside.resolve("no-dir"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void symlinkInsideTheRootWorks() throws IOException {
        Files.createSymbolicLink(root.resolve("inlink"), root.resolve("dir"));
        Files.createSymbolicLink(root.resolve("infile"), Path.of("a.txt")); // relative
        try (TestServer server = start();
             RawFtp ftp = RawFtp.login(server.port(), TestServer.USER, TestServer.PASSWORD)) {
            ftp.expect(200, ftp.send("TYPE I"));
            RawFtp.Transfer list = ftp.download("NLST");
            ftp.expect(226, list.last());
            assertEquals(List.of("a.txt", "dir", "etc", "infile", "inlink"), list.dataText().lines().toList());

            RawFtp.Transfer viaFile = ftp.download("RETR infile");
            ftp.expect(226, viaFile.last());
            assertArrayEquals(INSIDE, viaFile.data());

            ftp.expect(250, ftp.send("CWD inlink"));
            assertEquals("/inlink", pwd(ftp));
            RawFtp.Transfer viaDir = ftp.download("RETR inner.txt");
            ftp.expect(226, viaDir.last());
            assertArrayEquals(INSIDE, viaDir.data());

            byte[] upload = "through a link\n".getBytes(StandardCharsets.UTF_8);
            ftp.expect(226, ftp.upload("STOR new.txt", upload).last());
            assertArrayEquals(upload, read(root.resolve("dir").resolve("new.txt")));
            ftp.expect(250, ftp.send("CWD .."));
            assertEquals("/", pwd(ftp));
            assertNoRealPathShown(ftp);
        }
    }

    // --- helpers ---

    private static String pwd(RawFtp ftp) {
        RawFtp.Reply reply = ftp.expect(257, ftp.send("PWD"));
        Matcher m = PWD.matcher(reply.text());
        assertTrue(m.find(), () -> "PWD reply without a quoted path: " + reply);
        String path = m.group(1).replace("\"\"", "\"");
        assertTrue(path.startsWith("/"), () -> "PWD is not a virtual absolute path: " + reply);
        return path;
    }

    private static void assertRefused(RawFtp.Reply reply, String what) {
        assertTrue(reply.code() >= 500 && reply.code() < 600, () -> what + ": expected 5xx, got " + reply);
    }

    /** No reply names the real location of anything. */
    private void assertNoRealPathShown(RawFtp ftp) {
        List<String> real;
        try {
            real = List.of(base.toString(), base.toRealPath().toString(), root.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (RawFtp.Reply reply : ftp.transcript()) {
            for (String r : real) {
                assertFalse(reply.text().contains(r), () -> "reply shows a real path: " + reply);
            }
        }
    }

    private void assertNothingOutside(String name) {
        for (Path place : List.of(root.getParent().resolve(name), base.resolve(name), outside.resolve(name))) {
            assertFalse(Files.exists(place, LinkOption.NOFOLLOW_LINKS), () -> "created outside the root: " + place);
        }
    }

    private static byte[] read(Path file) throws IOException {
        return Files.readAllBytes(file);
    }
}
