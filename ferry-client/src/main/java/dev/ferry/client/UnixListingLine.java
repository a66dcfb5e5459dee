package dev.ferry.client;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of {@code ls -l} as Unix-style servers send it for LIST (vsftpd, ProFTPD, pure-ftpd, busybox,
 * Apache FtpServer, FileZilla Server, Serv-U, IIS in Unix mode, Ferry):
 * {@code -rw-r--r--  1 owner group  1234 Nov 21 21:05 name}.
 *
 * <p>Only the mode, the size (the column just before the date) and what follows the date are read, so the
 * owner and group columns may be missing, numeric or hold spaces. The name is everything after the one space
 * that follows the date: leading and trailing spaces are kept, since these servers print names as they are.
 * A symbolic link's {@code name -> target} is split at the first {@code " -> "}, so a target may contain the
 * arrow but a link's own name may not.
 */
final class UnixListingLine {

    /**
     * File type, nine permission characters (with setuid, setgid, sticky and Solaris locking letters), then an
     * optional marker: {@code +} for an ACL, {@code @} for macOS extended attributes, {@code .} for an SELinux
     * context.
     */
    private static final Pattern MODE = Pattern.compile("(?<type>[-bcdlpsDnw?])(?<permissions>[-rwxsStTlL]{9})[+@.]?(?=\\s)");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final String LINK_ARROW = " -> ";

    private UnixListingLine() {
    }

    static boolean recognizes(String line) {
        return MODE.matcher(line).lookingAt();
    }

    static RemoteFile parse(String line, Instant now) throws MalformedEntryException {
        Matcher mode = MODE.matcher(line);
        if (!mode.lookingAt()) {
            throw new MalformedEntryException("no file mode at the start");
        }
        LsDate date = LsDate.find(line, mode.end(), now)
                .orElseThrow(() -> new MalformedEntryException("no date column"));
        long size = size(line.substring(mode.end(), date.start()).trim().split("\\s+"));
        if (date.end() + 1 >= line.length()) {
            throw new MalformedEntryException("no name after the date");
        }
        String name = line.substring(date.end() + 1);
        RemoteFile.Type type = type(mode.group("type").charAt(0));
        Optional<String> target = Optional.empty();
        int arrow = name.indexOf(LINK_ARROW);
        if (type == RemoteFile.Type.SYMLINK && arrow >= 0) {
            target = Optional.of(name.substring(arrow + LINK_ARROW.length()));
            name = name.substring(0, arrow);
        }
        if (name.isEmpty()) {
            throw new MalformedEntryException("empty name");
        }
        return new RemoteFile(name, type, size, Optional.of(date.instant()), mode.group("permissions"), "", target);
    }

    /**
     * The last column before the date. Device files show {@code major, minor} there instead of a size
     * ({@code 1, 3} or busybox's {@code 1,   3}): their size is unknown.
     */
    private static long size(String[] columns) throws MalformedEntryException {
        // at least the link count (or owner) and the size; the first column is never the size
        if (columns.length < 2) {
            throw new MalformedEntryException("no size column");
        }
        String last = columns[columns.length - 1];
        String beforeLast = columns[columns.length - 2];
        if (last.contains(",") || beforeLast.endsWith(",")) {
            return -1;
        }
        if (!DIGITS.matcher(last).matches()) {
            throw new MalformedEntryException("size is not a number: " + last);
        }
        try {
            return Long.parseLong(last);
        } catch (NumberFormatException e) {
            throw new MalformedEntryException("size out of range: " + last);
        }
    }

    private static RemoteFile.Type type(char c) {
        return switch (c) {
            case '-' -> RemoteFile.Type.FILE;
            case 'd' -> RemoteFile.Type.DIRECTORY;
            case 'l' -> RemoteFile.Type.SYMLINK;
            default -> RemoteFile.Type.OTHER;  // devices, pipes, sockets, doors
        };
    }
}
