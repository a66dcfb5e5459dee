package dev.ferry.client;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One line of D. J. Bernstein's Easily Parsed LIST Format: {@code +} then comma-separated facts, a tab, and
 * the name ({@code +i8388621.48594,m825718503,r,s280,\tdjb.html}). Facts: {@code r} a file one may RETR,
 * {@code /} a directory one may CWD into, {@code s} size, {@code m} modification time in seconds since 1970,
 * {@code up} octal Unix permissions; others (such as the {@code i} identifier) are ignored.
 */
final class EplfListingLine {

    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private EplfListingLine() {
    }

    static boolean recognizes(String line) {
        return line.startsWith("+");
    }

    static RemoteFile parse(String line) throws MalformedEntryException {
        int tab = line.indexOf('\t');
        if (!line.startsWith("+") || tab < 0) {
            throw new MalformedEntryException("EPLF needs '+', facts, a tab and a name");
        }
        String name = line.substring(tab + 1);
        if (name.isEmpty()) {
            throw new MalformedEntryException("empty name");
        }
        RemoteFile.Type type = RemoteFile.Type.OTHER;
        long size = -1;
        Optional<Instant> modified = Optional.empty();
        String unixMode = "";
        for (String fact : line.substring(1, tab).split(",")) {
            if (fact.equals("/")) {
                type = RemoteFile.Type.DIRECTORY;
            } else if (fact.equals("r")) {
                type = type == RemoteFile.Type.DIRECTORY ? type : RemoteFile.Type.FILE;
            } else if (fact.startsWith("s")) {
                size = number(fact);
            } else if (fact.startsWith("m")) {
                long seconds = number(fact);
                if (seconds > Instant.MAX.getEpochSecond()) { // found by ListingParsersFuzzTest
                    throw new MalformedEntryException("time out of range: " + fact);
                }
                modified = Optional.of(Instant.ofEpochSecond(seconds));
            } else if (fact.startsWith("up")) {
                unixMode = UnixMode.fromOctal(fact.substring(2));
            }
        }
        return new RemoteFile(name, type, size, modified, unixMode, "", Optional.empty());
    }

    private static long number(String fact) throws MalformedEntryException {
        String digits = fact.substring(1);
        if (!DIGITS.matcher(digits).matches()) {
            throw new MalformedEntryException("not a number: " + fact);
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new MalformedEntryException("out of range: " + fact);
        }
    }
}
