package dev.ferry.cli.client.mirror;

import static dev.ferry.cli.client.mirror.MirrorFixture.logged;
import static dev.ferry.cli.client.mirror.MirrorFixture.mirror;
import static dev.ferry.cli.client.mirror.MirrorFixture.tree;
import static dev.ferry.cli.client.mirror.MirrorFixture.url;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.cli.client.mirror.MirrorFixture.Result;
import dev.ferry.server.FileTrees;
import dev.ferry.server.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole trees mirrored up and down: a thousand small files on four sessions, and a smaller tree on one. */
class MirrorTreeIT {

    private static final int FILES = 1000;

    @TempDir
    Path dir;

    private static AutoCloseable quiet;

    @BeforeAll
    static void quietServerLog() {
        quiet = MirrorFixture.quietServerLog();
    }

    @AfterAll
    static void restoreServerLog() throws Exception {
        quiet.close();
    }

    @Test
    void mirrorsAThousandFilesUpAndDownAndASecondRunSendsNothing() {
        mirrorUpAndDownTwice(FILES, 4);
    }

    @Test
    void oneSessionDoesTheSame() {
        mirrorUpAndDownTwice(100, 1);
    }

    private void mirrorUpAndDownTwice(int files, int parallel) {
        Path log = dir.resolve("xferlog");
        Path source = tree(dir.resolve("source"), files, 42);
        Path back = dir.resolve("back here");
        String p = Integer.toString(parallel);
        try (TestServer server = TestServer.start(b -> b.transferLog(log))) {
            String remote = url(server, "mirror of tree");

            String[] upward = {"--parallel", p, source.toString(), remote};
            String[] downward = {"--parallel", p, remote, back.toString()};
            String runs = files + " files, --parallel " + p + ": ";

            Result up = timed(runs + "up", () -> mirror(upward));
            assertEquals(0, up.exit(), up.toString());
            assertEquals(List.of((long) files, 0L, 0L, 0L), up.counts(), up.toString());
            FileTrees.assertSameTree(source, server.root().resolve("mirror of tree"));
            assertEquals(files, logged(log, 'i'));

            Result upAgain = timed(runs + "up again", () -> mirror(upward));
            assertEquals(0, upAgain.exit(), upAgain.toString());
            assertEquals(List.of(0L, (long) files, 0L, 0L), upAgain.counts(), upAgain.toString());
            assertEquals(files, logged(log, 'i'), "the second upload sent files");

            Result down = timed(runs + "down", () -> mirror(downward));
            assertEquals(0, down.exit(), down.toString());
            assertEquals(List.of((long) files, 0L, 0L, 0L), down.counts(), down.toString());
            FileTrees.assertSameTree(source, back);
            assertEquals(files, logged(log, 'o'));

            Result downAgain = timed(runs + "down again", () -> mirror(downward));
            assertEquals(0, downAgain.exit(), downAgain.toString());
            assertEquals(List.of(0L, (long) files, 0L, 0L), downAgain.counts(), downAgain.toString());
            assertEquals(files, logged(log, 'o'), "the second download fetched files");
            assertEquals(files, up.lines("put ").size());
            assertEquals(0, upAgain.lines("put ").size() + downAgain.lines("get ").size());
        }
        FileTrees.assertNoOpenFilesUnder(dir);
    }

    /** Prints how long a run took: figures for the record, never asserted. */
    private static Result timed(String what, Supplier<Result> run) {
        long start = System.nanoTime();
        Result result = run.get();
        System.out.printf("mirror %s: %d ms%n", what, (System.nanoTime() - start) / 1_000_000);
        return result;
    }
}
