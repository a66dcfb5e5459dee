package dev.ferry.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of an {@code ls -l} style listing, as a client's LIST parser reads it: type and mode, links, owner,
 * group, size, date, name. Test code, to check that listings seen by real clients parse.
 */
record LsLine(char type, String mode, long size, String name) {

    private static final Pattern LINE = Pattern.compile(
            "([-dlcbps])([-rwxsStT]{9})[.+@]?\\s+\\d+\\s+\\S+\\s+\\S+\\s+(\\d+)\\s+"
                    + "[A-Z][a-z]{2}\\s+\\d{1,2}\\s+(?:\\d{1,2}:\\d{2}|\\d{4})\\s(.+)");

    static Optional<LsLine> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new LsLine(m.group(1).charAt(0), m.group(2), Long.parseLong(m.group(3)), m.group(4)));
    }

    /**
     * Name to size for every line of {@code listing}, "/" appended to folder names, whose size (which means
     * nothing) is taken as 0.
     *
     * @throws AssertionError naming the first line that is not an {@code ls -l} line
     */
    static Map<String, Long> sizes(String listing) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String line : listing.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            LsLine parsed = parse(line).orElseThrow(() -> new AssertionError("not an ls -l line: '" + line + "'"));
            boolean folder = parsed.type() == 'd';
            sizes.put(folder ? parsed.name() + "/" : parsed.name(), folder ? 0L : parsed.size());
        }
        return sizes;
    }
}
