package dev.ferry.server.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers, for a while, that a password matched: a client that logs in again and again (a sync job, a
 * benchmark) then skips the slow hash, which costs tens of milliseconds and 19 MiB each time.
 *
 * <p>An entry is an HMAC, under a random key made per process, of the name, the password and the stored hash
 * string: neither the password nor a plain hash of it is kept, so the cache is no oracle for guessing from
 * a heap dump, and a new hash ({@code ferry user passwd}) misses at once. Only successes are remembered: a
 * wrong password always costs the slow hash, as an unknown name does (the dummy hash). Bounded: the oldest
 * entry goes when the cache is full.
 */
public final class VerifiedPasswordCache {

    static final int MAX_ENTRIES = 10_000;
    private static final String HMAC = "HmacSHA256";

    private final PasswordCheck slow;
    private final int maxEntries;
    private final InstantSource clock;
    private final SecretKeySpec key;
    private final ReentrantLock lock = new ReentrantLock();
    /** MAC to expiry, in insertion order, so the eldest goes first. */
    private final LinkedHashMap<ByteBuffer, Instant> verified = new LinkedHashMap<>();

    public VerifiedPasswordCache() {
        this(PasswordCheck.SLOW, MAX_ENTRIES, InstantSource.system());
    }

    VerifiedPasswordCache(PasswordCheck slow, int maxEntries, InstantSource clock) {
        this.slow = slow;
        this.maxEntries = maxEntries;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, HMAC);
    }

    /** A check that consults the cache, remembering successes for {@code ttl}; zero: the slow hash every time. */
    public PasswordCheck check(Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            return slow;
        }
        return (name, encoded, password) -> matches(name, encoded, password, ttl);
    }

    private boolean matches(String name, String encoded, String password, Duration ttl) {
        ByteBuffer mac = mac(name, encoded, password);
        Instant now = clock.instant();
        lock.lock();
        try {
            Instant expiry = verified.get(mac);
            if (expiry != null && now.isBefore(expiry)) {
                return true;
            }
            verified.remove(mac);
        } finally {
            lock.unlock();
        }
        if (!slow.matches(name, encoded, password)) { // outside the lock: it is slow
            return false;
        }
        lock.lock();
        try {
            verified.put(mac, now.plus(ttl));
            evict(now);
        } finally {
            lock.unlock();
        }
        return true;
    }

    /** Entries held now, expired ones included until they are evicted. */
    int size() {
        lock.lock();
        try {
            return verified.size();
        } finally {
            lock.unlock();
        }
    }

    private void evict(Instant now) {
        if (verified.size() <= maxEntries) {
            return;
        }
        verified.values().removeIf(expiry -> !now.isBefore(expiry));
        Iterator<Map.Entry<ByteBuffer, Instant>> eldest = verified.entrySet().iterator();
        while (verified.size() > maxEntries && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }

    /** Each field with its length in front, so that no two different triples give the same input. */
    private ByteBuffer mac(String name, String encoded, String password) {
        try {
            Mac mac = Mac.getInstance(HMAC); // not thread-safe, and cheap next to what it saves
            mac.init(key);
            for (String field : new String[] {name, encoded, password}) {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                mac.update(bytes);
            }
            return ByteBuffer.wrap(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
