package dev.ferry.client;

import static dev.ferry.client.RemoteFile.Type.DIRECTORY;
import static dev.ferry.client.RemoteFile.Type.FILE;
import static dev.ferry.client.RemoteFile.Type.OTHER;
import static dev.ferry.client.RemoteFile.Type.SYMLINK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.protocol.FileFacts;
import dev.ferry.protocol.ListingFormat;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ListingParserTest {

    /**
     * When the vsftpd 3.0.3, ProFTPD 1.3.8, pure-ftpd 1.0.50 and busybox 1.35 lines below were captured, from
     * one directory served on loopback (times in UTC). Lines of other servers are in the form their
     * documentation and published logs show.
     */
    private static final Instant NOW = Instant.parse("2026-11-21T21:06:00Z");

    static Stream<Arguments> unixLines() {
        return Stream.of(
                row("vsftpd: leading and trailing spaces kept",
                        "-rw-r--r--    1 0        0               0 Nov 21 21:05  lead and trail ",
                        file(" lead and trail ", FILE, 0, "2026-11-21T21:05:00Z", "rw-r--r--", "")),
                row("vsftpd: directory with a space",
                        "drwxr-xr-x    2 0        0            4096 Nov 21 21:05 My Documents",
                        file("My Documents", DIRECTORY, 4096, "2026-11-21T21:05:00Z", "rwxr-xr-x", "")),
                row("vsftpd: link whose target contains the arrow",
                        "lrwxrwxrwx    1 0        0               6 Nov 21 21:05 arrow link -> a -> b",
                        file("arrow link", SYMLINK, 6, "2026-11-21T21:05:00Z", "rwxrwxrwx", "a -> b")),
                row("vsftpd: last year's December, with year",
                        "-rw-r--r--    1 0        0               0 Dec 30  2025 december.log",
                        file("december.log", FILE, 0, "2025-12-30T00:00:00Z", "rw-r--r--", "")),
                row("vsftpd: named pipe",
                        "prw-r--r--    1 0        0               0 Nov 21 21:05 fifo",
                        file("fifo", OTHER, 0, "2026-11-21T21:05:00Z", "rw-r--r--", "")),
                row("vsftpd: 5 GiB, zero-padded day",
                        "-rw-r--r--    1 0        0        5368709120 Nov 01 13:45 huge.iso",
                        file("huge.iso", FILE, 5_368_709_120L, "2026-11-01T13:45:00Z", "rw-r--r--", "")),
                row("vsftpd: old link",
                        "lrwxrwxrwx    1 0        0              10 Dec 31  2023 link -> readme.txt",
                        file("link", SYMLINK, 10, "2023-12-31T00:00:00Z", "rwxrwxrwx", "readme.txt")),
                row("vsftpd: unicode name",
                        "-rw-r--r--    1 0        0               0 Nov 21 21:05 naïve café 日本.txt",
                        file("naïve café 日本.txt", FILE, 0, "2026-11-21T21:05:00Z", "rw-r--r--", "")),
                row("vsftpd: device shown with size 0",
                        "crw-r--r--    1 0        0               0 Nov 21 21:05 null",
                        file("null", OTHER, 0, "2026-11-21T21:05:00Z", "rw-r--r--", "")),
                row("vsftpd: setuid",
                        "-rwsr-xr-x    1 0        0               6 Mar 04  2019 readme.txt",
                        file("readme.txt", FILE, 6, "2019-03-04T00:00:00Z", "rwsr-xr-x", "")),
                row("vsftpd: semicolon in name",
                        "-rw-r--r--    1 0        0               0 Nov 21 21:05 semi;colon.txt",
                        file("semi;colon.txt", FILE, 0, "2026-11-21T21:05:00Z", "rw-r--r--", "")),
                row("vsftpd: a file dated ahead of the server's clock gets its year",
                        "-rw-r--r--    1 0        0               0 Nov 21  2026 skewed.txt",
                        file("skewed.txt", FILE, 0, "2026-11-21T00:00:00Z", "rw-r--r--", "")),
                row("vsftpd: sticky directory",
                        "drwxrwxrwt    2 0        0            4096 Nov 21 21:05 sticky",
                        file("sticky", DIRECTORY, 4096, "2026-11-21T21:05:00Z", "rwxrwxrwt", "")),
                row("ProFTPD: leading and trailing spaces kept",
                        "-rw-r--r--   1 root     root            0 Nov 21 21:05  lead and trail ",
                        file(" lead and trail ", FILE, 0, "2026-11-21T21:05:00Z", "rw-r--r--", "")),
                row("ProFTPD: 5 GiB, space-padded day",
                        "-rw-r--r--   1 root     root     5368709120 Nov  1 13:45 huge.iso",
                        file("huge.iso", FILE, 5_368_709_120L, "2026-11-01T13:45:00Z", "rw-r--r--", "")),
                row("ProFTPD: link whose target contains the arrow",
                        "lrwxrwxrwx   1 root     root            6 Nov 21 21:05 arrow link -> a -> b",
                        file("arrow link", SYMLINK, 6, "2026-11-21T21:05:00Z", "rwxrwxrwx", "a -> b")),
                row("ProFTPD: 29 minutes ahead of our clock, still this year",
                        "-rw-r--r--   1 root     root            0 Nov 21 21:35 skewed.txt",
                        file("skewed.txt", FILE, 0, "2026-11-21T21:35:00Z", "rw-r--r--", "")),
                row("ProFTPD: setuid, space-padded day",
                        "-rwsr-xr-x   1 root     root            6 Mar  4  2019 readme.txt",
                        file("readme.txt", FILE, 6, "2019-03-04T00:00:00Z", "rwsr-xr-x", "")),
                row("ProFTPD: earlier this year, with year",
                        "-rw-r--r--   1 root     root            0 Mar  1  2026 march.txt",
                        file("march.txt", FILE, 0, "2026-03-01T00:00:00Z", "rw-r--r--", "")),
                row("pure-ftpd: 5 GiB",
                        "-rw-r--r--    1 0          0          5368709120 Nov  1 13:45 huge.iso",
                        file("huge.iso", FILE, 5_368_709_120L, "2026-11-01T13:45:00Z", "rw-r--r--", "")),
                row("pure-ftpd: directory with a space",
                        "drwxr-xr-x    2 0          0                4096 Nov 21 21:05 My Documents",
                        file("My Documents", DIRECTORY, 4096, "2026-11-21T21:05:00Z", "rwxr-xr-x", "")),
                row("pure-ftpd: old link",
                        "lrwxrwxrwx    1 0          0                  10 Dec 31  2023 link -> readme.txt",
                        file("link", SYMLINK, 10, "2023-12-31T00:00:00Z", "rwxrwxrwx", "readme.txt")),
                row("pure-ftpd: unicode name",
                        "-rw-r--r--    1 0          0                   0 Nov 21 21:05 naïve café 日本.txt",
                        file("naïve café 日本.txt", FILE, 0, "2026-11-21T21:05:00Z", "rw-r--r--", "")),
                row("busybox: device numbers instead of a size",
                        "crw-r--r--    1 root     root        1,   3 Nov 21 21:05 null",
                        file("null", OTHER, -1, "2026-11-21T21:05:00Z", "rw-r--r--", "")),
                row("busybox: 5 GiB",
                        "-rw-r--r--    1 root     root     5368709120 Nov  1 13:45 huge.iso",
                        file("huge.iso", FILE, 5_368_709_120L, "2026-11-01T13:45:00Z", "rw-r--r--", "")),
                row("GNU ls: device numbers",
                        "crw-rw-rw- 1 root root 1, 3 Nov 21 21:05 null",
                        file("null", OTHER, -1, "2026-11-21T21:05:00Z", "rw-rw-rw-", "")),
                row("GNU ls: block device, numbers in one column",
                        "brw-rw---- 1 root disk 8,0 Nov 20 08:00 sda",
                        file("sda", OTHER, -1, "2026-11-20T08:00:00Z", "rw-rw----", "")),
                row("GNU ls: long-iso time style",
                        "-rw-r--r-- 1 root root 5368709120 2026-11-01 13:45 huge.iso",
                        file("huge.iso", FILE, 5_368_709_120L, "2026-11-01T13:45:00Z", "rw-r--r--", "")),
                row("GNU ls: SELinux context marker",
                        "-rw-------. 1 root root 1234 Jan 15 15:04 anaconda-ks.cfg",
                        file("anaconda-ks.cfg", FILE, 1234, "2026-01-15T15:04:00Z", "rw-------", "")),
                row("macOS ls: extended attributes marker, no link padding",
                        "-rw-r--r--@  1 alice  staff  1234 Jan 15 15:04 notes.txt",
                        file("notes.txt", FILE, 1234, "2026-01-15T15:04:00Z", "rw-r--r--", "")),
                row("no group column, ACL marker",
                        "-rw-------+   1 9469            0 May  6  2011 .Xauthority",
                        file(".Xauthority", FILE, 0, "2011-05-06T00:00:00Z", "rw-------", "")),
                row("no group column, link",
                        "lrwxrwxrwx    1 0              12 Oct 20  2010 DATASETS -> pub/DATASETS",
                        file("DATASETS", SYMLINK, 12, "2010-10-20T00:00:00Z", "rwxrwxrwx", "pub/DATASETS")),
                row("no group column, this year",
                        "drwxrwx---    4 9450            8 Mar 31 13:08 ftp_reports",
                        file("ftp_reports", DIRECTORY, 8, "2026-03-31T13:08:00Z", "rwxrwx---", "")),
                row("Apache FtpServer: file",
                        "-rw-------   1 user group           12 Mar 21 12:34 test.txt",
                        file("test.txt", FILE, 12, "2026-03-21T12:34:00Z", "rw-------", "")),
                row("Apache FtpServer: directory",
                        "drwx------   3 user group            0 Mar 21 12:34 docs",
                        file("docs", DIRECTORY, 0, "2026-03-21T12:34:00Z", "rwx------", "")),
                row("FileZilla Server: file",
                        "-rw-r--r-- 1 ftp ftp           1234 Jan 15 15:04 report.pdf",
                        file("report.pdf", FILE, 1234, "2026-01-15T15:04:00Z", "rw-r--r--", "")),
                row("FileZilla Server: old directory",
                        "drwxr-xr-x 1 ftp ftp              0 Feb 03  2019 archive",
                        file("archive", DIRECTORY, 0, "2019-02-03T00:00:00Z", "rwxr-xr-x", "")),
                row("Serv-U: directory",
                        "drw-rw-rw-   1 user     group           0 Oct 07 09:30 uploads",
                        file("uploads", DIRECTORY, 0, "2026-10-07T09:30:00Z", "rw-rw-rw-", "")),
                row("Serv-U: 1 MiB file with year",
                        "-rw-rw-rw-   1 user     group     1048576 Oct 07  2024 data.bin",
                        file("data.bin", FILE, 1_048_576, "2024-10-07T00:00:00Z", "rw-rw-rw-", "")),
                row("IIS in Unix mode: file",
                        "-rwxrwxrwx   1 owner    group          1234 Jan 15 15:04 name.txt",
                        file("name.txt", FILE, 1234, "2026-01-15T15:04:00Z", "rwxrwxrwx", "")),
                row("IIS in Unix mode: directory with year",
                        "drwxrwxrwx   1 owner    group               0 Jan 15  2013 aspnet_client",
                        file("aspnet_client", DIRECTORY, 0, "2013-01-15T00:00:00Z", "rwxrwxrwx", "")),
                row("owner and group with a space (Windows accounts)",
                        "-rw-r--r--   1 Domain Users Domain Admins   77 Jan 15 15:04 a.txt",
                        file("a.txt", FILE, 77, "2026-01-15T15:04:00Z", "rw-r--r--", "")),
                row("owner named like a month abbreviation",
                        "-rw-r--r--   1 may      dec            5 Jan 15 15:04 m.txt",
                        file("m.txt", FILE, 5, "2026-01-15T15:04:00Z", "rw-r--r--", "")),
                row("name that itself looks like a date",
                        "-rw-r--r--   1 ftp      ftp            5 Jan 15 15:04 Feb 02 10:00 notes",
                        file("Feb 02 10:00 notes", FILE, 5, "2026-01-15T15:04:00Z", "rw-r--r--", "")),
                row("size beyond the int range and beyond 2^32",
                        "-rw-r--r--   1 ftp      ftp  9223372036854775807 Jan 15 15:04 sparse",
                        file("sparse", FILE, Long.MAX_VALUE, "2026-01-15T15:04:00Z", "rw-r--r--", "")),
                row("arrow in the name of a file that is no link stays in the name",
                        "-rw-r--r--   1 ftp      ftp            5 Jan 15 15:04 a -> b",
                        file("a -> b", FILE, 5, "2026-01-15T15:04:00Z", "rw-r--r--", "")),
                row("link without a target (as Ferry lists it)",
                        "lrwxrwxrwx    1 ftp      ftp                 6 Nov 21 21:05 current",
                        file("current", SYMLINK, 6, "2026-11-21T21:05:00Z", "rwxrwxrwx", "")),
                row("limit: a link's own name holding the arrow is cut at the first arrow",
                        "lrwxrwxrwx   1 ftp      ftp            5 Jan 15 15:04 a -> b -> c",
                        file("a", SYMLINK, 5, "2026-01-15T15:04:00Z", "rwxrwxrwx", "b -> c")));
    }

    static Stream<Arguments> otherFormats() {
        return Stream.of(
                row("IIS: directory, 2-digit year, 12-hour time",
                        "02-05-13  03:04PM       <DIR>          aspnet_client",
                        file("aspnet_client", DIRECTORY, -1, "2013-02-05T15:04:00Z", "", "")),
                row("IIS: file, year 00",
                        "04-27-00  09:09PM                  403 readme.htm",
                        file("readme.htm", FILE, 403, "2000-04-27T21:09:00Z", "", "")),
                row("IIS: 4-digit year",
                        "02-05-2013  03:04PM       <DIR>          aspnet_client",
                        file("aspnet_client", DIRECTORY, -1, "2013-02-05T15:04:00Z", "", "")),
                row("IIS: 5 GiB",
                        "11-01-26  01:45PM           5368709120 huge.iso",
                        file("huge.iso", FILE, 5_368_709_120L, "2026-11-01T13:45:00Z", "", "")),
                row("IIS: 12 AM is midnight, 99 is 1999",
                        "12-31-99  12:00AM                    1 y2k.txt",
                        file("y2k.txt", FILE, 1, "1999-12-31T00:00:00Z", "", "")),
                row("IIS: 12 PM is noon",
                        "01-01-24  12:30PM                   10 noon.txt",
                        file("noon.txt", FILE, 10, "2024-01-01T12:30:00Z", "", "")),
                row("IIS: spaces inside the name and a trailing one kept",
                        "01-15-24  03:04PM                 1234 report final .pdf ",
                        file("report final .pdf ", FILE, 1234, "2024-01-15T15:04:00Z", "", "")),
                row("IIS: unicode name",
                        "03-04-19  05:06AM                    6 naïve café 日本.txt",
                        file("naïve café 日本.txt", FILE, 6, "2019-03-04T05:06:00Z", "", "")),
                row("DOS style, 24-hour time, 4-digit year",
                        "01-15-2024  15:04                 1234 report.pdf",
                        file("report.pdf", FILE, 1234, "2024-01-15T15:04:00Z", "", "")),
                row("DOS style, single spaces (wodFTPD)",
                        "04-05-02 02:18PM 462848 test1.dll",
                        file("test1.dll", FILE, 462_848, "2002-04-05T14:18:00Z", "", "")),
                row("limit: DOS style loses a name's leading spaces",
                        "01-15-24  03:04PM                 1234  lead",
                        file("lead", FILE, 1234, "2024-01-15T15:04:00Z", "", "")),
                row("NetWare: directory",
                        "d [R----F--] supervisor            512       Jan 16 18:53    login",
                        file("login", DIRECTORY, 512, "2026-01-16T18:53:00Z", "", "")),
                row("NetWare: file",
                        "- [R----F--] rhesus             214059       Oct 20 15:27    cx.exe",
                        file("cx.exe", FILE, 214_059, "2026-10-20T15:27:00Z", "", "")),
                row("NetWare: all rights, old file",
                        "- [RWCEAFMS] admin                  1024       Jun 02  2001    old file.txt",
                        file("old file.txt", FILE, 1024, "2001-06-02T00:00:00Z", "", "")),
                row("EPLF: file",
                        "+i8388621.48594,m825718503,r,s280,\tdjb.html",
                        file("djb.html", FILE, 280, "1996-03-01T22:15:03Z", "", "")),
                row("EPLF: directory",
                        "+i8388621.50690,m824255907,/,\t514",
                        file("514", DIRECTORY, -1, "1996-02-13T23:58:27Z", "", "")),
                row("EPLF: permissions, 5 GiB, spaces in the name",
                        "+m825718503,r,s5368709120,up644,\t big file.iso",
                        file(" big file.iso", FILE, 5_368_709_120L, "1996-03-01T22:15:03Z", "rw-r--r--", "")),
                row("EPLF: neither r nor /, no time",
                        "+i1.2,\tspecial",
                        file("special", OTHER, -1, "", "", "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"unixLines", "otherFormats"})
    void readsEveryFieldOfAnEntryLine(String source, String line, RemoteFile expected) throws Exception {
        assertEquals(Optional.of(expected), ListingParser.parseLine(line, NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "total 12", "total 0", "total 1.2M",
            "drwxr-xr-x    4 0        0            4096 Nov 21 21:05 .",
            "drwxr-xr-x    3 0        0            4096 Nov 21 21:05 ..",
            "drwxr-xr-x   4 root     root         4096 Nov 21 21:05 ."})
    void dropsLinesThatDescribeNoEntry(String line) throws Exception {
        assertEquals(Optional.empty(), ListingParser.parseLine(line, NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Hello world",
            "226 Transfer complete",
            "-rw-r--r-- 1 ftp ftp abc Jan 15 10:00 not-a-size",
            "-rw-r--r-- 1 ftp ftp 12 Foo 15 10:00 no-month",
            "-rw-r--r-- 1 ftp ftp 12 Feb 30 10:00 no-such-day",
            "-rw-r--r-- 1 ftp ftp 12 Jan 15 25:00 no-such-hour",
            "-rw-r--r-- 1 ftp ftp 12 Jan 15 10:00",
            "-rw-r--r-- 1 ftp ftp 12 Jan 15 10:00 ",
            "-rw-r--r-- 12 Jan 15 10:00 no-link-count-nor-owner",
            "-rw-r--r-- 1 ftp ftp 99999999999999999999 Jan 15 10:00 too-big",
            "-rw-r--r-- 1 ftp ftp -12 Jan 15 10:00 negative",
            "-rw-r--r--1 ftp ftp 12 Jan 15 10:00 glued-mode",
            "-rwxrwxrwz 1 ftp ftp 12 Jan 15 10:00 bad-permission",
            "01-15-24  13:04PM                 1234 thirteen-pm",
            "13-40-24  03:04PM                 1234 no-such-date",
            "01-15-24  03:04PM                 1234",
            "01-15-24  03:04PM                 12a4 bad-size",
            "d [R----F--] supervisor            512       Feb 30 18:53    bad-date",
            "+i8388621.48594,m825718503,r,s280,djb.html",
            "+m12x,r,\tbad-time",
            "+s-5,r,\tnegative-size",
            "+up999,r,\tbad-mode",
            "+r,\t",
            // a listed name is one path element: a path or a line break is the server's, not a file's
            "-rw-r--r-- 1 ftp ftp 12 Jan 15 10:00 ../../etc/passwd",
            "-rw-r--r-- 1 ftp ftp 12 Jan 15 10:00 dir/file",
            "-rw-r--r-- 1 ftp ftp 12 Jan 15 10:00 a\rb",
            "-rw-r--r-- 1 ftp ftp 12 Jan 15 10:00 a\0b",
            "01-15-24  03:04PM                 1234 ../up",
            "d [R----F--] supervisor            512       Jan 16 18:53    a/b",
            "+r,\t/etc/passwd"})
    void rejectsLinesItCannotReadWithAReason(String line) {
        MalformedEntryException e = assertThrows(MalformedEntryException.class, () -> ListingParser.parseLine(line, NOW));
        assertTrue(!e.getMessage().isBlank(), "a reason");
    }

    static Stream<Arguments> yearInference() {
        return Stream.of(
                Arguments.of("Dec 30 08:15", "2026-01-05T10:00:00Z", "2025-12-30T08:15:00Z"),
                Arguments.of("Jan 02 08:15", "2026-01-05T10:00:00Z", "2026-01-02T08:15:00Z"),
                Arguments.of("Jan 06 08:15", "2026-01-05T10:00:00Z", "2026-01-06T08:15:00Z"),
                Arguments.of("Jan 06 10:01", "2026-01-05T10:00:00Z", "2025-01-06T10:01:00Z"),
                Arguments.of("Jan 07 08:15", "2026-01-05T10:00:00Z", "2025-01-07T08:15:00Z"),
                Arguments.of("Jan 01 10:00", "2026-12-31T23:00:00Z", "2027-01-01T10:00:00Z"),
                Arguments.of("Dec 31 23:59", "2027-01-01T00:00:00Z", "2026-12-31T23:59:00Z"),
                Arguments.of("Feb 29 12:00", "2025-03-01T00:00:00Z", "2024-02-29T12:00:00Z"),
                Arguments.of("Feb 29 12:00", "2024-03-01T00:00:00Z", "2024-02-29T12:00:00Z"),
                Arguments.of("Nov 22 21:05", "2026-11-21T21:06:00Z", "2026-11-22T21:05:00Z"),
                Arguments.of("Nov 22 21:07", "2026-11-21T21:06:00Z", "2025-11-22T21:07:00Z"));
    }

    @ParameterizedTest(name = "{0} listed at {1} is {2}")
    @MethodSource("yearInference")
    void infersTheMostRecentYearAllowingADayOfSkew(String date, String now, String expected) throws Exception {
        String line = "-rw-r--r--   1 ftp      ftp            1 " + date + " f";
        RemoteFile file = ListingParser.parseLine(line, Instant.parse(now)).orElseThrow();
        assertEquals(Optional.of(Instant.parse(expected)), file.modified());
    }

    static Stream<Arguments> twoDigitYears() {
        return Stream.of(
                Arguments.of("01-15-27", "2026-11-21T00:00:00Z", "2027-01-15T00:00:00Z"),
                Arguments.of("01-15-28", "2026-11-21T00:00:00Z", "1928-01-15T00:00:00Z"),
                Arguments.of("01-15-70", "2026-11-21T00:00:00Z", "1970-01-15T00:00:00Z"),
                Arguments.of("01-15-00", "2099-06-01T00:00:00Z", "2100-01-15T00:00:00Z"),
                Arguments.of("01-15-99", "2099-06-01T00:00:00Z", "2099-01-15T00:00:00Z"));
    }

    @ParameterizedTest(name = "{0} listed at {1} is {2}")
    @MethodSource("twoDigitYears")
    void takesTwoDigitYearsAsTheLatestYearNoLaterThanNextYear(String date, String now, String expected)
            throws Exception {
        String line = date + "  12:00AM                    1 f";
        RemoteFile file = ListingParser.parseLine(line, Instant.parse(now)).orElseThrow();
        assertEquals(Optional.of(Instant.parse(expected)), file.modified());
    }

    @Test
    void keepsReadingAfterABadLineAndReportsIt() {
        List<String> lines = List.of(
                "total 16",
                "drwxr-xr-x    4 0        0            4096 Nov 21 21:05 .",
                "drwxr-xr-x    3 0        0            4096 Nov 21 21:05 ..",
                "-rw-r--r--    1 0        0               0 Dec 30  2025 december.log",
                "-rw-r--r--    1 0        0               x Nov 21 21:05 broken",
                "",
                "02-05-13  03:04PM       <DIR>          aspnet_client",
                "lrwxrwxrwx    1 0        0              10 Dec 31  2023 link -> readme.txt");
        Listing listing = ListingParser.parse(lines, NOW);
        assertEquals(List.of("december.log", "aspnet_client", "link"),
                listing.files().stream().map(RemoteFile::name).toList());
        assertEquals(1, listing.rejected().size());
        assertEquals(lines.get(4), listing.rejected().get(0).line());
        assertEquals("size is not a number: x", listing.rejected().get(0).reason());
    }

    static Stream<Arguments> ferryFiles() {
        Instant recent = Instant.parse("2026-11-20T08:09:10Z");
        Instant old = Instant.parse("2019-03-04T05:06:07Z");
        return Stream.of(
                Arguments.of(new FileFacts("plain.txt", FileFacts.Type.FILE, 12, recent, "rw-r--r--", "adfrw", ""),
                        file("plain.txt", FILE, 12, "2026-11-20T08:09:00Z", "rw-r--r--", "")),
                Arguments.of(new FileFacts("My Documents", FileFacts.Type.DIRECTORY, 4096, old, "rwxr-x---", "el", ""),
                        file("My Documents", DIRECTORY, 4096, "2019-03-04T00:00:00Z", "rwxr-x---", "")),
                Arguments.of(new FileFacts("naïve 日本 ", FileFacts.Type.FILE, 5_368_709_120L, recent, "rw-------", "r", ""),
                        file("naïve 日本 ", FILE, 5_368_709_120L, "2026-11-20T08:09:00Z", "rw-------", "")),
                Arguments.of(new FileFacts("current", FileFacts.Type.SYMLINK, 7, recent, "rwxrwxrwx", "r", ""),
                        file("current", SYMLINK, 7, "2026-11-20T08:09:00Z", "rwxrwxrwx", "")));
    }

    /** Ferry's own server writes LIST lines with {@link ListingFormat}; the client must read them back. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("ferryFiles")
    void readsTheLinesFerrysServerWrites(FileFacts facts, RemoteFile expected) throws Exception {
        String line = ListingFormat.unixLine(facts, NOW);
        assertEquals(Optional.of(expected), ListingParser.parseLine(line, NOW));
    }

    private static Arguments row(String source, String line, RemoteFile expected) {
        return Arguments.of(source, line, expected);
    }

    /** An expected entry; an empty {@code modified} or {@code linkTarget} means the listing did not say. */
    private static RemoteFile file(String name, RemoteFile.Type type, long size, String modified, String unixMode,
                                   String linkTarget) {
        return new RemoteFile(name, type, size,
                modified.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(modified)), unixMode, "",
                linkTarget.isEmpty() ? Optional.empty() : Optional.of(linkTarget));
    }
}
