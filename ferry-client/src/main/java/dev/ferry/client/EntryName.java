package dev.ferry.client;

/**
 * The rule for names a listing gives: an entry of a directory listing is one path element. A server that
 * lists {@code ../../etc/passwd} or a name with a line break is refused here, once for every format, so no
 * caller (a mirror making local files, a shell completing names) gets a path where it expects a name.
 */
final class EntryName {

    private EntryName() {
    }

    /** {@code name} when it is one path element: not empty, no '/', no CR, LF or NUL. */
    static String requireElement(String name) throws MalformedEntryException {
        requireLine(name);
        if (name.indexOf('/') >= 0) {
            throw new MalformedEntryException("a listed name holds '/': " + name);
        }
        return name;
    }

    /** {@code name} when it is not empty and holds no CR, LF or NUL: MLST may name a whole path. */
    static String requireLine(String name) throws MalformedEntryException {
        if (name.isEmpty()) {
            throw new MalformedEntryException("empty name");
        }
        if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || name.indexOf('\0') >= 0) {
            throw new MalformedEntryException("a listed name holds CR, LF or NUL");
        }
        return name;
    }
}
