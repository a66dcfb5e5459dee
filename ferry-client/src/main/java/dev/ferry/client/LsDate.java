package dev.ferry.client;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date column of an {@code ls -l} style line ({@code Nov 21 21:05}, {@code Mar  4  2019}, or ls's
 * {@code 2019-03-04 05:06}): where it sits in the line and the instant it names, read as UTC.
 */
record LsDate(int start, int end, Instant instant) {

    private static final Pattern DATE = Pattern.compile(
            "(?<=\\s)(?:(?<month>[a-z]{3})\\s+(?<day>\\d{1,2})\\s+(?:(?<hour>\\d{1,2}):(?<minute>\\d{2})|(?<year>\\d{4}))"
                    + "|(?<isoYear>\\d{4})-(?<isoMonth>\\d{2})-(?<isoDay>\\d{2})\\s+(?<isoHour>\\d{2}):(?<isoMinute>\\d{2}))"
                    + "(?=\\s)",
            Pattern.CASE_INSENSITIVE);

    /**
     * How far past our clock a date without a year may lie: servers print their local time, up to 14 hours
     * ahead of UTC, and their clocks drift.
     */
    static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    /** Spelled out rather than taken from a locale, whose data may say "Sept". */
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
            "sep", "oct", "nov", "dec");

    /** Eight years always hold a leap year, so a February 29 finds its year within them. */
    private static final int YEARS_BACK = 8;

    /**
     * The first date column at or after {@code from}, or empty when the text has none. A column that looks
     * like a date but names none (Feb 30, 25:00) is malformed, not skipped: the line is then unreadable.
     */
    static Optional<LsDate> find(String line, int from, Instant now) throws MalformedEntryException {
        Matcher m = DATE.matcher(line);
        while (m.find(from)) {
            if (m.group("month") == null) {
                return Optional.of(new LsDate(m.start(), m.end(), iso(m)));
            }
            Optional<Month> month = month(m.group("month"));
            if (month.isPresent()) {
                return Optional.of(new LsDate(m.start(), m.end(), monthDay(m, month.get(), now)));
            }
            from = m.start() + 1;  // three letters that are no month, such as an owner "bob": look further
        }
        return Optional.empty();
    }

    /**
     * ls leaves out the year of recent files: the date is the latest one with this month, day and time that
     * is not later than {@code now} plus {@link #FUTURE_TOLERANCE}.
     */
    static Instant mostRecent(MonthDay monthDay, LocalTime time, Instant now) throws MalformedEntryException {
        Instant latest = now.plus(FUTURE_TOLERANCE);
        int nextYear = now.atZone(ZoneOffset.UTC).getYear() + 1;
        for (int year = nextYear; year >= nextYear - YEARS_BACK; year--) {
            if (monthDay.isValidYear(year)) {
                Instant candidate = monthDay.atYear(year).atTime(time).toInstant(ZoneOffset.UTC);
                if (!candidate.isAfter(latest)) {
                    return candidate;
                }
            }
        }
        throw new MalformedEntryException("no year fits " + monthDay);
    }

    private static Instant monthDay(Matcher m, Month month, Instant now) throws MalformedEntryException {
        try {
            MonthDay monthDay = MonthDay.of(month, Integer.parseInt(m.group("day")));
            if (m.group("year") != null) {
                return monthDay.atYear(Integer.parseInt(m.group("year"))).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            LocalTime time = LocalTime.of(Integer.parseInt(m.group("hour")), Integer.parseInt(m.group("minute")));
            return mostRecent(monthDay, time, now);
        } catch (DateTimeException e) {
            throw new MalformedEntryException("not a date: " + m.group());
        }
    }

    private static Instant iso(Matcher m) throws MalformedEntryException {
        try {
            return LocalDateTime.of(Integer.parseInt(m.group("isoYear")), Integer.parseInt(m.group("isoMonth")),
                    Integer.parseInt(m.group("isoDay")), Integer.parseInt(m.group("isoHour")),
                    Integer.parseInt(m.group("isoMinute"))).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new MalformedEntryException("not a date: " + m.group());
        }
    }

    /** English abbreviations only: servers that print localized month names are not read. */
    private static Optional<Month> month(String abbreviation) {
        int index = MONTHS.indexOf(abbreviation.toLowerCase(Locale.ROOT));
        return index < 0 ? Optional.empty() : Optional.of(Month.of(index + 1));
    }
}
