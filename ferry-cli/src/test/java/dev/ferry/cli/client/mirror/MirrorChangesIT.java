package dev.ferry.cli.client.mirror;

import static dev.ferry.cli.client.mirror.MirrorFixture.mirror;
import static dev.ferry.cli.client.mirror.MirrorFixture.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.cli.client.ExitCode;
import dev.ferry.cli.client.mirror.MirrorFixture.Result;
import dev.ferry.server.FileTrees;
import dev.ferry.server.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a second mirror sends after changes, what --delete removes, what a dry run and links do. */
class MirrorChangesIT {

    @TempDir
    Path dir;

    @AfterEach
    void noFileLeftOpen() {
        FileTrees.assertNoOpenFilesUnder(dir);
    }

    private Path smallTree(Path root) {
        write(root.resolve("a.txt"), "alpha");
        write(root.resolve("sub dir/b.txt"), "bravo");
        write(root.resolve("sub dir/c.txt"), "charlie");
        write(root.resolve("Grüße/日本 語.txt"), "konnichiwa");
        return root;
    }

    @Test
    void uploadSendsAnotherSizeOrANewerSecondAndLeavesAnOlderSource() throws IOException {
        Path source = smallTree(dir.resolve("source"));
        try (TestServer server = TestServer.start()) {
            String remote = url(server, "up");
            Path copy = server.root().resolve("up");
            assertEquals(List.of(4L, 0L, 0L, 0L), mirror(source.toString(), remote).counts());

            write(source.resolve("a.txt"), "alpha, longer");
            write(source.resolve("sub dir/b.txt"), "BRAVO");
            touch(source.resolve("sub dir/b.txt"), copy.resolve("sub dir/b.txt"), Duration.ofSeconds(10));
            write(source.resolve("sub dir/c.txt"), "CHARLIE");
            touch(source.resolve("sub dir/c.txt"), copy.resolve("sub dir/c.txt"), Duration.ofSeconds(-100));

            Result again = mirror(source.toString(), remote);
            assertEquals(0, again.exit(), again.toString());
            assertEquals(List.of(2L, 2L, 0L, 0L), again.counts(), again.toString());
            assertEquals(List.of("put a.txt (13 B, size differs)", "put sub dir/b.txt (5 B, newer)"),
                    again.lines("put ").stream().sorted().toList());
            FileTrees.assertSameBytes(source.resolve("a.txt"), copy.resolve("a.txt"));
            FileTrees.assertSameBytes(source.resolve("sub dir/b.txt"), copy.resolve("sub dir/b.txt"));
            assertEquals("charlie", Files.readString(copy.resolve("sub dir/c.txt")), "the older source was sent");
            assertEquals(Files.getLastModifiedTime(source.resolve("sub dir/b.txt")).toInstant().getEpochSecond(),
                    Files.getLastModifiedTime(copy.resolve("sub dir/b.txt")).toInstant().getEpochSecond(),
                    "MFMT gave the upload its source's time");
        }
    }

    @Test
    void downloadFetchesAnotherSizeOrANewerSecondAndLeavesAnOlderSource() throws IOException {
        try (TestServer server = TestServer.start()) {
            Path remoteTree = smallTree(server.root().resolve("down"));
            String remote = url(server, "down");
            Path here = dir.resolve("here");
            assertEquals(List.of(4L, 0L, 0L, 0L), mirror(remote, here.toString()).counts());
            assertEquals(Files.getLastModifiedTime(remoteTree.resolve("a.txt")).toInstant().getEpochSecond(),
                    Files.getLastModifiedTime(here.resolve("a.txt")).toInstant().getEpochSecond(),
                    "the download has the server's time");

            write(remoteTree.resolve("a.txt"), "alpha, longer");
            write(remoteTree.resolve("sub dir/b.txt"), "BRAVO");
            touch(remoteTree.resolve("sub dir/b.txt"), here.resolve("sub dir/b.txt"), Duration.ofSeconds(10));
            write(remoteTree.resolve("sub dir/c.txt"), "CHARLIE");
            touch(remoteTree.resolve("sub dir/c.txt"), here.resolve("sub dir/c.txt"), Duration.ofSeconds(-100));

            Result again = mirror(remote, here.toString());
            assertEquals(0, again.exit(), again.toString());
            assertEquals(List.of(2L, 2L, 0L, 0L), again.counts(), again.toString());
            assertEquals(List.of("get a.txt (13 B, size differs)", "get sub dir/b.txt (5 B, newer)"),
                    again.lines("get ").stream().sorted().toList());
            FileTrees.assertSameBytes(remoteTree.resolve("sub dir/b.txt"), here.resolve("sub dir/b.txt"));
            assertEquals("charlie", Files.readString(here.resolve("sub dir/c.txt")));
        }
    }

    @Test
    void deleteRemovesWhatTheSourceLacksOnTheServer() throws IOException {
        Path source = smallTree(dir.resolve("source"));
        try (TestServer server = TestServer.start()) {
            String remote = url(server, "up");
            Path copy = server.root().resolve("up");
            mirror(source.toString(), remote);
            write(copy.resolve("extra.txt"), "x");
            write(copy.resolve("old/deeper/y.txt"), "y");
            write(copy.resolve("sub dir/z z.txt"), "z");

            Result kept = mirror(source.toString(), remote);
            assertEquals(List.of(0L, 4L, 0L, 0L), kept.counts(), kept.toString());
            assertTrue(Files.exists(copy.resolve("extra.txt")), "removed without --delete");

            Result deleted = mirror("--delete", source.toString(), remote);
            assertEquals(0, deleted.exit(), deleted.toString());
            assertEquals(List.of(0L, 4L, 5L, 0L), deleted.counts(), deleted.toString());
            assertEquals(List.of("delete sub dir/z z.txt", "delete old/deeper/y.txt", "delete old/deeper/",
                    "delete old/", "delete extra.txt"), deleted.lines("delete "));
            FileTrees.assertSameTree(source, copy);
        }
    }

