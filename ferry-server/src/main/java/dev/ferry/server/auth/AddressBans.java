package dev.ferry.server.auth;

import dev.ferry.server.config.Cidr;
import dev.ferry.server.config.ServerConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Failed logins per client address, over all its sessions, and the bans they earn (as ProFTPD's mod_ban and
 * SFTPGo's defender): {@code ban-after} failures within {@code ban-window} of the first ban the address for
 * {@code ban-time}; each further ban doubles, up to {@code ban-time-max}. An address is forgiven (its entry
 * dropped, at the latest a minute later) once it is not banned, its window has passed, and {@code ban-time-max} has passed since its last ban.
 *
 * <p>An IPv6 client is counted and banned by its /64: that is what one host or one subscriber is given, and
 * it can pick any address inside it (RFC 4941 privacy addresses), so a /128 ban would be no ban at all. An
 * IPv4 client is counted by its own address.
 *
 * <p>Settings are read from the config passed in at each call, so a reloaded config applies at once. Memory
 * is bounded: at most {@code maxEntries} addresses are tracked; when full, expired entries go, then failure
 * counts of addresses that are not banned (oldest first); bans in force are kept, and a new address is then
 * not counted until room is made.
 */
public final class AddressBans {

    static final int MAX_ENTRIES = 100_000;
    private static final int IPV6_PREFIX = 64;
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    /** A ban just imposed: on what (an address, or an IPv6 /64), after how many failures, how long, which one. */
    public record Ban(String subject, int failures, Duration duration, int number) {
    }

    private static final class Entry {
        Instant windowStart;
        int failures;
        int bans;
        Instant bannedUntil = Instant.MIN;
    }

    private final int maxEntries;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    /** In insertion order, so that eviction drops the oldest first. */
    private final LinkedHashMap<Cidr, Entry> entries = new LinkedHashMap<>();
    private Instant nextSweep = Instant.MIN;

    public AddressBans() {
        this(MAX_ENTRIES, InstantSource.system());
    }

    AddressBans(int maxEntries, InstantSource clock) {
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** How long the address stays banned; empty when it may connect. */
    public Optional<Duration> banned(InetAddress address, ServerConfig config) {
        if (config.banAfter() == 0 || allowed(address, config)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        lock.lock();
        try {
            Entry entry = entries.get(subject(address));
            return entry != null && now.isBefore(entry.bannedUntil)
                    ? Optional.of(Duration.between(now, entry.bannedUntil)) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Counts a failed login from the address; the ban, when this failure earned one. */
    public Optional<Ban> loginFailed(InetAddress address, ServerConfig config) {
        if (config.banAfter() == 0 || allowed(address, config)) {
            return Optional.empty();
        }
        Cidr subject = subject(address);
        Instant now = clock.instant();
        lock.lock();
        try {
            sweepNow(now, config);
            Entry entry = entries.get(subject);
            if (entry != null && expired(entry, now, config)) {
                entry = null; // forgiven: counts and escalation start again
                entries.remove(subject);
            }
            if (entry == null) {
                if (!makeRoom(now, config)) {
                    return Optional.empty();
                }
                entry = new Entry();
                entries.put(subject, entry);
            }
            if (now.isBefore(entry.bannedUntil)) {
                return Optional.empty(); // a session that was open before the ban: already banned
            }
            if (entry.failures == 0 || !now.isBefore(entry.windowStart.plus(config.banWindow()))) {
                entry.windowStart = now;
                entry.failures = 0;
            }
            entry.failures++;
            if (entry.failures < config.banAfter()) {
                return Optional.empty();
            }
            entry.bans++;
            Duration duration = banTime(entry.bans, config);
            entry.bannedUntil = now.plus(duration);
            Ban ban = new Ban(describe(subject), entry.failures, duration, entry.bans);
            entry.failures = 0;
            return Optional.of(ban);
        } finally {
            lock.unlock();
        }
    }

    /** Addresses tracked now (failure counts and bans). */
    int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    /** ban-time, doubled for each earlier ban, at most ban-time-max. */
    static Duration banTime(int number, ServerConfig config) {
        Duration duration = config.banTime();
        for (int i = 1; i < number && duration.compareTo(config.banTimeMax()) < 0; i++) {
            duration = duration.multipliedBy(2);
        }
        return duration.compareTo(config.banTimeMax()) > 0 ? config.banTimeMax() : duration;
    }

    /** Drops forgiven entries, once a minute at most; the caller holds the lock. */
    private void sweepNow(Instant now, ServerConfig config) {
        if (now.isBefore(nextSweep)) {
            return;
        }
        entries.values().removeIf(e -> expired(e, now, config));
        nextSweep = now.plus(SWEEP_INTERVAL);
    }

    /** Whether a new entry fits, after dropping what can go; the caller holds the lock. */
    private boolean makeRoom(Instant now, ServerConfig config) {
        if (entries.size() < maxEntries) {
            return true;
        }
        entries.values().removeIf(e -> expired(e, now, config));
        // Down to 90%, so that a flood of new addresses does not pay for a sweep at each one.
        int target = maxEntries - Math.max(1, maxEntries / 10);
        Iterator<Entry> oldest = entries.values().iterator();
        while (entries.size() > target && oldest.hasNext()) {
            if (!now.isBefore(oldest.next().bannedUntil)) {
                oldest.remove(); // only a failure count, or a past ban: a ban in force stays
            }
        }
        return entries.size() < maxEntries;
    }

    private static boolean expired(Entry e, Instant now, ServerConfig config) {
        boolean counting = e.failures > 0 && now.isBefore(e.windowStart.plus(config.banWindow()));
        boolean remembered = e.bans > 0 && now.isBefore(e.bannedUntil.plus(config.banTimeMax()));
        return !counting && !remembered;
    }

    private static boolean allowed(InetAddress address, ServerConfig config) {
        return config.banAllow().stream().anyMatch(c -> c.contains(address));
    }

    private static Cidr subject(InetAddress address) {
        return address instanceof Inet4Address ? new Cidr(address, 32) : new Cidr(address, IPV6_PREFIX);
    }

    private static String describe(Cidr subject) {
        return subject.prefixLength() == 32 ? subject.network().getHostAddress() : subject.toString();
    }
}
