package dev.ferry.protocol;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;

/** The two listing forms a server sends: {@code ls -l} lines for LIST and STAT, RFC 3659 facts for MLSx. */
public final class ListingFormat {

    /** The facts Ferry offers, in the order they are written (RFC 3659 §7.8, FEAT's MLST line). */
    public static final java.util.List<String> MLSX_FACTS = java.util.List.of("type", "size", "modify", "perm", "unique",
            "unix.mode");

    private static final DateTimeFormatter RECENT = DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter OLD = DateTimeFormatter.ofPattern("MMM dd  uuuu", Locale.ROOT);
    /** ls shows the time for files changed in the last six months, the year otherwise. */
    private static final Duration RECENT_WINDOW = Duration.ofDays(182);

    private ListingFormat() {
    }

    /** One line as {@code ls -l} prints it, which every client's LIST parser reads. Times are UTC. */
    public static String unixLine(FileFacts file, Instant now) {
        return appendUnixLine(new StringBuilder(80), file, now).toString();
    }

    /**
     * Appends {@link #unixLine} to {@code out}: {@code -rw-r--r--    1 ftp      ftp            1234 Mar 05 14:03 name}.
     * Built by hand, not with String.format: a LIST of 10,000 files formats 10,000 of these.
     */
    public static StringBuilder appendUnixLine(StringBuilder out, FileFacts file, Instant now) {
        boolean recent = file.modified().isAfter(now.minus(RECENT_WINDOW))
                && !file.modified().isAfter(now.plus(Duration.ofHours(1)));
        out.append(file.type().lsChar()).append(file.unixMode()).append(' ');
        out.append(file.isDirectory() ? "   2" : "   1");
        out.append(" ftp      ftp      ");
        String size = Long.toString(file.size());
        out.repeat(' ', Math.max(0, 12 - size.length())).append(size);
        out.append(' ');
        (recent ? RECENT : OLD).formatTo(file.modified().atZone(ZoneOffset.UTC), out);
        return out.append(' ').append(file.name());
    }

    /** One MLSx entry: {@code fact=value;...; name} with the facts the client selected (OPTS MLST). */
    public static String mlsxLine(FileFacts file, Set<String> selected) {
        StringBuilder out = new StringBuilder();
        for (String fact : MLSX_FACTS) {
            if (!selected.contains(fact)) {
                continue;
            }
            String value = switch (fact) {
                case "type" -> file.type().mlsxType();
                case "size" -> file.isDirectory() ? null : Long.toString(file.size());
                case "modify" -> FtpTime.format(file.modified());
                case "perm" -> file.perm();
                case "unique" -> file.unique().isEmpty() ? null : file.unique();
                case "unix.mode" -> octalMode(file.unixMode());
                default -> null;
            };
            if (value != null) {
                out.append(fact.equals("unix.mode") ? "UNIX.mode" : fact).append('=').append(value).append(';');
            }
        }
        return out.append(' ').append(file.name()).toString();
    }

    /** {@code rwxr-x---} to {@code 0750}. */
    static String octalMode(String unixMode) {
        int mode = 0;
        for (int i = 0; i < 9; i++) {
            mode = mode << 1 | (unixMode.charAt(i) == '-' ? 0 : 1);
        }
        return String.format(Locale.ROOT, "0%03o", mode);
    }
}
