package dev.ferry.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.FileTrees;
import dev.ferry.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ferry mkdir}, {@code rm}, {@code rmdir} and {@code mv} against a real server, run in-process. */
class FileCommandsIT {

    private TestServer server;
    private Path root;

    @BeforeEach
    void start() {
        server = TestServer.start();
        root = server.root();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url(String path) {
        return Ferry.url(server, path);
    }

    private void write(String path) {
        FileTrees.write(root.resolve(path), path.getBytes());
    }

    @Test
    void mkdirCreatesOneFolderAndWithParentsAWholePath() {
        assertEquals(0, Ferry.run("mkdir", url("a")).exit());
        assertTrue(Files.isDirectory(root.resolve("a")));
        Ferry.Result missingParent = Ferry.run("mkdir", url("x/y/z"));
        assertEquals(5, missingParent.exit(), missingParent.toString());
        assertEquals(0, Ferry.run("mkdir", "-p", url("x/y/z/")).exit());
        assertTrue(Files.isDirectory(root.resolve("x/y/z")));
        assertEquals(0, Ferry.run("mkdir", "-p", url("x/y/z")).exit(), "an existing folder is fine with -p");
        assertEquals(5, Ferry.run("mkdir", url("a")).exit(), "but not without");
    }

    @Test
    void rmRemovesFilesAndRefusesFoldersWithoutR() {
        write("one.txt");
        write("two.txt");
        write("d/inner.txt");
        assertEquals(0, Ferry.run("rm", url("one.txt"), url("two.txt")).exit());
        assertFalse(Files.exists(root.resolve("one.txt")) || Files.exists(root.resolve("two.txt")));
        Ferry.Result folder = Ferry.run("rm", url("d"));
        assertEquals(5, folder.exit(), folder.toString());
        assertTrue(folder.err().contains("is a folder") && folder.err().contains("ferry rm -r"), folder.err());
        assertTrue(Files.exists(root.resolve("d/inner.txt")));
        Ferry.Result missing = Ferry.run("rm", url("nothing.txt"));
        assertEquals(5, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("550"), missing.err());
    }

    @Test
    void rmRecursiveRemovesAWholeTree() {
        write("t/a.txt");
        write("t/sub/b.txt");
        write("t/sub/deeper/c.txt");
        write("keep.txt");
        Ferry.Result r = Ferry.run("rm", "-r", url("t/"), url("keep.txt"));
        assertEquals(0, r.exit(), r.toString());
        assertFalse(Files.exists(root.resolve("t")));
        assertFalse(Files.exists(root.resolve("keep.txt")), "-r removes files too");
    }

    @Test
    void rmdirRemovesAnEmptyFolderOnly() throws Exception {
        Files.createDirectories(root.resolve("empty"));
        write("full/f.txt");
        assertEquals(0, Ferry.run("rmdir", url("empty")).exit());
        assertFalse(Files.exists(root.resolve("empty")));
        Ferry.Result full = Ferry.run("rmdir", url("full"));
        assertEquals(5, full.exit(), full.toString());
        assertTrue(full.err().contains("ferry rm -r"), full.err());
    }

    @Test
    void mvRenamesAndMovesIntoFolders() throws Exception {
        write("a.txt");
        Files.createDirectories(root.resolve("dir"));
        assertEquals(0, Ferry.run("mv", url("a.txt"), "b.txt").exit());
        assertEquals("a.txt", Files.readString(root.resolve("b.txt")));
        assertEquals(0, Ferry.run("mv", url("b.txt"), "dir").exit(), "an existing folder: into it");
        assertTrue(Files.exists(root.resolve("dir/b.txt")));
        assertEquals(0, Ferry.run("mv", url("dir/b.txt"), "/c.txt").exit());
        assertTrue(Files.exists(root.resolve("c.txt")));
        assertEquals(5, Ferry.run("mv", url("c.txt"), url("new/")).exit(), "a folder that does not exist");
        assertEquals(0, Ferry.run("mv", url("c.txt"), url("dir/d.txt")).exit(), "a URL on the same server");
        assertTrue(Files.exists(root.resolve("dir/d.txt")));
        Ferry.Result missing = Ferry.run("mv", url("nothing"), "x");
        assertEquals(5, missing.exit(), missing.toString());
    }
}
