package dev.ferry.client;

import java.util.regex.Pattern;

/** Octal permission bits ({@code 0644}, {@code 04755}) in the nine-character {@code ls -l} form. */
final class UnixMode {

    /** Three or four significant digits, optionally after a leading zero, as servers write them. */
    private static final Pattern OCTAL = Pattern.compile("0?[0-7]{3,4}");
    private static final int SET_UID = 04000;
    private static final int SET_GID = 02000;
    private static final int STICKY = 01000;

    private UnixMode() {
    }

    static String fromOctal(String digits) throws MalformedEntryException {
        if (!OCTAL.matcher(digits).matches()) {
            throw new MalformedEntryException("not an octal file mode: " + digits);
        }
        int mode = Integer.parseInt(digits, 8);
        return triple(mode >> 6, (mode & SET_UID) != 0, 's')
                + triple(mode >> 3, (mode & SET_GID) != 0, 's')
                + triple(mode, (mode & STICKY) != 0, 't');
    }

    /** As ls writes it: the special bit shows in the execute column, lower case when execute is also set. */
    private static String triple(int bits, boolean special, char specialChar) {
        boolean execute = (bits & 1) != 0;
        char last = special ? (execute ? specialChar : Character.toUpperCase(specialChar)) : (execute ? 'x' : '-');
        return "" + ((bits & 4) != 0 ? 'r' : '-') + ((bits & 2) != 0 ? 'w' : '-') + last;
    }
}
