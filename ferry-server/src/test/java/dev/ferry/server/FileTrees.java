package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Files and folder trees for the client tests: random content, and byte-for-byte comparison. */
public final class FileTrees {

    private FileTrees() {
    }

    /** Random bytes; the seed makes a failure reproducible. */
    public static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    public static Path write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of {@code size} zero bytes that takes no disk space (a hole), for transfers that must be long. */
    public static Path sparseFile(Path file, long size) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code root} and everything under it (the server roots, which TestServer leaves behind). */
    public static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that {@code actual} has exactly the bytes of {@code expected}, naming the first difference. */
    public static void assertSameBytes(Path expected, Path actual) {
        try {
            assertTrue(Files.isRegularFile(actual), actual + " is not a file");
            long mismatch = Files.mismatch(expected, actual);
            assertEquals(-1L, mismatch, actual + " differs from " + expected + " at byte " + mismatch + " (sizes "
                    + Files.size(expected) + " and " + Files.size(actual) + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that two trees hold the same folders and files, and every file the same bytes. */
    public static void assertSameTree(Path expected, Path actual) {
        SortedSet<String> expectedEntries = entries(expected);
        assertEquals(expectedEntries, entries(actual), "entries of " + actual + " versus " + expected);
        for (String entry : expectedEntries) {
            if (!entry.endsWith("/")) {
                assertSameBytes(expected.resolve(entry), actual.resolve(entry));
            }
        }
    }

    /** Relative paths of everything under {@code root}, folders with a trailing "/". */
    public static SortedSet<String> entries(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            SortedSet<String> entries = new TreeSet<>();
            walk.filter(p -> !p.equals(root)).forEach(p -> {
                String relative = root.relativize(p).toString();
                entries.add(Files.isDirectory(p) ? relative + "/" : relative);
            });
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Name to size of the entries of one folder, "/" appended to folder names (folders given size 0, as in {@link LsLine#sizes}). */
    public static Map<String, Long> sizes(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            Map<String, Long> sizes = new TreeMap<>();
            list.forEach(p -> {
                try {
                    boolean folder = Files.isDirectory(p);
                    sizes.put(p.getFileName() + (folder ? "/" : ""), folder ? 0L : Files.size(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return sizes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that this JVM holds no open file under {@code root} (Linux: /proc/self/fd); elsewhere the check
     * is skipped. Call it after the server has stopped.
     */
    public static void assertNoOpenFilesUnder(Path root) {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return;
        }
        try (Stream<Path> list = Files.list(fds)) {
            Path realRoot = root.toRealPath();
            List<String> open = new ArrayList<>();
            list.forEach(fd -> {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(realRoot)) {
                        open.add(target.toString());
                    }
                } catch (IOException e) {
                    // closed while we looked
                }
            });
            assertEquals(List.of(), open, "file handles left open under " + root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
