package dev.ferry.server.limits;

import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import dev.ferry.server.auth.User;
import dev.ferry.server.config.ByteSize;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The quota checks of one user (quota-bytes, quota-files in the users file). RFC 959 names the reply:
 * 552, "Requested file action aborted. Exceeded storage allocation".
 */
public final class Quota {

    private final DiskUsage usage;
    private final User user;

    public Quota(DiskUsage usage, User user) {
        this.usage = usage;
        this.user = user;
    }

    private boolean on() {
        return user.limits().hasQuota();
    }

    /** Before MKD: one more entry must fit. */
    public void beforeCreate() throws ReplyException, IOException {
        if (on()) {
            DiskUsage.Usage now = usage.current(user.home());
            checkFiles(now, 1);
        }
    }

    /** After a new folder or a delete: the count follows without a walk. */
    public void changed(long bytes, long files) {
        if (on()) {
            usage.changed(user.home(), bytes, files);
        }
    }

    /** Before a file is deleted or a folder removed: what it frees. */
    public long sizeOf(Path file) {
        try {
            return on() && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Before an upload to {@code target} that writes from {@code offset} on (0 for STOR, the size for APPE):
     * refuses it when the quota is already used up, else returns the check its receive loop calls.
     */
    public Upload beforeUpload(Path target, long offset) throws ReplyException, IOException {
        if (!on()) {
            return Upload.UNLIMITED;
        }
        boolean existed = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        long oldSize = existed ? Files.size(target) : 0;
        DiskUsage.Usage now = usage.current(user.home());
        if (!existed) {
            checkFiles(now, 1);
        }
        if (user.limits().quotaBytes() > 0 && now.bytes() >= user.limits().quotaBytes() && offset >= oldSize) {
            throw exceeded(now);
        }
        Upload upload = new Upload(this, target, existed, oldSize, offset);
        if (!existed) {
            usage.changed(user.home(), 0, 1); // charged now, so that parallel uploads cannot each take the last place
        }
        return upload;
    }

    private void checkFiles(DiskUsage.Usage now, long more) throws ReplyException {
        long max = user.limits().quotaFiles();
        if (max > 0 && now.files() + more > max) {
            throw new ReplyException(ReplyCode.EXCEEDED_STORAGE, "Quota exceeded (" + now.files() + " of " + max
                    + " files used)");
        }
    }

    private ReplyException exceeded(DiskUsage.Usage now) {
        return new ReplyException(ReplyCode.EXCEEDED_STORAGE, message(now.bytes()));
    }

    private String message(long used) {
        return "Quota exceeded (" + ByteSize.format(used) + " used of " + ByteSize.format(user.limits().quotaBytes())
                + " bytes)";
    }

    /**
     * One upload's share of the quota. The receive loop calls {@link #received} with the bytes written so far
     * (into the target or into a temporary file: either way they will count once the upload completes); each
     * call charges the growth since the last, so parallel uploads of one user see each other. {@link #settle}
     * then replaces the estimate by what the target holds.
     */
    public static final class Upload {

        /** For users without a quota: nothing to count. */
        public static final Upload UNLIMITED = new Upload(null, null, false, 0, 0);

        private final Quota quota;
        private final Path target;
        private final boolean existed;
        private final long oldSize;
        private final long offset;
        private long charged;

        private Upload(Quota quota, Path target, boolean existed, long oldSize, long offset) {
            this.quota = quota;
            this.target = target;
            this.existed = existed;
            this.oldSize = oldSize;
            this.offset = offset;
        }

        /** Throws when {@code written} bytes from the offset on would take the home past its byte quota. */
        public void received(long written) throws QuotaExceededException {
            if (quota == null || quota.user.limits().quotaBytes() == 0) {
                return;
            }
            long growth = Math.max(0, offset + written - oldSize);
            if (growth == charged) {
                return;
            }
            DiskUsage.Home home = quota.usage.home(quota.user.home());
            long used;
            try {
                used = home.cached().bytes();
            } catch (IOException e) {
                return; // the home cannot be walked: the disk's own limits apply
            }
            long max = quota.user.limits().quotaBytes();
            if (used + growth - charged > max) {
                throw new QuotaExceededException(quota.message(used));
            }
            home.add(growth - charged, 0);
            charged = growth;
        }

        /** After a failed upload: the target back as it was where that can be done (see the class comment). */
        public void rollBack() {
            if (quota == null) {
                return;
            }
            try {
                if (!existed) {
                    Files.deleteIfExists(target);
                } else if (offset >= oldSize) { // APPE, or REST at the end: cut what was appended
                    try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
                        if (channel.size() > oldSize) {
                            channel.truncate(oldSize);
                        }
                    }
                }
            } catch (IOException e) {
                // settle counts whatever stayed
            }
        }

        /** The upload did not start after all (STOU lost the name to another session). */
        public void cancel() {
            if (quota != null && !existed) {
                quota.usage.changed(quota.user.home(), 0, -1);
            }
        }

        /** After the upload, success or not: the count follows what the target now holds. */
        public void settle() {
            if (quota == null) {
                return;
            }
            boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
            long size = 0;
            try {
                size = exists ? Files.size(target) : 0;
            } catch (IOException e) {
                // counted as empty until the next walk
            }
            long bytesNow = size - oldSize;
            long filesNow = (exists ? 1 : 0) - (existed ? 1 : 0);
            long filesCharged = existed ? 0 : 1;
            quota.usage.changed(quota.user.home(), bytesNow - charged, filesNow - filesCharged);
        }
    }
}
