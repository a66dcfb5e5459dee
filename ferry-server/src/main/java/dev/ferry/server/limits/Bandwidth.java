package dev.ferry.server.limits;

import dev.ferry.server.auth.User;
import dev.ferry.server.config.ServerConfig;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The token buckets of one server: one for all downloads and one for all uploads (max-download-rate,
 * max-upload-rate), and a pair per user with a rate of their own, shared by all that user's sessions (so
 * opening more sessions gains nothing). Rates come from the config and the user at each transfer's start.
 */
public final class Bandwidth {

    private final TokenBucket downloads = new TokenBucket();
    private final TokenBucket uploads = new TokenBucket();
    /** Only users with a rate of their own get buckets: at most one pair per user of the users file. */
    private final ConcurrentMap<String, TokenBucket[]> perUser = new ConcurrentHashMap<>();

    public Throttle forDownload(ServerConfig config, User user) {
        long userRate = user.limits().downloadRate();
        return Throttle.of(downloads, config.maxDownloadRate(), userRate > 0 ? buckets(user)[0] : null, userRate);
    }

    public Throttle forUpload(ServerConfig config, User user) {
        long userRate = user.limits().uploadRate();
        return Throttle.of(uploads, config.maxUploadRate(), userRate > 0 ? buckets(user)[1] : null, userRate);
    }

    private TokenBucket[] buckets(User user) {
        return perUser.computeIfAbsent(user.name(), name -> new TokenBucket[] {new TokenBucket(), new TokenBucket()});
    }
}
