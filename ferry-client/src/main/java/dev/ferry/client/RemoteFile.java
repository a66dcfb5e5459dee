package dev.ferry.client;

import java.time.Instant;
import java.util.Optional;

/**
 * One entry of a remote directory listing, from an MLSD/MLST entry or a parsed LIST line.
 *
 * @param name the file's name as the server gave it (one path element, or a path for MLST)
 * @param size the size in bytes, or -1 when the listing did not say
 * @param modified the modification time, when the listing said (LIST times without a year or zone are
 *     read as UTC in the most recent plausible year)
 * @param unixMode nine characters in {@code ls -l} form ({@code rw-r--r--}), or empty when unknown
 * @param perm the RFC 3659 §7.5.5 perm fact (what this user may do), or empty when unknown
 * @param linkTarget where a symbolic link points, when the listing said
 */
public record RemoteFile(String name, Type type, long size, Optional<Instant> modified, String unixMode,
                         String perm, Optional<String> linkTarget) {

    public enum Type { FILE, DIRECTORY, SYMLINK, OTHER }

    public RemoteFile {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a remote file needs a name");
        }
        if (!unixMode.isEmpty() && unixMode.length() != 9) {
            throw new IllegalArgumentException("unix mode must have nine characters: " + unixMode);
        }
    }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    public boolean isFile() {
        return type == Type.FILE;
    }
}
