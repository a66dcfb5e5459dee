package dev.ferry.cli.client.mirror;

import dev.ferry.cli.client.ExitCode;
import dev.ferry.cli.client.mirror.MirrorPlan.Copy;
import dev.ferry.cli.client.mirror.MirrorPlan.Deletion;
import dev.ferry.cli.client.mirror.MirrorPlan.Kind;
import dev.ferry.client.FtpClient;
import dev.ferry.client.FtpReplyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * The two ways a mirror runs: what copying a file, creating a directory and deleting mean at the
 * destination. Local work ignores the session; remote work asks its slot for one only when it needs it.
 */
sealed interface MirrorDirection {

    /** The word of the action lines: get or put. */
    String verb();

    /** Copies one file; returns the bytes moved. */
    long copy(MirrorSessions.Slot slot, Copy copy) throws IOException;

    void makeDirectory(MirrorSessions.Slot slot, String path) throws IOException;

    void delete(MirrorSessions.Slot slot, Deletion deletion) throws IOException;

    /** Creates the destination directory itself, with any missing parents. */
    void createRoot(MirrorSessions.Slot slot) throws IOException;

    /** The exit code for a destination this mirror cannot bring in line (a directory where a file goes). */
    ExitCode destinationCode();

    /** Remote to local. The local copy gets the remote file's time, so the next run sees it as up to date. */
    record Download(String remoteRoot, Path localRoot) implements MirrorDirection {

        @Override
        public String verb() {
            return "get";
        }

        @Override
        public long copy(MirrorSessions.Slot slot, Copy copy) throws IOException {
            Path local = local(copy.path());
            slot.client().download(MirrorListing.remotePath(remoteRoot, copy.path()), local);
            if (copy.source().modified().isPresent()) {
                Files.setLastModifiedTime(local, FileTime.from(copy.source().modified().get()));
            }
            return Files.size(local);
        }

        @Override
        public void makeDirectory(MirrorSessions.Slot slot, String path) throws IOException {
            Files.createDirectories(local(path));
        }

        @Override
        public void delete(MirrorSessions.Slot slot, Deletion deletion) throws IOException {
            Files.delete(local(deletion.path())); // a link itself, never its target
        }

        @Override
        public void createRoot(MirrorSessions.Slot slot) throws IOException {
            Files.createDirectories(localRoot);
        }

        @Override
        public ExitCode destinationCode() {
            return ExitCode.LOCAL;
        }

        private Path local(String path) {
            return localRoot.resolve(path);
        }
    }

    /**
     * Local to remote. With MFMT the remote copy gets the local file's time (the time the plan compared,
     * read before the upload); a server that refuses it is reported once, as later runs will send the file
     * again.
     */
    record Upload(Path localRoot, String remoteRoot, boolean setTimes, MirrorReport report)
            implements MirrorDirection {

        @Override
        public String verb() {
            return "put";
        }

        @Override
        public long copy(MirrorSessions.Slot slot, Copy copy) throws IOException {
            Path local = localRoot.resolve(copy.path());
            String remote = remote(copy.path());
            long size = Files.size(local);
            FtpClient ftp = slot.client();
            ftp.upload(local, remote);
            if (setTimes && copy.source().modified().isPresent()) {
                Instant time = copy.source().modified().get();
                try {
                    ftp.setModificationTime(remote, time);
                } catch (FtpReplyException e) {
                    report.note("MFMT", "the server did not set the time of " + copy.path() + " (" + e.getMessage()
                            + "); files without the source's time are sent again by the next run");
                }
            }
            return size;
        }

        @Override
        public void makeDirectory(MirrorSessions.Slot slot, String path) throws IOException {
            slot.client().makeDirectory(remote(path));
        }

        @Override
        public void delete(MirrorSessions.Slot slot, Deletion deletion) throws IOException {
            if (deletion.kind() == Kind.DIRECTORY) {
                slot.client().removeDirectory(remote(deletion.path()));
            } else {
                slot.client().delete(remote(deletion.path()));
            }
        }

        @Override
        public void createRoot(MirrorSessions.Slot slot) throws IOException {
            slot.client().makeDirectories(remoteRoot);
        }

        @Override
        public ExitCode destinationCode() {
            return ExitCode.REMOTE_FILE;
        }

        private String remote(String path) {
            return MirrorListing.remotePath(remoteRoot, path);
        }
    }
}
