package dev.ferry.client;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One LIST line in the MS-DOS style of Microsoft IIS (its default) and other Windows servers:
 * {@code 02-05-13  03:04PM       <DIR>          aspnet_client} or {@code 01-15-2024  15:04   1234 name}.
 * Dates are month-day-year as IIS writes them, with two- or four-digit years and 12- or 24-hour times.
 * The name is what follows the blanks after the size, so leading spaces of a name are lost.
 */
final class DosListingLine {

    private static final Pattern LINE = Pattern.compile(
            "(?<month>\\d{2})-(?<day>\\d{2})-(?<year>\\d{4}|\\d{2})\\s+(?<hour>\\d{1,2}):(?<minute>\\d{2})\\s*(?<half>[AP]M)?"
                    + "\\s+(?:(?<dir><DIR>)|(?<size>\\d+))\\s+(?<name>.+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern START = Pattern.compile("\\d{2}-\\d{2}-\\d{2,4}\\s");

    private DosListingLine() {
    }

    static boolean recognizes(String line) {
        return START.matcher(line).lookingAt();
    }

    static RemoteFile parse(String line, Instant now) throws MalformedEntryException {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            throw new MalformedEntryException("not date, time, <DIR> or size, and name");
        }
        boolean directory = m.group("dir") != null;
        long size = -1;
        if (!directory) {
            try {
                size = Long.parseLong(m.group("size"));
            } catch (NumberFormatException e) {
                throw new MalformedEntryException("size out of range: " + m.group("size"));
            }
        }
        return new RemoteFile(m.group("name"), directory ? RemoteFile.Type.DIRECTORY : RemoteFile.Type.FILE, size,
                Optional.of(instant(m, now)), "", "", Optional.empty());
    }

    private static Instant instant(Matcher m, Instant now) throws MalformedEntryException {
        int hour = Integer.parseInt(m.group("hour"));
        String half = m.group("half");
        if (half != null) {
            if (hour < 1 || hour > 12) {
                throw new MalformedEntryException("not a 12-hour time: " + hour + " " + half);
            }
            // 12:xxAM is just after midnight, 12:xxPM just after noon
            hour = hour % 12 + (half.toUpperCase(Locale.ROOT).equals("PM") ? 12 : 0);
        }
        try {
            return LocalDateTime.of(year(m.group("year"), now), Integer.parseInt(m.group("month")),
                    Integer.parseInt(m.group("day")), hour, Integer.parseInt(m.group("minute")))
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new MalformedEntryException("not a date: " + e.getMessage());
        }
    }

    /** A two-digit year is the latest year with those last digits that is not after next year. */
    private static int year(String digits, Instant now) {
        int year = Integer.parseInt(digits);
        if (digits.length() == 4) {
            return year;
        }
        int latest = now.atZone(ZoneOffset.UTC).getYear() + 1;
        int candidate = latest / 100 * 100 + year;
        return candidate > latest ? candidate - 100 : candidate;
    }
}
