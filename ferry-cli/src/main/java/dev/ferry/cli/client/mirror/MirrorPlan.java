package dev.ferry.cli.client.mirror;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * What a mirror does, worked out from the two trees alone: the directories to create (parents first), the
 * files to copy and why, what to delete, what to leave alone. No I/O, so every rule is testable from tables.
 * Paths are relative to the two roots, '/'-separated.
 *
 * @param replaced destination entries in the way of a source entry of another type (a directory where the
 *     source has a file), removed before anything is copied; children before their parents
 * @param extras destination entries absent at the source, removed after copying; children first
 * @param conflicts entries of different types on the two sides that were not replaced (no --delete)
 */
record MirrorPlan(List<String> directories, List<Copy> copies, List<Deletion> replaced, List<Deletion> extras,
                  List<Skip> skipped, List<Conflict> conflicts, int upToDate) {

    enum Kind { FILE, DIRECTORY, LINK, OTHER }

    /** One side's facts about a path: size -1 and no time when the listing did not say. */
    record Entry(Kind kind, long size, Optional<Instant> modified) {

        static Entry file(long size, Instant modified) {
            return new Entry(Kind.FILE, size, Optional.of(modified));
        }

        static Entry directory() {
            return new Entry(Kind.DIRECTORY, -1, Optional.empty());
        }

        static Entry of(Kind kind) {
            return new Entry(kind, -1, Optional.empty());
        }
    }

    /**
     * @param delete remove what the source does not have, and what is in the way of what it has
     * @param compareTimes copy files newer at the source; off when one side's times cannot be trusted or set
     */
    record Rules(boolean delete, boolean compareTimes) {
    }

    enum Reason {
        NEW("new"), SIZE("size differs"), NEWER("newer"), UNKNOWN("neither size nor time to compare");

        final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    record Copy(String path, Entry source, Reason reason) {
    }

    record Deletion(String path, Kind kind) {
    }

    /** A source entry that is not mirrored: a symbolic link not followed, a device, a pipe. */
    record Skip(String path, Kind kind) {
    }

    record Conflict(String path, Kind source, Kind destination) {
    }

    static MirrorPlan of(SortedMap<String, Entry> source, SortedMap<String, Entry> destination, Rules rules) {
        List<String> directories = new ArrayList<>();
        List<Copy> copies = new ArrayList<>();
        List<Deletion> replaced = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        List<Conflict> conflicts = new ArrayList<>();
        Set<String> notMirrored = new HashSet<>(); // source paths whose subtrees stay as they are
        Set<String> cleared = new HashSet<>();
        int upToDate = 0;
        for (Map.Entry<String, Entry> entry : source.entrySet()) {
            String path = entry.getKey();
            Entry from = entry.getValue();
            if (hasAncestorIn(path, notMirrored)) {
                continue;
            }
            Entry to = destination.get(path);
            if (from.kind() == Kind.LINK || from.kind() == Kind.OTHER) {
                skipped.add(new Skip(path, from.kind()));
                notMirrored.add(path);
                continue;
            }
            boolean sameKind = to != null && to.kind() == from.kind();
            if (to != null && !sameKind) {
                if (!rules.delete()) {
                    conflicts.add(new Conflict(path, from.kind(), to.kind()));
                    notMirrored.add(path);
                    continue;
                }
                cleared.add(path);
                destination.subMap(path + "/", path + "0").reversed() // '0' follows '/': exactly the subtree
                        .forEach((child, e) -> replaced.add(new Deletion(child, e.kind())));
                replaced.add(new Deletion(path, to.kind()));
            }
            if (from.kind() == Kind.DIRECTORY) {
                if (!sameKind) {
                    directories.add(path);
                }
            } else {
                Optional<Reason> reason = sameKind ? compare(from, to, rules) : Optional.of(Reason.NEW);
                if (reason.isPresent()) {
                    copies.add(new Copy(path, from, reason.get()));
                } else {
                    upToDate++;
                }
            }
        }
        List<Deletion> extras = new ArrayList<>();
        if (rules.delete()) {
            destination.reversed().forEach((path, e) -> {
                if (!source.containsKey(path) && !hasAncestorIn(path, notMirrored) && !cleared.contains(path)
                        && !hasAncestorIn(path, cleared)) {
                    extras.add(new Deletion(path, e.kind()));
                }
            });
        }
        return new MirrorPlan(List.copyOf(directories), List.copyOf(copies), List.copyOf(replaced),
                List.copyOf(extras), List.copyOf(skipped), List.copyOf(conflicts), upToDate);
    }

    /** Why a file present on both sides must be copied again, if it must. */
    static Optional<Reason> compare(Entry from, Entry to, Rules rules) {
        boolean sizes = from.size() >= 0 && to.size() >= 0;
        if (sizes && from.size() != to.size()) {
            return Optional.of(Reason.SIZE);
        }
        boolean times = rules.compareTimes() && from.modified().isPresent() && to.modified().isPresent();
        // whole seconds: MLSD and MFMT carry no more, and file systems keep different fractions
        if (times && from.modified().get().getEpochSecond() > to.modified().get().getEpochSecond()) {
            return Optional.of(Reason.NEWER);
        }
        return sizes || times ? Optional.empty() : Optional.of(Reason.UNKNOWN);
    }

    /** The bytes the copies will move, counting unknown sizes as nothing. */
    long bytes() {
        return copies.stream().mapToLong(c -> Math.max(0, c.source().size())).sum();
    }

    private static boolean hasAncestorIn(String path, Set<String> paths) {
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            if (paths.contains(path.substring(0, slash))) {
                return true;
            }
        }
        return false;
    }
}
