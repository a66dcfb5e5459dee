package dev.ferry.cli.client.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.cli.client.mirror.MirrorPlan.Entry;
import dev.ferry.cli.client.mirror.MirrorPlan.Kind;
import dev.ferry.cli.client.mirror.MirrorPlan.Rules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mirror's decisions from two trees. A tree is written one entry per string: {@code "d/"} a directory,
 * {@code "f 10 @100.5"} a file of 10 bytes modified at 100.5 s after the epoch ({@code ?} for an unknown size,
 * no {@code @} for an unknown time), {@code "l ->"} a symbolic link, {@code "p |"} a pipe or device.
 */
class MirrorPlanTest {

    private static final Rules SYNC = new Rules(false, true);
    private static final Rules DELETE = new Rules(true, true);
    private static final Rules SIZES = new Rules(false, false);

    static Stream<Arguments> cases() {
        return Stream.of(
                row("nothing on either side", List.of(), List.of(), SYNC, List.of()),
                row("a new tree is created parents first, then copied",
                        List.of("a/", "a/b c/", "a/b c/f 3 @10", "z 0 @1"), List.of(), SYNC,
                        List.of("mkdir a", "mkdir a/b c", "copy a/b c/f (new)", "copy z (new)")),
                row("same size and second: up to date",
                        List.of("d/", "d/f 5 @10.2"), List.of("d/", "d/f 5 @10.9"), SYNC, List.of("up to date 1")),
                row("another size is copied, even when older",
                        List.of("f 5 @10"), List.of("f 6 @20"), SYNC, List.of("copy f (size differs)")),
                row("a later second at the source is copied",
                        List.of("f 5 @11"), List.of("f 5 @10.999"), SYNC, List.of("copy f (newer)")),
                row("a later time at the destination is left",
                        List.of("f 5 @10"), List.of("f 5 @99"), SYNC, List.of("up to date 1")),
                row("sizes only: a newer source of the same size is left",
                        List.of("f 5 @99"), List.of("f 5 @10"), SIZES, List.of("up to date 1")),
                row("sizes only: another size is still copied",
                        List.of("f 5 @10"), List.of("f 4 @10"), SIZES, List.of("copy f (size differs)")),
                row("an unknown size falls back to the times",
                        List.of("f ? @11", "g ? @10"), List.of("f 5 @10", "g 5 @10"), SYNC,
                        List.of("copy f (newer)", "up to date 1")),
                row("nothing to compare: copied to be safe",
                        List.of("f ?"), List.of("f 5"), SYNC, List.of("copy f (neither size nor time to compare)")),
                row("extras stay without --delete",
                        List.of("f 1 @1"), List.of("f 1 @1", "old/", "old/x 1 @1"), SYNC, List.of("up to date 1")),
                row("extras go with --delete, children before parents",
                        List.of("f 1 @1"), List.of("a b 1 @1", "a/", "a/x 1 @1", "a/y/", "f 1 @1"), DELETE,
                        List.of("up to date 1", "delete a/y", "delete a/x", "delete a b", "delete a")),
                row("a directory where the source has a file is a conflict",
                        List.of("d 3 @1"), List.of("d/", "d/x 1 @1"), SYNC, List.of("conflict d FILE/DIRECTORY")),
                row("with --delete it is replaced first, only its own subtree",
                        List.of("d 3 @1", "d.txt 1 @1", "d0 1 @1"),
                        List.of("d/", "d/x 1 @1", "d/y/", "d.txt 1 @1", "d0 1 @1"), DELETE,
                        List.of("replace d/y", "replace d/x", "replace d", "copy d (new)", "up to date 2")),
                row("a file where the source has a directory: conflict, and its subtree waits",
                        List.of("d/", "d/x 1 @1"), List.of("d 9 @1"), SYNC, List.of("conflict d DIRECTORY/FILE")),
                row("with --delete the file makes way for the directory",
                        List.of("d/", "d/x 1 @1"), List.of("d 9 @1"), DELETE,
                        List.of("replace d", "mkdir d", "copy d/x (new)")),
                row("a link at the destination is not written through",
                        List.of("l 1 @1"), List.of("l ->"), SYNC, List.of("conflict l FILE/LINK")),
                row("source links and devices are skipped, and what the destination has there is kept",
                        List.of("l ->", "p |"), List.of("l/", "l/x 1 @1", "p 1 @1"), DELETE,
                        List.of("skip l", "skip p")),
                row("UTF-8 names are names",
                        List.of("Grüße/", "Grüße/日本.txt 4 @5"), List.of("Grüße/"), SYNC,
                        List.of("copy Grüße/日本.txt (new)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plansFromTwoTrees(String behaviour, List<String> source, List<String> destination, Rules rules,
                           List<String> expected) {
        MirrorPlan plan = MirrorPlan.of(tree(source), tree(destination), rules);
        assertEquals(expected, render(plan));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void planningTwiceAfterCarryingOutLeavesNothing(String behaviour, List<String> source, List<String> destination,
                                                    Rules rules, List<String> expected) {
        SortedMap<String, Entry> from = tree(source);
        SortedMap<String, Entry> to = tree(destination);
        MirrorPlan plan = MirrorPlan.of(from, to, rules);
        // carry the plan out on the destination's tree, as the executor does on disk
        plan.replaced().forEach(d -> to.remove(d.path()));
        plan.directories().forEach(d -> to.put(d, Entry.directory()));
        plan.copies().forEach(c -> to.put(c.path(), c.source()));
        plan.extras().forEach(d -> to.remove(d.path()));
        MirrorPlan again = MirrorPlan.of(from, to, rules);
        List<String> left = render(again).stream()
                .filter(line -> !line.startsWith("up to date") && !line.startsWith("skip")
                        && !line.startsWith("conflict") && !line.contains(MirrorPlan.Reason.UNKNOWN.text))
                .toList();
        assertEquals(List.of(), left);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bytesAreTheKnownSizesOfTheCopies(String behaviour, List<String> source, List<String> destination,
                                          Rules rules, List<String> expected) {
        MirrorPlan plan = MirrorPlan.of(tree(source), tree(destination), rules);
        assertEquals(plan.copies().stream().mapToLong(c -> Math.max(0, c.source().size())).sum(), plan.bytes());
    }

    private static Arguments row(String behaviour, List<String> source, List<String> destination, Rules rules,
                                 List<String> expected) {
        return Arguments.of(behaviour, source, destination, rules, expected);
    }

    private static SortedMap<String, Entry> tree(List<String> specs) {
        SortedMap<String, Entry> tree = new TreeMap<>();
        for (String spec : specs) {
            if (spec.endsWith("/")) {
                tree.put(spec.substring(0, spec.length() - 1), Entry.directory());
            } else if (spec.endsWith(" ->")) {
                tree.put(spec.substring(0, spec.length() - 3), Entry.of(Kind.LINK));
            } else if (spec.endsWith(" |")) {
                tree.put(spec.substring(0, spec.length() - 2), Entry.of(Kind.OTHER));
            } else {
                String[] words = spec.split(" ");
                int timeAt = words[words.length - 1].startsWith("@") ? words.length - 1 : words.length;
                int sizeAt = timeAt - 1;
                String name = String.join(" ", List.of(words).subList(0, sizeAt));
                long size = words[sizeAt].equals("?") ? -1 : Long.parseLong(words[sizeAt]);
                Optional<Instant> time = timeAt < words.length ? Optional.of(instant(words[timeAt].substring(1)))
                        : Optional.empty();
                tree.put(name, new Entry(Kind.FILE, size, time));
            }
        }
        return tree;
    }

    private static Instant instant(String seconds) {
        return Instant.ofEpochMilli(Math.round(Double.parseDouble(seconds) * 1000));
    }

    private static List<String> render(MirrorPlan plan) {
        List<String> lines = new ArrayList<>();
        plan.conflicts().forEach(c -> lines.add("conflict " + c.path() + " " + c.source() + "/" + c.destination()));
        plan.skipped().forEach(s -> lines.add("skip " + s.path()));
        plan.replaced().forEach(d -> lines.add("replace " + d.path()));
        plan.directories().forEach(d -> lines.add("mkdir " + d));
        plan.copies().forEach(c -> lines.add("copy " + c.path() + " (" + c.reason().text + ")"));
        if (plan.upToDate() > 0) {
            lines.add("up to date " + plan.upToDate());
        }
        plan.extras().forEach(d -> lines.add("delete " + d.path()));
        return lines;
    }
}
