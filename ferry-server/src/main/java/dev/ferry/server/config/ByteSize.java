package dev.ferry.server.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte counts and rates as people write them: {@code 512}, {@code 64K}, {@code 10M}, {@code 2G} (binary
 * multiples: K is 1024), optionally followed by {@code B}, {@code iB} and, for rates, {@code /s}. Used by the
 * config keys and by the users file, so both read {@code 1M} the same way.
 */
public final class ByteSize {

    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*([kmgt])?(?:i?b)?(?:/s)?");
    private static final String UNITS = "KMGT";

    private ByteSize() {
    }

    /** The number of bytes; 0 stays 0 (where it means "unlimited" the caller says so). */
    public static long parse(String text) {
        Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a byte count such as 0, 512, 64K, 10M or 2G, got '" + text + "'");
        }
        long value;
        try {
            value = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("too large: '" + text + "'");
        }
        int shift = m.group(2) == null ? 0 : 10 * (UNITS.indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1);
        if (shift > 0 && value > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("too large: '" + text + "'");
        }
        return value << shift;
    }

    /** The shortest exact form: {@code 1048576} is {@code 1M}, {@code 1500} stays {@code 1500}. */
    public static String format(long bytes) {
        for (int i = UNITS.length(); i > 0; i--) {
            long unit = 1L << (10 * i);
            if (bytes != 0 && bytes % unit == 0) {
                return bytes / unit + UNITS.substring(i - 1, i);
            }
        }
        return Long.toString(bytes);
    }
}
