package dev.ferry.protocol;

import java.time.Instant;

/**
 * What a listing says about one file: the data behind a LIST line and an MLSx entry.
 *
 * @param name the file's name (one path element; a full path only for MLST)
 * @param unixMode nine characters in {@code ls -l} form, such as {@code rw-r--r--}
 * @param perm the RFC 3659 §7.5.5 perm fact: what this user may do with the file
 * @param unique the RFC 3659 §7.5.2 unique fact, or empty when unknown
 */
public record FileFacts(String name, Type type, long size, Instant modified, String unixMode, String perm,
                        String unique) {

    public enum Type {
        FILE('-', "file"), DIRECTORY('d', "dir"), SYMLINK('l', "OS.unix=symlink"), OTHER('-', "OS.unix=other");

        private final char lsChar;
        private final String mlsxType;

        Type(char lsChar, String mlsxType) {
            this.lsChar = lsChar;
            this.mlsxType = mlsxType;
        }

        public char lsChar() {
            return lsChar;
        }

        public String mlsxType() {
            return mlsxType;
        }
    }

    public FileFacts {
        if (unixMode.length() != 9) {
            throw new IllegalArgumentException("unix mode must have nine characters: " + unixMode);
        }
    }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }
}
