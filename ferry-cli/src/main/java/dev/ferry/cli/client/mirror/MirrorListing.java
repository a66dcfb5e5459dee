package dev.ferry.cli.client.mirror;

import dev.ferry.cli.client.mirror.MirrorPlan.Entry;
import dev.ferry.cli.client.mirror.MirrorPlan.Kind;
import dev.ferry.client.FtpClient;
import dev.ferry.client.FtpReplyException;
import dev.ferry.client.RemoteFile;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads a local or a remote tree into the form {@link MirrorPlan} compares: relative path to entry. A
 * directory that cannot be read fails the whole listing: mirroring a tree with a hole in it would copy too
 * little, and with --delete remove what is in the hole at the other side.
 */
final class MirrorListing {

    private MirrorListing() {
    }

    /**
     * The tree under a local directory. Symbolic links to files are followed (the file is what is meant);
     * links to directories are not, so a link cannot make the walk loop or leave the tree.
     */
    static SortedMap<String, Entry> local(Path root, Consumer<String> notes) throws IOException {
        Path start = root.toRealPath(); // the root itself may be a link
        SortedMap<String, Entry> entries = new TreeMap<>();
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (dir.equals(start)) {
                    return FileVisitResult.CONTINUE;
                }
                if (!sendable(dir.getFileName().toString(), notes, relative(start, dir))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                entries.put(relative(start, dir), Entry.directory());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (sendable(file.getFileName().toString(), notes, relative(start, file))) {
                    entries.put(relative(start, file), localEntry(file, attributes));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return entries;
    }

    private static Entry localEntry(Path file, BasicFileAttributes attributes) {
        BasicFileAttributes target = attributes;
        if (attributes.isSymbolicLink()) {
            try {
                target = Files.readAttributes(file, BasicFileAttributes.class); // follows the link
            } catch (IOException dangling) {
                return Entry.of(Kind.LINK);
            }
            if (!target.isRegularFile()) {
                return Entry.of(Kind.LINK);
            }
        }
        if (!target.isRegularFile()) {
            return Entry.of(Kind.OTHER);
        }
        return Entry.file(target.size(), target.lastModifiedTime().toInstant());
    }

    /** CR and LF would end the command line early; RFC 959 has no way to send them in a path. */
    private static boolean sendable(String name, Consumer<String> notes, String path) {
        if (name.indexOf('\r') < 0 && name.indexOf('\n') < 0) {
            return true;
        }
        notes.accept("skip " + path.replace("\r", "\\r").replace("\n", "\\n")
                + " (a line break in a name cannot be sent over FTP)");
        return false;
    }

    private static String relative(Path root, Path path) {
        StringBuilder relative = new StringBuilder();
        for (Path element : root.relativize(path)) {
            if (!relative.isEmpty()) {
                relative.append('/');
            }
            relative.append(element);
        }
        return relative.toString();
    }

    /**
     * The tree under a remote directory, one listing per directory. Symbolic links are listed as links and
     * never entered. Names that could leave the tree ({@code ..}, a slash) are skipped with a note.
     */
    static SortedMap<String, Entry> remote(FtpClient ftp, String root, Consumer<String> notes) throws IOException {
        return walk(ftp, root, ftp.list(root), notes);
    }

    /** As {@link #remote}, or nothing when there is no such directory yet: its listing is refused (550). */
    static Optional<SortedMap<String, Entry>> remoteIfPresent(FtpClient ftp, String root, Consumer<String> notes)
            throws IOException {
        List<RemoteFile> top;
        try {
            top = ftp.list(root);
        } catch (FtpReplyException e) {
            if (e.code() == 550 && !root.isEmpty()) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(walk(ftp, root, top, notes));
    }

    private static SortedMap<String, Entry> walk(FtpClient ftp, String root, List<RemoteFile> top,
                                                 Consumer<String> notes) throws IOException {
        SortedMap<String, Entry> entries = new TreeMap<>();
        Deque<String> pending = new ArrayDeque<>();
        pending.push("");
        while (!pending.isEmpty()) {
            String dir = pending.pop();
            for (RemoteFile file : dir.isEmpty() ? top : ftp.list(remotePath(root, dir))) {
                String name = file.name();
                String path = dir.isEmpty() ? name : dir + "/" + name;
                if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\0")) {
                    notes.accept("skip " + path + " (not a usable file name)");
                    continue;
                }
                Entry entry = switch (file.type()) {
                    case FILE -> new Entry(Kind.FILE, file.size(), file.modified());
                    case DIRECTORY -> Entry.directory();
                    case SYMLINK -> Entry.of(Kind.LINK);
                    case OTHER -> Entry.of(Kind.OTHER);
                };
                entries.put(path, entry);
                if (entry.kind() == Kind.DIRECTORY) {
                    pending.push(path);
                }
            }
        }
        return entries;
    }

    /** A remote path: the root, or a path under it. */
    static String remotePath(String root, String relative) {
        return relative.isEmpty() ? root : FtpClient.child(root, relative);
    }
}
