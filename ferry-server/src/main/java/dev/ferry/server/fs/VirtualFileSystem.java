package dev.ferry.server.fs;

import dev.ferry.protocol.FileFacts;
import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one door from a client's path to a real file. Client paths live in a virtual space whose "/" is the
 * user's home; {@link #resolve} is the only way to turn one into a real {@link Path}, and it refuses any path
 * that leaves the home: by {@code ..} (clamped at "/", as in a chroot), or by a symlink anywhere along the
 * way. Works on any {@link java.nio.file.FileSystem}: the local disk, or an in-memory one in tests.
 * Replies only ever show virtual paths.
 */
public final class VirtualFileSystem {


    private final Path root;
    private final boolean canWrite;

    private VirtualFileSystem(Path root, boolean canWrite) {
        this.root = root;
        this.canWrite = canWrite;
    }

    /** A virtual file system rooted at {@code home}, which must exist and be a folder. */
    public static VirtualFileSystem open(Path home, boolean canWrite) throws IOException {
        Path real = home.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new NoSuchFileException(home.toString(), null, "not a folder");
        }
        return new VirtualFileSystem(real, canWrite);
    }

    /** A path both as the client sees it ({@code /docs/a.txt}) and as it is on disk. */
    public record Resolved(String virtual, Path real) {

        /** The last element of the virtual path, "/" for the root. */
        public String name() {
            int slash = virtual.lastIndexOf('/');
            return virtual.length() == 1 ? "/" : virtual.substring(slash + 1);
        }
    }

    public boolean canWrite() {
        return canWrite;
    }

    /**
     * Resolves a client path against the working folder.
     *
     * @throws ReplyException 553 for a name the file system cannot hold, 550 for a path that escapes the home
     *                        or names an upload in progress by its hidden name ({@link Uploads})
     */
    public Resolved resolve(String cwd, String argument) throws ReplyException, IOException {
        String virtual = normalize(cwd, argument);
        if (virtual.indexOf('\r') >= 0 || virtual.indexOf('\n') >= 0 || virtual.indexOf('\0') >= 0) {
            // Replies echo paths; a CR (a bare one survives the line reader) must never reach the control
            // connection, and no Unix name holds NUL (found by VirtualFileSystemFuzzTest).
            throw new ReplyException(ReplyCode.BAD_FILE_NAME, "File names with CR, LF or NUL are not allowed");
        }
        Path real = root;
        if (!virtual.equals("/")) {
            for (String element : virtual.substring(1).split("/")) {
                if (Uploads.isReserved(element)) {
                    // Nobody reads, writes or removes a half-written upload by its hidden name: it is
                    // reached only through its target (REST + STOR resumes it, DELE removes it).
                    throw new ReplyException(ReplyCode.FILE_UNAVAILABLE,
                            argument + ": name reserved for uploads in progress");
                }
                try {
                    real = real.resolve(element);
                } catch (java.nio.file.InvalidPathException e) {
                    throw new ReplyException(ReplyCode.BAD_FILE_NAME, "File name not allowed: " + argument);
                }
            }
        }
        requireInside(real, argument);
        return new Resolved(virtual, real);
    }

    /**
     * The absolute virtual path for {@code argument} seen from {@code cwd}: "." and ".." resolved, ".." at
     * the root staying at the root, repeated slashes collapsed.
     */
    public static String normalize(String cwd, String argument) throws ReplyException {
        if (argument.indexOf('\0') >= 0) {
            throw new ReplyException(ReplyCode.BAD_FILE_NAME, "File name not allowed: contains NUL");
        }
        String combined = argument.startsWith("/") ? argument : cwd + "/" + argument;
        List<String> elements = new ArrayList<>();
        for (String element : combined.split("/")) {
            if (element.isEmpty() || element.equals(".")) {
                continue;
            }
            if (element.equals("..")) {
                if (!elements.isEmpty()) {
                    elements.removeLast();
                }
                continue;
            }
            elements.add(element);
        }
        return "/" + String.join("/", elements);
    }

    /**
     * Refuses a path whose real location, with every symlink followed, is outside the root. A path that does
     * not exist yet is judged by its nearest existing ancestor; a dangling symlink is refused, since writing
     * through it would create its target wherever it points.
     */
    private void requireInside(Path real, String argument) throws ReplyException, IOException {
        Path probe = real;
        while (probe != null && probe.startsWith(root)) {
            if (Files.exists(probe, LinkOption.NOFOLLOW_LINKS)) {
                Path target;
                try {
                    target = probe.toRealPath();
                } catch (NoSuchFileException e) {
                    throw outside(argument);
                }
                if (!target.startsWith(root)) {
                    throw outside(argument);
                }
                return;
            }
            probe = probe.getParent();
        }
        throw outside(argument);
    }

    private static ReplyException outside(String argument) {
        return new ReplyException(ReplyCode.FILE_UNAVAILABLE, argument + ": No such file or directory");
    }

    /** The facts of one file, following a symlink to its (inside) target. */
    public FileFacts facts(Path real, String name) throws IOException {
        return facts(readAttributes(real), name);
    }

    private FileFacts facts(BasicFileAttributes attributes, String name) {
        boolean directory = attributes.isDirectory();
        String mode = attributes instanceof PosixFileAttributes posix
                ? PosixFilePermissions.toString(posix.permissions())
                : directory ? "rwxr-xr-x" : "rw-r--r--";
        String perm = directory ? (canWrite ? "elcmpfd" : "el") : (canWrite ? "radfw" : "r");
        FileFacts.Type type = directory ? FileFacts.Type.DIRECTORY
                : attributes.isRegularFile() ? FileFacts.Type.FILE : FileFacts.Type.OTHER;
        return new FileFacts(name, type, directory ? 0 : attributes.size(), attributes.lastModifiedTime().toInstant(),
                mode, perm, unique(attributes.fileKey()));
    }

    /**
     * The entries of a folder, sorted by name. Symlinks that lead outside the root, or nowhere, are left
     * out: the client could not use them, and their targets are not its business. Uploads in progress
     * (their hidden names, {@link Uploads}) are left out too, also with {@code includeHidden}: nobody sees a
     * half-written file.
     */
    public List<FileFacts> list(Path directory, boolean includeHidden) throws IOException {
        List<FileFacts> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path child : stream) {
                String name = child.getFileName().toString();
                if (Uploads.isReserved(name) || !includeHidden && name.startsWith(".")) {
                    continue;
                }
                try {
                    // One lstat per entry; only a symlink costs more (its target is checked and read).
                    BasicFileAttributes attributes = readAttributes(child, LinkOption.NOFOLLOW_LINKS);
                    if (attributes.isSymbolicLink()) {
                        if (!child.toRealPath().startsWith(root)) {
                            continue;
                        }
                        attributes = readAttributes(child);
                    }
                    entries.add(facts(attributes, name));
                } catch (IOException e) {
                    // removed while we listed, or a symlink that leads nowhere
                }
            }
        }
        entries.sort(Comparator.comparing(FileFacts::name));
        return entries;
    }

    private static BasicFileAttributes readAttributes(Path real, LinkOption... options) throws IOException {
        try {
            return Files.readAttributes(real, PosixFileAttributes.class, options);
        } catch (UnsupportedOperationException e) {
            return Files.readAttributes(real, BasicFileAttributes.class, options);
        }
    }

    /** The unique fact from the file key, {@code (dev=803,ino=1234)} on Linux: device and inode. */
    private static String unique(Object fileKey) {
        if (fileKey == null) {
            return "";
        }
        String key = fileKey.toString();
        int dev = key.indexOf("(dev=");
        int ino = key.indexOf(",ino=");
        if (dev == 0 && ino > 5 && key.endsWith(")")) {
            try {
                return key.substring(5, ino) + "g" + Long.toHexString(Long.parseLong(key, ino + 5, key.length() - 1, 10));
            } catch (NumberFormatException e) {
                // fall through to the hash
            }
        }
        return Integer.toHexString(fileKey.hashCode());
    }
}
