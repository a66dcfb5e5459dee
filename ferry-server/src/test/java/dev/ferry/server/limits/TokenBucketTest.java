package dev.ferry.server.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.auth.User;
import dev.ferry.server.auth.UserLimits;
import dev.ferry.server.config.ConfigException;
import dev.ferry.server.config.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long MIB = 1 << 20;

    @Test
    void aFullBucketLetsOneChunkThroughThenAsksForTheRest() {
        TokenBucket bucket = new TokenBucket();
        int chunk = TokenBucket.chunk(MIB);
        assertEquals(0, bucket.take(chunk, MIB));
        long wait = bucket.take(MIB, MIB); // a whole second's worth more, right away
        assertTrue(wait > 900_000_000L && wait <= 1_000_000_000L, "wait " + wait);
    }

    @Test
    void chunksAreATenthOfASecondWithinBounds() {
        assertEquals(1024, TokenBucket.chunk(100));
        assertEquals((int) (MIB / 10), TokenBucket.chunk(MIB));
        assertEquals(256 << 10, TokenBucket.chunk(1L << 40));
    }

    @Test
    void aTransferObeysTheSmallerOfServerAndUserRate() throws ConfigException {
        Bandwidth bandwidth = new Bandwidth();
        ServerConfig config = ServerConfig.builder().maxDownloadRate(10 * MIB).build();
        User limited = new User("alice", Path.of("."), true, false, new UserLimits(MIB, 0, 0, 0));
        User free = new User("bob", Path.of("."), true, false);
        assertEquals(MIB, bandwidth.forDownload(config, limited).rate());
        assertEquals(10 * MIB, bandwidth.forDownload(config, free).rate());
        assertEquals(0, bandwidth.forUpload(config, free).rate());
        assertTrue(bandwidth.forUpload(config, free) == Throttle.NONE, "no limit: the fast path");
    }
}
