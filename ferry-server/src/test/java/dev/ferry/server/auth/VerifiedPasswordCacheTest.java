package dev.ferry.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifiedPasswordCacheTest {

    private static final Duration TTL = Duration.ofMinutes(5);

    /** Stands in for the slow hash: "hash:PASSWORD" matches PASSWORD; counts its calls. */
    private static final class CountingCheck implements PasswordCheck {
        final List<String> calls = new ArrayList<>();

        @Override
        public boolean matches(String name, String encoded, String password) {
            calls.add(name + " " + encoded);
            return encoded.equals("hash:" + password);
        }
    }

    private final CountingCheck slow = new CountingCheck();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final InstantSource clock = () -> now;

    @Test
    void aVerifiedPasswordSkipsTheSlowHashUntilTheTtlEnds() {
        PasswordCheck check = new VerifiedPasswordCache(slow, 100, clock).check(TTL);
        assertTrue(check.matches("alice", "hash:pw", "pw"));
        assertTrue(check.matches("alice", "hash:pw", "pw"));
        assertEquals(1, slow.calls.size());
        now = now.plus(TTL);
        assertTrue(check.matches("alice", "hash:pw", "pw"));
        assertEquals(2, slow.calls.size(), "an expired entry costs the slow hash again");
    }

    @Test
    void failuresAreNeverRemembered() {
        PasswordCheck check = new VerifiedPasswordCache(slow, 100, clock).check(TTL);
        assertTrue(check.matches("alice", "hash:pw", "pw"));
        for (int i = 0; i < 3; i++) {
            assertFalse(check.matches("alice", "hash:pw", "wrong"));
        }
        assertFalse(check.matches("alice", "hash:pw", "pw "), "a password is not matched by a prefix");
        assertEquals(5, slow.calls.size(), "every wrong password paid the slow hash");
    }

    @Test
    void aChangedHashOrAnotherNameMisses() {
        PasswordCheck check = new VerifiedPasswordCache(slow, 100, clock).check(TTL);
        assertTrue(check.matches("alice", "hash:pw", "pw"));
        assertFalse(check.matches("alice", "hash:new", "pw"), "ferry user passwd: the old password no longer works");
        assertTrue(check.matches("bob", "hash:pw", "pw"));
        assertEquals(3, slow.calls.size());
    }

    @Test
    void ttlZeroTurnsTheCacheOff() {
        VerifiedPasswordCache cache = new VerifiedPasswordCache(slow, 100, clock);
        PasswordCheck check = cache.check(Duration.ZERO);
        assertTrue(check.matches("alice", "hash:pw", "pw"));
        assertTrue(check.matches("alice", "hash:pw", "pw"));
        assertEquals(2, slow.calls.size());
        assertEquals(0, cache.size());
    }

    @Test
    void theCacheIsBounded() {
        VerifiedPasswordCache cache = new VerifiedPasswordCache(slow, 10, clock);
        PasswordCheck check = cache.check(TTL);
        for (int i = 0; i < 100; i++) {
            assertTrue(check.matches("user" + i, "hash:pw", "pw"));
            assertTrue(cache.size() <= 10, () -> "cache grew to " + cache.size());
        }
        assertTrue(check.matches("user99", "hash:pw", "pw"));
        assertEquals(100, slow.calls.size(), "the newest entries stay");
    }

    @Test
    void holdsNeitherThePasswordNorItsPlainHash() throws Exception {
        VerifiedPasswordCache cache = new VerifiedPasswordCache(PasswordCheck.SLOW, 10, clock);
        String password = "correct horse battery";
        String encoded = PasswordHash.hash(password);
        assertTrue(cache.check(TTL).matches("alice", encoded, password));
        Field field = VerifiedPasswordCache.class.getDeclaredField("verified");
        field.setAccessible(true);
        Map<?, ?> verified = (Map<?, ?>) field.get(cache);
        assertEquals(1, verified.size());
        byte[] key = ((ByteBuffer) verified.keySet().iterator().next()).array();
        assertEquals(32, key.length, "an HMAC-SHA256");
        byte[] plain = password.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + plain.length <= key.length; i++) {
            assertFalse(Arrays.equals(plain, 0, plain.length, key, i, i + plain.length));
        }
        for (String digest : List.of("SHA-256", "SHA-1", "MD5")) {
            byte[] h = java.security.MessageDigest.getInstance(digest).digest(plain);
            assertFalse(Arrays.equals(h, Arrays.copyOf(key, h.length)), digest + " of the password is stored");
        }
    }
}
