package dev.ferry.server.auth;

import dev.ferry.server.config.ByteSize;
import java.util.ArrayList;
import java.util.List;

/**
 * What one user may use, from the users file; 0 means unlimited everywhere.
 *
 * @param downloadRate bytes/s that this user's downloads share, over all their sessions
 * @param uploadRate bytes/s that this user's uploads share
 * @param quotaBytes bytes the user's home may hold
 * @param quotaFiles files and folders the user's home may hold
 */
public record UserLimits(long downloadRate, long uploadRate, long quotaBytes, long quotaFiles) {

    public static final UserLimits NONE = new UserLimits(0, 0, 0, 0);

    public UserLimits {
        if (downloadRate < 0 || uploadRate < 0 || quotaBytes < 0 || quotaFiles < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
    }

    public boolean hasQuota() {
        return quotaBytes > 0 || quotaFiles > 0;
    }

    /** For {@code ferry user list}: the limits that are set, or empty. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (downloadRate > 0) {
            parts.add("download " + ByteSize.format(downloadRate) + "/s");
        }
        if (uploadRate > 0) {
            parts.add("upload " + ByteSize.format(uploadRate) + "/s");
        }
        if (quotaBytes > 0) {
            parts.add("quota " + ByteSize.format(quotaBytes));
        }
        if (quotaFiles > 0) {
            parts.add("quota " + quotaFiles + " files");
        }
        return String.join(", ", parts);
    }
}
