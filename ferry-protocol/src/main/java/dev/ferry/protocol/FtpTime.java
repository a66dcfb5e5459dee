package dev.ferry.protocol;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/** The time-val of RFC 3659 §2.3: {@code YYYYMMDDHHMMSS[.sss]} in UTC, used by MDTM, MFMT and MLSx. */
public final class FtpTime {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");
    private static final Pattern TIME_VAL = Pattern.compile("\\d{14}(\\.\\d{1,9})?");

    private FtpTime() {
    }

    public static String format(Instant instant) {
        return SECONDS.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
    }

    public static Instant parse(String text) {
        if (!TIME_VAL.matcher(text).matches()) {
            throw new IllegalArgumentException("expected YYYYMMDDHHMMSS[.sss]: " + text);
        }
        try {
            Instant seconds = LocalDateTime.parse(text.substring(0, 14), SECONDS).toInstant(ZoneOffset.UTC);
            if (text.length() == 14) {
                return seconds;
            }
            String fraction = (text.substring(15) + "000000000").substring(0, 9);
            return seconds.plusNanos(Long.parseLong(fraction));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a valid time: " + text);
        }
    }
}
