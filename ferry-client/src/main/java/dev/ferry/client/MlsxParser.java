package dev.ferry.client;

import dev.ferry.protocol.FtpTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads RFC 3659 machine listings: the entry of an MLST reply and the lines of MLSD. An entry is
 * {@code fact=value;fact=value; name} (§7.2): fact names and the type fact's value are case-insensitive,
 * unknown facts are ignored, and the name is everything after the first {@code "; "} (or after the leading
 * space of an entry without facts), so it may hold spaces and semicolons. Values stop at {@code ;} but may
 * hold spaces, as pure-ftpd's {@code type=OS.unix=slink:a -> b;} does.
 *
 * <p>A name in an MLSD listing is one path element ({@link EntryName}); MLST's may be a path.
 *
 * <p>An entry that breaks the grammar or has an unreadable size, time or mode is rejected as a whole: a
 * fact cannot be dropped without making the entry say something the server did not.
 */
final class MlsxParser {

    private static final String FACTS_END = "; ";

    private MlsxParser() {
    }

    /**
     * Every line of an MLSD reply, without line ends. The listed directory and its parent ({@code cdir},
     * {@code pdir}, §7.5.1) are left out, as are {@code .} and {@code ..} and blank lines.
     */
    static Listing parseListing(List<String> lines) {
        List<RemoteFile> files = new ArrayList<>();
        List<Listing.Rejected> rejected = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                Entry entry = Entry.read(line);
                if (!entry.isListedDirectoryOrParent()) {
                    EntryName.requireElement(entry.name());
                    files.add(entry.toRemoteFile());
                }
            } catch (MalformedEntryException e) {
                rejected.add(new Listing.Rejected(line, e.getMessage()));
            }
        }
        return new Listing(files, rejected);
    }

    /**
     * One entry: an MLSD line, or the entry line of an MLST reply without the single space that starts it
     * there (§7.2). A {@code cdir} or {@code pdir} entry is a directory.
     */
    static RemoteFile parseEntry(String entry) throws MalformedEntryException {
        Entry read = Entry.read(entry);
        EntryName.requireLine(read.name());
        return read.toRemoteFile();
    }

    /** The facts of one entry, by lower-case name, and the name it describes. */
    private record Entry(Map<String, String> facts, String name) {

        static Entry read(String line) throws MalformedEntryException {
            // RFC 3659 §7.2: an entry without facts is a space and the name
            int end = line.startsWith(" ") ? 0 : line.indexOf(FACTS_END);
            if (end < 0) {
                throw new MalformedEntryException("no \"; \" between the facts and the name");
            }
            String name = line.substring(end == 0 ? 1 : end + FACTS_END.length());
            if (name.isEmpty()) {
                throw new MalformedEntryException("empty name");
            }
            Map<String, String> facts = new HashMap<>();
            List<String> pairs = end == 0 ? List.of() : List.of(line.substring(0, end).split(";", -1));
            for (String fact : pairs) {
                int equals = fact.indexOf('=');
                if (equals <= 0) {
                    throw new MalformedEntryException("not a fact=value pair: " + fact);
                }
                facts.put(fact.substring(0, equals).toLowerCase(Locale.ROOT), fact.substring(equals + 1));
            }
            return new Entry(Map.copyOf(facts), name);
        }

        boolean isListedDirectoryOrParent() {
            String type = typeValue();
            return type.equals("cdir") || type.equals("pdir") || name.equals(".") || name.equals("..");
        }

        RemoteFile toRemoteFile() throws MalformedEntryException {
            String type = typeValue();
            String unixMode = facts.containsKey("unix.mode") ? UnixMode.fromOctal(facts.get("unix.mode")) : "";
            Optional<Instant> modified = Optional.empty();
            if (facts.containsKey("modify")) {
                try {
                    modified = Optional.of(FtpTime.parse(facts.get("modify")));
                } catch (IllegalArgumentException e) {
                    throw new MalformedEntryException(e.getMessage());
                }
            }
            return new RemoteFile(name, type(type), size(), modified, unixMode, facts.getOrDefault("perm", ""),
                    linkTarget(type));
        }

        private String typeValue() {
            return facts.getOrDefault("type", "").toLowerCase(Locale.ROOT);
        }

        /** The size fact; for directories servers give the size of the listing as sizd (§7.5.7). */
        private long size() throws MalformedEntryException {
            String value = facts.containsKey("size") ? facts.get("size") : facts.get("sizd");
            if (value == null) {
                return -1;
            }
            if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new MalformedEntryException("size is not a number: " + value);
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new MalformedEntryException("size out of range: " + value);
            }
        }

        /** §7.5.1 names file, dir, cdir and pdir; anything else is OS-specific, such as OS.unix=slink:/target. */
        private static RemoteFile.Type type(String type) {
            if (type.equals("file")) {
                return RemoteFile.Type.FILE;
            }
            if (type.equals("dir") || type.equals("cdir") || type.equals("pdir")) {
                return RemoteFile.Type.DIRECTORY;
            }
            return isLink(type) ? RemoteFile.Type.SYMLINK : RemoteFile.Type.OTHER;
        }

        private static boolean isLink(String type) {
            return type.startsWith("os.unix=slink") || type.startsWith("os.unix=symlink");
        }

        /** The target after {@code slink:}, in the case the server wrote it. */
        private Optional<String> linkTarget(String type) {
            if (!isLink(type)) {
                return Optional.empty();
            }
            String value = facts.get("type");
            int colon = value.indexOf(':');
            return colon < 0 || colon == value.length() - 1 ? Optional.empty() : Optional.of(value.substring(colon + 1));
        }
    }
}
