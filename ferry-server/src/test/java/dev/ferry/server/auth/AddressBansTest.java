package dev.ferry.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.config.Cidr;
import dev.ferry.server.config.ConfigException;
import dev.ferry.server.config.ServerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AddressBansTest {

    private static final InetAddress A = address("203.0.113.9");
    private static final InetAddress B = address("203.0.113.10");

    /** A clock the test moves. */
    private static final class Clock implements InstantSource {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final Clock clock = new Clock();

    private static ServerConfig config(Consumer<ServerConfig.Builder> customize) {
        ServerConfig.Builder b = ServerConfig.builder().banAfter(3).banWindow(Duration.ofMinutes(10))
                .banTime(Duration.ofMinutes(15)).banTimeMax(Duration.ofHours(1));
        customize.accept(b);
        try {
            return b.build();
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<AddressBans.Ban> fail(AddressBans bans, InetAddress address, ServerConfig config, int times) {
        Optional<AddressBans.Ban> last = Optional.empty();
        for (int i = 0; i < times; i++) {
            last = bans.loginFailed(address, config);
        }
        return last;
    }

    @Test
    void banAfterFailuresLeavesOtherAddressesAlone() {
        AddressBans bans = new AddressBans(100, clock);
        ServerConfig config = config(b -> { });
        assertEquals(Optional.empty(), fail(bans, A, config, 2));
        assertEquals(Optional.empty(), bans.banned(A, config));
        AddressBans.Ban ban = bans.loginFailed(A, config).orElseThrow();
        assertEquals(new AddressBans.Ban("203.0.113.9", 3, Duration.ofMinutes(15), 1), ban);
        assertEquals(Optional.of(Duration.ofMinutes(15)), bans.banned(A, config));
        assertEquals(Optional.empty(), bans.banned(B, config));
        clock.advance(Duration.ofMinutes(15));
        assertEquals(Optional.empty(), bans.banned(A, config), "the ban ends after ban-time");
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUp() {
        AddressBans bans = new AddressBans(100, clock);
        ServerConfig config = config(b -> { });
        fail(bans, A, config, 2);
        clock.advance(Duration.ofMinutes(10));
        assertEquals(Optional.empty(), fail(bans, A, config, 2));
        assertEquals(Optional.empty(), bans.banned(A, config));
        assertTrue(bans.loginFailed(A, config).isPresent());
    }

    @Test
    void eachFurtherBanDoublesUpToTheMaximum() {
        AddressBans bans = new AddressBans(100, clock);
        ServerConfig config = config(b -> { });
        List<Duration> durations = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            AddressBans.Ban ban = fail(bans, A, config, 3).orElseThrow();
            assertEquals(i + 1, ban.number());
            durations.add(ban.duration());
            clock.advance(ban.duration());
        }
        assertEquals(List.of(Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(1)),
                durations);
        clock.advance(Duration.ofHours(1)); // ban-time-max after the last ban: forgiven
        assertEquals(Duration.ofMinutes(15), fail(bans, A, config, 3).orElseThrow().duration());
    }

    @Test
    void failuresDuringABanEarnNoNewBan() {
        AddressBans bans = new AddressBans(100, clock);
        ServerConfig config = config(b -> { });
        fail(bans, A, config, 3);
        assertEquals(Optional.empty(), fail(bans, A, config, 10), "sessions opened before the ban fail on");
        assertEquals(Optional.of(Duration.ofMinutes(15)), bans.banned(A, config));
    }

    @Test
    void banAllowAndBanAfterZeroExempt() {
        AddressBans bans = new AddressBans(100, clock);
        ServerConfig allowA = config(b -> b.banAllow(List.of(Cidr.parse("203.0.113.8/31"))));
        assertEquals(Optional.empty(), fail(bans, A, allowA, 10));
        assertEquals(Optional.empty(), bans.banned(A, allowA));
        assertTrue(fail(bans, B, allowA, 3).isPresent(), "203.0.113.10 is outside 203.0.113.8/31");
        ServerConfig off = config(b -> b.banAfter(0));
        assertEquals(Optional.empty(), fail(bans, A, off, 10));
        assertEquals(Optional.empty(), bans.banned(B, off), "a reloaded ban-after 0 lifts bans in force");
    }

    @Test
    void anIpv6ClientIsBannedByItsSlash64() {
        AddressBans bans = new AddressBans(100, clock);
        ServerConfig config = config(b -> { });
        bans.loginFailed(address("2001:db8:1:2::1"), config);
        bans.loginFailed(address("2001:db8:1:2:aaaa::7"), config);
        AddressBans.Ban ban = bans.loginFailed(address("2001:db8:1:2:ffff:ffff:ffff:ffff"), config).orElseThrow();
        assertEquals("2001:db8:1:2:0:0:0:0/64", ban.subject());
        assertTrue(bans.banned(address("2001:db8:1:2::99"), config).isPresent());
        assertEquals(Optional.empty(), bans.banned(address("2001:db8:1:3::1"), config));
    }

    @Test
    void theTableStaysBoundedAndKeepsBansInForce() {
        AddressBans bans = new AddressBans(50, clock);
        ServerConfig config = config(b -> { });
        fail(bans, A, config, 3);
        for (int i = 0; i < 10_000; i++) {
            bans.loginFailed(address("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)), config);
            assertTrue(bans.size() <= 50, () -> "table grew to " + bans.size());
        }
        assertTrue(bans.banned(A, config).isPresent(), "a flood of new addresses lifted a ban");
        clock.advance(Duration.ofHours(2));
        bans.loginFailed(B, config);
        assertEquals(1, bans.size(), "expired entries were dropped");
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
