package dev.ferry.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the output of LIST, whose format RFC 959 leaves to the server. Each line is recognized on its own, by
 * its start, so a listing may mix formats: EPLF ({@code +}), MS-DOS/IIS ({@code 02-05-13  03:04PM}), NetWare
 * ({@code d [RWCEAFMS]}) and Unix {@code ls -l} (a ten-character mode). Times carry no zone and are read as
 * UTC; month names are English.
 *
 * <p>Lines that are no entry ({@code total 12}, blank lines, {@code .} and {@code ..}) are dropped. A line that
 * claims to be an entry but cannot be read, or names a path rather than one element ({@link EntryName}),
 * is never guessed at: {@link #parseLine} throws, and {@link #parse}
 * leaves it out of the files and reports it, with the reason, among the rejected lines.
 */
final class ListingParser {

    /** ls's block count before the entries; GNU ls may add a unit ({@code total 1.2M}) under -h. */
    private static final Pattern TOTAL = Pattern.compile("total\\s+\\d[\\d.,]*[KMGTPE]?\\s*", Pattern.CASE_INSENSITIVE);

    private ListingParser() {
    }

    /**
     * Every line of a LIST reply, each without its line end.
     *
     * @param now the time to infer missing years from: ls omits the year of recent files
     */
    static Listing parse(List<String> lines, Instant now) {
        List<RemoteFile> files = new ArrayList<>();
        List<Listing.Rejected> rejected = new ArrayList<>();
        for (String line : lines) {
            try {
                parseLine(line, now).ifPresent(files::add);
            } catch (MalformedEntryException e) {
                rejected.add(new Listing.Rejected(line, e.getMessage()));
            }
        }
        return new Listing(files, rejected);
    }

    /**
     * One line of a LIST reply, without its line end: the file it describes, or empty for a line that
     * describes none (a total, a blank line, the directory itself or its parent).
     *
     * @throws MalformedEntryException if the line is in no known format, or in one but unreadable
     */
    static Optional<RemoteFile> parseLine(String line, Instant now) throws MalformedEntryException {
        if (line.isBlank() || TOTAL.matcher(line).matches()) {
            return Optional.empty();
        }
        RemoteFile file = entry(line, now);
        boolean selfOrParent = file.name().equals(".") || file.name().equals("..");
        if (selfOrParent) {
            return Optional.empty();
        }
        EntryName.requireElement(file.name());
        return Optional.of(file);
    }

    private static RemoteFile entry(String line, Instant now) throws MalformedEntryException {
        if (EplfListingLine.recognizes(line)) {
            return EplfListingLine.parse(line);
        }
        if (DosListingLine.recognizes(line)) {
            return DosListingLine.parse(line, now);
        }
        if (NetWareListingLine.recognizes(line)) {
            return NetWareListingLine.parse(line, now);
        }
        if (UnixListingLine.recognizes(line)) {
            return UnixListingLine.parse(line, now);
        }
        throw new MalformedEntryException("not a LIST line in any known format");
    }
}
