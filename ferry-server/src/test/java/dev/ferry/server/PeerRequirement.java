package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when a third-party peer (a client or server it runs against) is not available: it is
 * skipped, or it fails when {@value #VARIABLE}=1, as test.sh and CI set it, so a missing peer cannot pass
 * unnoticed there. Public because the client module's peer servers follow the same rule.
 */
public final class PeerRequirement {

    /** Set by test.sh: a missing peer fails the build instead of skipping its tests. */
    public static final String VARIABLE = "FERRY_REQUIRE_PEERS";

    private PeerRequirement() {
    }

    /** Whether a missing peer fails the test instead of skipping it. */
    public static boolean required() {
        return "1".equals(System.getenv(VARIABLE));
    }

    /**
     * Ends the calling test because a peer is missing: {@code why} says what is missing and how to get it.
     * Always throws (an assertion failure or an aborted-test exception).
     */
    public static void missing(String why) {
        if (required()) {
            fail(why + " [" + VARIABLE + "=1]");
        }
        Assumptions.abort(why);
    }
}
