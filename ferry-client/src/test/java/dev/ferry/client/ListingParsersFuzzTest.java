package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A directory listing is whatever the server chose to send. The same lines go to the LIST parser (Unix,
 * MS-DOS, NetWare, EPLF lines), to the MLSD parser, and one by one as MLST entries. No parser may throw
 * anything unchecked (any such exception fails the fuzz test); every line is either an entry, a dropped
 * line, or a rejected line with a reason; and every entry of a listing has a name that is one path
 * element, never {@code .} or {@code ..}, with no CR, LF, NUL or '/' (a mirror makes local files of these
 * names). Inputs: {@code ListingParsersFuzzTestInputs/} beside this class in the test resources.
 */
class ListingParsersFuzzTest {

    /** 1970 to 2200: the clocks a client may have; LIST lines without a year are read against it. */
    private static final long LAST_NOW = 7_258_118_400L;

    @FuzzTest
    void listingEntriesAreSinglePathElements(FuzzedDataProvider data) {
        Instant now = Instant.ofEpochSecond(data.consumeLong(0, LAST_NOW));
        // lines as the client's lenient reader gives them: split at LF, anything else kept
        List<String> lines = Arrays.asList(
                new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8).split("\n", -1));

        check(ListingParser.parse(lines, now), lines);
        check(MlsxParser.parseListing(lines), lines);
        for (String line : lines) {
            try {
                RemoteFile entry = MlsxParser.parseEntry(line);
                // MLST names a path the client asked for, so '/' is allowed; line breaks are not
                assertFalse(entry.name().isEmpty());
                assertFalse(hasLineBreakOrNul(entry.name()), entry.name());
            } catch (MalformedEntryException refused) {
                assertFalse(refused.getMessage().isEmpty());
            }
        }
    }

    private static void check(Listing listing, List<String> lines) {
        assertTrue(listing.files().size() + listing.rejected().size() <= lines.size());
        for (RemoteFile file : listing.files()) {
            String name = file.name();
            assertFalse(name.isEmpty());
            assertFalse(hasLineBreakOrNul(name) || name.contains("/"), () -> "name " + printable(name));
            assertFalse(name.equals(".") || name.equals(".."), name);
            assertTrue(file.size() >= -1, "size " + file.size());
            assertTrue(file.unixMode().isEmpty() || file.unixMode().length() == 9, file.unixMode());
        }
        for (Listing.Rejected rejected : listing.rejected()) {
            assertTrue(lines.contains(rejected.line()));
            assertFalse(rejected.reason().isBlank());
        }
        assertEquals(listing.files().size(), listing.files().stream().filter(f -> f.name() != null).count());
    }

    private static boolean hasLineBreakOrNul(String name) {
        return name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || name.indexOf('\0') >= 0;
    }

    private static String printable(String name) {
        return name.replace("\r", "\\r").replace("\0", "\\0");
    }
}
