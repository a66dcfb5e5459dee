package dev.ferry.server.fs;

import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Uploads in progress: the hidden name an upload is written under until it is complete, and the claim that
 * lets one session at a time write a file.
 *
 * <p>An upload of {@code dir/name} is written to {@code dir/.ferry-upload.name} and renamed over
 * {@code dir/name} when complete. The name is derived from the target alone, so a later {@code REST n} +
 * {@code STOR name}, even after a restart of the server, finds the partial file again. A name that would
 * pass the 255-byte limit of file names becomes {@code .ferry-upload.sha256-<hex of the name>}. Names with
 * the prefix are reserved: {@link VirtualFileSystem} neither lists nor resolves them.
 *
 * <p>The claims are held in this JVM, for every server in it: what they guard is a file, and a file is one
 * for the whole process. {@link java.nio.channels.FileLock} cannot do it: within one JVM it throws
 * {@link java.nio.channels.OverlappingFileLockException}, and on Linux closing any channel of the file (a
 * refused second upload's) drops the POSIX lock of the first. Two server processes on one root do not
 * coordinate.
 */
public final class Uploads {

    /** The prefix of the hidden name of an upload in progress. */
    public static final String PREFIX = ".ferry-upload.";
    private static final int NAME_MAX_BYTES = 255;

    private static final Set<Path> CLAIMED = ConcurrentHashMap.newKeySet();

    private Uploads() {
    }

    /** Whether a file name is one of the reserved names of uploads in progress. */
    public static boolean isReserved(String name) {
        return name.startsWith(PREFIX);
    }

    /** The hidden name beside {@code target} that its upload is written under. */
    public static Path temporaryFor(Path target) {
        String name = target.getFileName().toString();
        String hidden = PREFIX + name;
        if (hidden.getBytes(StandardCharsets.UTF_8).length > NAME_MAX_BYTES) {
            hidden = PREFIX + "sha256-" + sha256(name);
        }
        return target.resolveSibling(hidden);
    }

    /**
     * The file an upload to {@code real} writes: a symlink (which resolve kept inside the root) is followed,
     * as an in-place write would follow it, so the claim and the hidden name belong to the file itself.
     */
    public static Path target(Path real) throws IOException {
        if (Files.exists(real)) {
            return real.toRealPath();
        }
        return real.getParent().toRealPath().resolve(real.getFileName().toString());
    }

    /** One session's right to write a file; closing gives it up. */
    public static final class Claim implements AutoCloseable {
        private final Path target;
        private boolean released;

        private Claim(Path target) {
            this.target = target;
        }

        /** The file being written, symlinks followed. */
        public Path target() {
            return target;
        }

        /** Where the upload is written until it is complete. */
        public Path temporary() {
            return temporaryFor(target);
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                CLAIMED.remove(target);
            }
        }
    }

    /**
     * Claims the right to write {@code real} (see {@link #target}).
     *
     * @throws ReplyException 450 while another session writes it
     */
    public static Claim claim(Path real, String virtual) throws ReplyException, IOException {
        Path target = target(real);
        if (!CLAIMED.add(target)) {
            throw busy(virtual);
        }
        return new Claim(target);
    }

    /**
     * Refuses to change {@code real} (delete, rename) while a session uploads it.
     *
     * @throws ReplyException 450 while another session writes it
     */
    public static void requireNotUploading(Path real, String virtual) throws ReplyException, IOException {
        if (CLAIMED.contains(target(real))) {
            throw busy(virtual);
        }
    }

    /**
     * Removes the partial uploads left in {@code folder}, when nothing else is in it and no session is
     * uploading there: what RMD needs, since the client cannot see them (nor remove them by name).
     *
     * @return false when the folder holds anything else, or an upload is running in it
     */
    public static boolean removeAbandonedIn(Path folder) throws IOException {
        Path real = folder.toRealPath();
        if (CLAIMED.stream().anyMatch(target -> real.equals(target.getParent()))) {
            return false;
        }
        java.util.List<Path> partials = new java.util.ArrayList<>();
        try (var entries = Files.newDirectoryStream(real)) {
            for (Path entry : entries) {
                if (!isReserved(entry.getFileName().toString()) || Files.isDirectory(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
                partials.add(entry);
            }
        }
        for (Path partial : partials) {
            Files.deleteIfExists(partial);
        }
        return true;
    }

    private static ReplyException busy(String virtual) {
        return new ReplyException(ReplyCode.FILE_BUSY, virtual + ": being uploaded by another session; try again later");
    }

    private static String sha256(String name) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
