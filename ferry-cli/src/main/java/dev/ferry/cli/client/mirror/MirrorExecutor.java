package dev.ferry.cli.client.mirror;

import dev.ferry.cli.client.mirror.MirrorPlan.Conflict;
import dev.ferry.cli.client.mirror.MirrorPlan.Copy;
import dev.ferry.cli.client.mirror.MirrorPlan.Deletion;
import dev.ferry.cli.client.mirror.MirrorPlan.Kind;
import dev.ferry.cli.client.mirror.MirrorPlan.Skip;
import dev.ferry.client.DataConnectionException;
import dev.ferry.client.FtpReplyException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Carries out a {@link MirrorPlan}. Deletions and new directories run in order on the first session; the
 * copies run on every session at once, each session on its own virtual thread taking the next file from a
 * shared queue. A failure is reported and the run goes on with the other files; a session that may be out
 * of step after one is replaced by a new connection.
 */
final class MirrorExecutor {

    private final MirrorDirection direction;
    private final MirrorSessions sessions;
    private final MirrorReport report;

    MirrorExecutor(MirrorDirection direction, MirrorSessions sessions, MirrorReport report) {
        this.direction = direction;
        this.sessions = sessions;
        this.report = report;
    }

    void run(MirrorPlan plan) throws InterruptedException {
        reportUnmirrored(plan);
        MirrorSessions.Slot first = sessions.slot(0);
        for (Deletion deletion : plan.replaced()) {
            delete(first, deletion);
        }
        for (String directory : plan.directories()) {
            try {
                direction.makeDirectory(first, directory);
                report.action("mkdir " + directory);
            } catch (IOException | RuntimeException e) {
                failed(first, "mkdir " + directory, e);
            }
        }
        copyAll(plan.copies());
        for (Deletion deletion : plan.extras()) {
            delete(first, deletion);
        }
    }

    /** A dry run: the same lines, nothing done. */
    void preview(MirrorPlan plan) {
        reportUnmirrored(plan);
        plan.replaced().forEach(d -> report.action(MirrorReport.deleteLine(d)));
        plan.directories().forEach(d -> report.action("mkdir " + d));
        plan.copies().forEach(c -> report.action(MirrorReport.copyLine(direction.verb(), c)));
        plan.extras().forEach(d -> report.action(MirrorReport.deleteLine(d)));
        report.preview(plan);
    }

    private void reportUnmirrored(MirrorPlan plan) {
        for (Conflict conflict : plan.conflicts()) {
            report.failed(direction.verb() + " " + conflict.path(), "a " + noun(conflict.destination())
                    + " is in the way of the source's " + noun(conflict.source()) + " (--delete replaces it)",
                    direction.destinationCode());
        }
        for (Skip skip : plan.skipped()) {
            report.action("skip " + skip.path() + (skip.kind() == Kind.LINK ? " (symbolic link, not followed)"
                    : " (not a regular file or directory)"));
        }
        report.upToDate(plan.upToDate());
    }

    private static String noun(Kind kind) {
        return switch (kind) {
            case FILE -> "file";
            case DIRECTORY -> "directory";
            case LINK -> "symbolic link";
            case OTHER -> "special file";
        };
    }

    private void delete(MirrorSessions.Slot slot, Deletion deletion) {
        try {
            direction.delete(slot, deletion);
            report.deleted(deletion);
        } catch (IOException | RuntimeException e) {
            failed(slot, MirrorReport.deleteLine(deletion), e);
        }
    }

    private void copyAll(List<Copy> copies) throws InterruptedException {
        Queue<Copy> queue = new ConcurrentLinkedQueue<>(copies);
        int workers = Math.min(sessions.size(), copies.size());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            MirrorSessions.Slot slot = sessions.slot(i);
            threads.add(Thread.ofVirtual().name("ferry-mirror-" + slot.number()).start(() -> work(slot, queue, false)));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        // files put back by sessions that could not connect, after the others had finished
        work(sessions.slot(0), queue, true);
    }

    /**
     * Copies files from the queue until it is empty. A session that cannot connect puts its file back and
     * stops, leaving the rest to the others; on the last pass there are no others, and the rest fail.
     */
    private void work(MirrorSessions.Slot slot, Queue<Copy> queue, boolean last) {
        for (Copy copy = queue.poll(); copy != null; copy = queue.poll()) {
            String action = direction.verb() + " " + copy.path();
            try {
                slot.client();
            } catch (IOException | RuntimeException e) {
                if (!last) {
                    queue.add(copy);
                    report.note("session " + slot.number() + " could not connect ("
                            + MirrorReport.Wording.of(e).message() + "); the other sessions carry on");
                    return;
                }
                report.failed(action, e);
                for (Copy rest = queue.poll(); rest != null; rest = queue.poll()) {
                    report.failed(direction.verb() + " " + rest.path(), e);
                }
                return;
            }
            try {
                report.copied(direction.verb(), copy, direction.copy(slot, copy));
            } catch (IOException | RuntimeException e) {
                failed(slot, action, e);
            }
        }
    }

    private void failed(MirrorSessions.Slot slot, String action, Exception failure) {
        report.failed(action, failure);
        if (outOfStep(failure)) {
            slot.discard();
        }
    }

    /**
     * Whether a session may have lost track of its conversation: a refusal (other than 421), a data
     * connection that never opened, or a local file problem leaves it in step; a broken or timed-out control
     * connection does not.
     */
    static boolean outOfStep(Exception failure) {
        return switch (failure) {
            case FtpReplyException e -> e.code() == 421;
            case DataConnectionException e -> false;
            case FileSystemException e -> false;
            case IOException e -> true;
            default -> false;
        };
    }
}
