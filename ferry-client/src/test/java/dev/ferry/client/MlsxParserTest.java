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
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MlsxParserTest {

    /** ProFTPD 1.3.8's MLSD of the test directory, as captured on loopback (directory order). */
    private static final List<String> PROFTPD_MLSD = List.of(
            "modify=20190304050607;perm=adfr;size=6;type=file;unique=FE00U2163BD;UNIX.group=0;UNIX.groupname=nogroup;UNIX.mode=04755;UNIX.owner=0;UNIX.ownername=ftp; readme.txt",
            "modify=20260301100000;perm=adfr;size=0;type=file;unique=FE00U2162D2;UNIX.group=0;UNIX.groupname=nogroup;UNIX.mode=0644;UNIX.owner=0;UNIX.ownername=ftp; march.txt",
            "modify=20261121210508;perm=fle;type=cdir;unique=FE00U2163BC;UNIX.group=0;UNIX.groupname=nogroup;UNIX.mode=0755;UNIX.owner=0;UNIX.ownername=ftp; .",
            "modify=20261121210506;perm=fle;type=dir;unique=FE00U2163BF;UNIX.group=0;UNIX.groupname=nogroup;UNIX.mode=0755;UNIX.owner=0;UNIX.ownername=ftp; My Documents",
            "modify=20261121210506;perm=adfr;size=0;type=file;unique=FE00U2163C0;UNIX.group=0;UNIX.groupname=nogroup;UNIX.mode=0644;UNIX.owner=0;UNIX.ownername=ftp;  lead and trail ",
            "modify=20261101134500;perm=adfr;size=5368709120;type=file;unique=FE00U2163BE;UNIX.group=0;UNIX.groupname=nogroup;UNIX.mode=0644;UNIX.owner=0;UNIX.ownername=ftp; huge.iso",
            "modify=20231231235900;perm=adfr;size=10;type=OS.unix=symlink;unique=FE00U2163BD;UNIX.group=0;UNIX.groupname=nogroup;UNIX.mode=0777;UNIX.owner=0;UNIX.ownername=ftp; link",
            "modify=20261121210506;perm=fle;type=pdir;unique=FE00U2163BB;UNIX.group=0;UNIX.groupname=nogroup;UNIX.mode=0755;UNIX.owner=0;UNIX.ownername=ftp; ..",
            "modify=20261121210506;perm=adfr;size=0;type=file;unique=FE00U2163D3;UNIX.group=0;UNIX.groupname=nogroup;UNIX.mode=0644;UNIX.owner=0;UNIX.ownername=ftp; semi;colon.txt",
            "modify=20261121210506;perm=flcdmpe;type=dir;unique=FE00U216423;UNIX.group=0;UNIX.groupname=nogroup;UNIX.mode=01777;UNIX.owner=0;UNIX.ownername=ftp; sticky",
            "modify=20261121210506;perm=adfr;size=0;type=file;unique=FE00U2163C3;UNIX.group=0;UNIX.groupname=nogroup;UNIX.mode=0644;UNIX.owner=0;UNIX.ownername=ftp; naïve café 日本.txt");

    static Stream<Arguments> entries() {
        return Stream.of(
                row("ProFTPD: setuid file", PROFTPD_MLSD.get(0),
                        file("readme.txt", FILE, 6, "2019-03-04T05:06:07Z", "rwsr-xr-x", "adfr", "")),
                row("ProFTPD: directory with a space, no size", PROFTPD_MLSD.get(3),
                        file("My Documents", DIRECTORY, -1, "2026-11-21T21:05:06Z", "rwxr-xr-x", "fle", "")),
                row("ProFTPD: leading and trailing spaces kept", PROFTPD_MLSD.get(4),
                        file(" lead and trail ", FILE, 0, "2026-11-21T21:05:06Z", "rw-r--r--", "adfr", "")),
                row("ProFTPD: 5 GiB", PROFTPD_MLSD.get(5),
                        file("huge.iso", FILE, 5_368_709_120L, "2026-11-01T13:45:00Z", "rw-r--r--", "adfr", "")),
                row("ProFTPD: link without its target", PROFTPD_MLSD.get(6),
                        file("link", SYMLINK, 10, "2023-12-31T23:59:00Z", "rwxrwxrwx", "adfr", "")),
                row("ProFTPD: semicolon in name", PROFTPD_MLSD.get(8),
                        file("semi;colon.txt", FILE, 0, "2026-11-21T21:05:06Z", "rw-r--r--", "adfr", "")),
                row("ProFTPD: sticky directory", PROFTPD_MLSD.get(9),
                        file("sticky", DIRECTORY, -1, "2026-11-21T21:05:06Z", "rwxrwxrwt", "flcdmpe", "")),
                row("ProFTPD: unicode name", PROFTPD_MLSD.get(10),
                        file("naïve café 日本.txt", FILE, 0, "2026-11-21T21:05:06Z", "rw-r--r--", "adfr", "")),
                row("pure-ftpd: link with target",
                        "type=OS.unix=slink:readme.txt;size=10;modify=20231231235900;UNIX.mode=0777;unique=fe00g1603eb; link",
                        file("link", SYMLINK, 10, "2023-12-31T23:59:00Z", "rwxrwxrwx", "", "readme.txt")),
                row("pure-ftpd: link target with spaces and the arrow",
                        "type=OS.unix=slink:a -> b;size=6;modify=20261121210506;UNIX.mode=0777;unique=fe00g1603ec; arrow link",
                        file("arrow link", SYMLINK, 6, "2026-11-21T21:05:06Z", "rwxrwxrwx", "", "a -> b")),
                row("pure-ftpd: directory size from sizd",
                        "type=dir;sizd=4096;modify=20261121210506;UNIX.mode=0755;unique=fe00g1603e7; My Documents",
                        file("My Documents", DIRECTORY, 4096, "2026-11-21T21:05:06Z", "rwxr-xr-x", "", "")),
                row("pure-ftpd: named pipe as type=unknown",
                        "type=unknown;size=0;modify=20261121210506;UNIX.mode=0644;unique=fe00g1603ed; fifo",
                        file("fifo", OTHER, 0, "2026-11-21T21:05:06Z", "rw-r--r--", "", "")),
                row("pure-ftpd: setuid mode with leading zero",
                        "type=file;size=6;modify=20190304050607;UNIX.mode=04755;unique=fe00g1603e5; readme.txt",
                        file("readme.txt", FILE, 6, "2019-03-04T05:06:07Z", "rwsr-xr-x", "", "")),
                row("capitalized fact names (published server log)",
                        "Size=435123;Modify=20141113182638;Type=file;Perm=radfw; blue-pattern-hd-xperia-z2-wallpaper.jpg",
                        file("blue-pattern-hd-xperia-z2-wallpaper.jpg", FILE, 435_123, "2014-11-13T18:26:38Z", "", "radfw", "")),
                row("RFC 3659 style: directory",
                        "Type=dir;Modify=19950925064834;Perm=cefl; gopher",
                        file("gopher", DIRECTORY, -1, "1995-09-25T06:48:34Z", "", "cefl", "")),
                row("RFC 3659 style: empty perm fact",
                        "Type=file;Size=25730;Modify=19940728095854;Perm=; capmux.tar.z",
                        file("capmux.tar.z", FILE, 25_730, "1994-07-28T09:58:54Z", "", "", "")),
                row("MLST: a path, fractional seconds",
                        "type=file;size=1830;modify=19940916055648.25;perm=r; /tmp/hatch.c",
                        file("/tmp/hatch.c", FILE, 1830, "1994-09-16T05:56:48.250Z", "", "r", "")),
                row("MLST: the current directory is a directory",
                        "Type=cdir;Modify=19981107085215;Perm=el; /tmp",
                        file("/tmp", DIRECTORY, -1, "1998-11-07T08:52:15Z", "", "el", "")),
                row("no facts: a space and the name (RFC 3659 section 7.2)",
                        " name only",
                        file("name only", OTHER, -1, "", "", "", "")),
                row("type value in any case, target keeps its case",
                        "TYPE=os.UNIX=SLINK:/etc/Target;SIZE=3; l",
                        file("l", SYMLINK, 3, "", "", "", "/etc/Target")),
                row("slink without a target",
                        "type=OS.unix=slink:;size=3; l",
                        file("l", SYMLINK, 3, "", "", "", "")),
                row("other OS-specific type",
                        "type=OS.unix=chr-1/3;perm=; null",
                        file("null", OTHER, -1, "", "", "", "")),
                row("unknown facts ignored, size preferred over sizd",
                        "x.custom=a=b;sizd=4096;size=3;lang=en;type=file; a",
                        file("a", FILE, 3, "", "", "", "")),
                row("name holding \"; \" after the facts",
                        "type=file;size=1; a; b=c; d",
                        file("a; b=c; d", FILE, 1, "", "", "", "")),
                row("size beyond 2^32, three-digit mode",
                        "type=file;size=9223372036854775807;UNIX.mode=600; sparse",
                        file("sparse", FILE, Long.MAX_VALUE, "", "rw-------", "", "")),
                row("setgid without execute shows S",
                        "type=file;UNIX.mode=2640; g",
                        file("g", FILE, -1, "", "rw-r-S---", "", "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void readsEveryFieldOfAnEntry(String source, String line, RemoteFile expected) throws Exception {
        assertEquals(expected, MlsxParser.parseEntry(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "UNIX.mode=0777;/",
            "type=file;size=12;",
            "type=file;size=12; ",
            "type=file size=3 name",
            "type=file;size=abc; x",
            "type=file;size=-1; x",
            "type=file;size=+1; x",
            "type=file;size=; x",
            "type=file;size=99999999999999999999; x",
            "modify=2019; x",
            "modify=20191332000000; x",
            "UNIX.mode=0999; x",
            "UNIX.mode=rwxr-xr-x; x",
            "UNIX.mode=017777; x",
            "size; x",
            "=file; x",
            "type=file;;size=1; x",
            "type=OS.unix=slink:semi;colon;size=1; x",
            "type=file; a\rb",
            "type=file; a\nb",
            "type=file; a\0b"})
    void rejectsEntriesItCannotReadWithAReason(String line) {
        MalformedEntryException e = assertThrows(MalformedEntryException.class, () -> MlsxParser.parseEntry(line));
        assertTrue(!e.getMessage().isBlank(), "a reason");
    }

    @Test
    void listingRejectsNamesThatArePaths() {
        Listing listing = MlsxParser.parseListing(List.of("type=file;size=1; ../../etc/passwd",
                "type=dir; sub/dir", "type=file;size=1; ok"));
        assertEquals(List.of("ok"), listing.files().stream().map(RemoteFile::name).toList());
        assertEquals(2, listing.rejected().size());
    }

    @Test
    void listingLeavesOutTheDirectoryItselfAndItsParent() {
        Listing listing = MlsxParser.parseListing(PROFTPD_MLSD);
        assertEquals(List.of("readme.txt", "march.txt", "My Documents", " lead and trail ", "huge.iso", "link",
                "semi;colon.txt", "sticky", "naïve café 日本.txt"), listing.files().stream().map(RemoteFile::name).toList());
        assertEquals(List.of(), listing.rejected());
    }

    @Test
    void listingLeavesOutCdirAndPdirWhateverTheirNames() {
        Listing listing = MlsxParser.parseListing(List.of(
                "Type=cdir;Modify=19981107085215;Perm=el; /tmp",
                "Type=pdir;Modify=19990112030508;Perm=el; /",
                "Type=file;Size=1830;Modify=19940916055648;Perm=r; hatch.c"));
        assertEquals(List.of("hatch.c"), listing.files().stream().map(RemoteFile::name).toList());
    }

    @Test
    void listingLeavesOutDotEntriesTypedAsPlainDirectories() {
        Listing listing = MlsxParser.parseListing(List.of("type=dir;perm=el; .", "type=dir;perm=el; ..",
                "type=dir;perm=el; .hidden", "type=file;size=1; ..."));
        assertEquals(List.of(".hidden", "..."), listing.files().stream().map(RemoteFile::name).toList());
    }

    @Test
    void listingKeepsReadingAfterABadLineAndReportsIt() {
        Listing listing = MlsxParser.parseListing(List.of(
                "type=file;size=1;modify=20240115150400; a",
                "type=file;size=one; b",
                "",
                "type=file;size=3; c"));
        assertEquals(List.of("a", "c"), listing.files().stream().map(RemoteFile::name).toList());
        assertEquals(List.of(new Listing.Rejected("type=file;size=one; b", "size is not a number: one")),
                listing.rejected());
    }

    static Stream<Arguments> ferryFiles() {
        Instant modified = Instant.parse("2026-11-20T08:09:10Z");
        return Stream.of(
                Arguments.of(new FileFacts("plain.txt", FileFacts.Type.FILE, 12, modified, "rw-r--r--", "adfrw", "u1"),
                        file("plain.txt", FILE, 12, "2026-11-20T08:09:10Z", "rw-r--r--", "adfrw", "")),
                Arguments.of(new FileFacts("My Documents", FileFacts.Type.DIRECTORY, 4096, modified, "rwxr-x---", "elcmp", ""),
                        file("My Documents", DIRECTORY, -1, "2026-11-20T08:09:10Z", "rwxr-x---", "elcmp", "")),
                Arguments.of(new FileFacts(" naïve; 日本 ", FileFacts.Type.FILE, 5_368_709_120L, modified, "rw-------", "r", ""),
                        file(" naïve; 日本 ", FILE, 5_368_709_120L, "2026-11-20T08:09:10Z", "rw-------", "r", "")),
                Arguments.of(new FileFacts("current", FileFacts.Type.SYMLINK, 7, modified, "rwxrwxrwx", "r", ""),
                        file("current", SYMLINK, 7, "2026-11-20T08:09:10Z", "rwxrwxrwx", "r", "")),
                Arguments.of(new FileFacts("pipe", FileFacts.Type.OTHER, 0, modified, "rw-r--r--", "", ""),
                        file("pipe", OTHER, 0, "2026-11-20T08:09:10Z", "rw-r--r--", "", "")));
    }

    /** Ferry's own server writes MLSx entries with {@link ListingFormat}; the client must read them back. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("ferryFiles")
    void readsTheEntriesFerrysServerWrites(FileFacts facts, RemoteFile expected) throws Exception {
        String line = ListingFormat.mlsxLine(facts, Set.copyOf(ListingFormat.MLSX_FACTS));
        assertEquals(expected, MlsxParser.parseEntry(line));
    }

    private static Arguments row(String source, String line, RemoteFile expected) {
        return Arguments.of(source, line, expected);
    }

    /** An expected entry; an empty {@code modified} or {@code linkTarget} means the entry did not say. */
    private static RemoteFile file(String name, RemoteFile.Type type, long size, String modified, String unixMode,
                                   String perm, String linkTarget) {
        return new RemoteFile(name, type, size,
                modified.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(modified)), unixMode, perm,
                linkTarget.isEmpty() ? Optional.empty() : Optional.of(linkTarget));
    }
}