    @Test
    void deleteRemovesWhatTheSourceLacksHere() throws IOException {
        try (TestServer server = TestServer.start()) {
            Path remoteTree = smallTree(server.root().resolve("down"));
            String remote = url(server, "down");
            Path here = dir.resolve("here");
            mirror(remote, here.toString());
            write(here.resolve("extra.txt"), "x");
            write(here.resolve("old/deeper/y.txt"), "y");

            Result deleted = mirror("--delete", remote, here.toString());
            assertEquals(0, deleted.exit(), deleted.toString());
            assertEquals(List.of(0L, 4L, 4L, 0L), deleted.counts(), deleted.toString());
            FileTrees.assertSameTree(remoteTree, here);
        }
    }

    @Test
    void aDirectoryInTheWayOfAFileIsAFailureUnlessDeleteReplacesIt() throws IOException {
        Path source = smallTree(dir.resolve("source"));
        try (TestServer server = TestServer.start()) {
            String remote = url(server, "up");
            Path copy = server.root().resolve("up");
            write(copy.resolve("a.txt/inside.txt"), "in the way");

            Result refused = mirror(source.toString(), remote);
            assertEquals(ExitCode.REMOTE_FILE.code(), refused.exit(), refused.toString());
            assertEquals(List.of(3L, 0L, 0L, 1L), refused.counts(), refused.toString());
            assertTrue(refused.err().contains("put a.txt: a directory is in the way of the source's file"),
                    refused.err());

            Result replaced = mirror("--delete", source.toString(), remote);
            assertEquals(0, replaced.exit(), replaced.toString());
            assertEquals(List.of(1L, 3L, 2L, 0L), replaced.counts(), replaced.toString());
            FileTrees.assertSameTree(source, copy);
        }
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing() throws IOException {
        Path source = smallTree(dir.resolve("source"));
        try (TestServer server = TestServer.start()) {
            String remote = url(server, "up");
            Result dry = mirror("--dry-run", source.toString(), remote);
            assertEquals(0, dry.exit(), dry.toString());
            assertEquals(List.of("mkdir Grüße", "mkdir sub dir", "put Grüße/日本 語.txt (10 B)",
                    "put a.txt (5 B)", "put sub dir/b.txt (5 B)", "put sub dir/c.txt (7 B)",
                    "dry run: 4 files to transfer (27 B), 0 up to date, 0 to delete"), dry.out().lines().toList());
            assertFalse(Files.exists(server.root().resolve("up")), "a dry run created the destination");

            Path here = dir.resolve("here");
            mirror(source.toString(), remote);
            write(server.root().resolve("up/extra.txt"), "x");
            Result dryDown = mirror("-n", "--delete", remote, here.toString());
            assertEquals(0, dryDown.exit(), dryDown.toString());
            assertTrue(dryDown.out().endsWith("dry run: 5 files to transfer (28 B), 0 up to date, 0 to delete\n"),
                    dryDown.out());
            assertFalse(Files.exists(here));
        }
    }

    @Test
    void linksToDirectoriesAreNotFollowedAndLinksToFilesAreCopiedAsFiles() throws IOException {
        Path source = smallTree(dir.resolve("source"));
        Files.createSymbolicLink(source.resolve("sub dir/loop"), Path.of(".."));
        Files.createSymbolicLink(source.resolve("link to a.txt"), Path.of("a.txt"));
        Files.createSymbolicLink(source.resolve("dangling"), Path.of("nowhere"));
        try (TestServer server = TestServer.start()) {
            Result up = mirror(source.toString(), url(server, "up"));
            assertEquals(0, up.exit(), up.toString());
            assertEquals(List.of(5L, 0L, 0L, 0L), up.counts(), up.toString());
            assertEquals(List.of("skip dangling (symbolic link, not followed)",
                    "skip sub dir/loop (symbolic link, not followed)"), up.lines("skip "));
            Path copy = server.root().resolve("up");
            assertEquals("alpha", Files.readString(copy.resolve("link to a.txt")));
            assertFalse(Files.exists(copy.resolve("sub dir/loop")));
            assertFalse(Files.isSymbolicLink(copy.resolve("link to a.txt")));
        }
    }

    @Test
    void quietPrintsNothingWhenAllGoesWell() {
        Path source = smallTree(dir.resolve("source"));
        try (TestServer server = TestServer.start()) {
            Result quiet = mirror("-q", source.toString(), url(server, "up"));
            assertEquals(0, quiet.exit(), quiet.toString());
            assertEquals("", quiet.out() + quiet.err());
            FileTrees.assertSameTree(source, server.root().resolve("up"));
        }
    }

    private static void write(Path file, String text) {
        FileTrees.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Gives {@code file} the time of {@code other}, moved by {@code shift}. */
    private static void touch(Path file, Path other, Duration shift) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Files.getLastModifiedTime(other).toInstant().plus(shift)));
    }
}
