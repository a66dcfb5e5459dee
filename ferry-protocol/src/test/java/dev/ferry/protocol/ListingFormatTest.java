package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListingFormatTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    void recentFileShowsTime() {
        FileFacts f = new FileFacts("a b.txt", FileFacts.Type.FILE, 1234, Instant.parse("2026-11-01T08:05:00Z"),
                "rw-r--r--", "r", "");
        assertEquals("-rw-r--r--    1 ftp      ftp              1234 Nov 01 08:05 a b.txt", ListingFormat.unixLine(f, NOW));
    }

    @Test
    void oldDirectoryShowsYear() {
        FileFacts d = new FileFacts("docs", FileFacts.Type.DIRECTORY, 0, Instant.parse("2020-02-03T00:00:00Z"),
                "rwxr-x---", "el", "");
        assertEquals("drwxr-x---    2 ftp      ftp                 0 Feb 03  2020 docs", ListingFormat.unixLine(d, NOW));
    }

    @Test
    void mlsxWritesSelectedFactsInOrder() {
        FileFacts f = new FileFacts("x", FileFacts.Type.FILE, 5, Instant.parse("2026-01-02T03:04:05Z"), "rw-------",
                "radfw", "801g2a");
        assertEquals("type=file;size=5;modify=20260102030405;perm=radfw;unique=801g2a;UNIX.mode=0600; x",
                ListingFormat.mlsxLine(f, Set.copyOf(ListingFormat.MLSX_FACTS)));
        assertEquals("size=5; x", ListingFormat.mlsxLine(f, Set.of("size")));
    }

    @Test
    void directoriesHaveNoSizeFact() {
        FileFacts d = new FileFacts("d", FileFacts.Type.DIRECTORY, 4096, Instant.EPOCH, "rwxr-xr-x", "el", "");
        assertEquals("type=dir;modify=19700101000000;perm=el; d",
                ListingFormat.mlsxLine(d, Set.of("type", "size", "modify", "perm", "unique")));
    }

    @Test
    void timeValuesRoundTrip() {
        assertEquals("20261121201300", FtpTime.format(Instant.parse("2026-11-21T20:13:00.999Z")));
        assertEquals(Instant.parse("2026-11-21T20:13:00Z"), FtpTime.parse("20261121201300"));
        assertEquals(Instant.parse("2026-11-21T20:13:00.250Z"), FtpTime.parse("20261121201300.25"));
        assertThrows(IllegalArgumentException.class, () -> FtpTime.parse("2026112120130"));
        assertThrows(IllegalArgumentException.class, () -> FtpTime.parse("20261321201300"));
    }
}
