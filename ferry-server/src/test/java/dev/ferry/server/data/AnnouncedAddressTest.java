package dev.ferry.server.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.config.Cidr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnnouncedAddressTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private static final List<Cidr> LAN = List.of(Cidr.parse("10.77.2.0/24"), Cidr.parse("127.0.0.0/8"));

    @Test
    void lanClientsGetTheLocalAddressAndOthersTheExternalOne() throws Exception {
        AnnouncedAddress a = new AnnouncedAddress(Optional.of("198.18.0.3"), Duration.ofMinutes(1), LAN, Clock.systemUTC());
        InetAddress local = ip("10.77.2.10");
        assertEquals(local, a.choose(ip("10.77.2.99"), local));
        assertEquals(ip("198.18.0.3"), a.choose(ip("198.18.0.30"), local));
    }

    @Test
    void withoutExternalAddressEveryClientGetsTheAddressItReached() throws Exception {
        AnnouncedAddress a = new AnnouncedAddress(Optional.empty(), Duration.ofMinutes(1), LAN, Clock.systemUTC());
        assertEquals(ip("10.77.2.10"), a.choose(ip("198.18.0.30"), ip("::ffff:10.77.2.10")));
    }

    @Test
    void hostNameIsResolvedAgainAfterTheTtlAndKeptWhenLookupFails() throws Exception {
        ManualClock clock = new ManualClock();
        Deque<Object> answers = new ArrayDeque<>(List.of(ip("203.0.113.1"), ip("203.0.113.2"), new UnknownHostException()));
        int[] lookups = {0};
        AnnouncedAddress a = new AnnouncedAddress(Optional.of("ftp.example.org"), Duration.ofSeconds(60), LAN, clock,
                host -> {
                    lookups[0]++;
                    Object next = answers.pop();
                    if (next instanceof UnknownHostException e) {
                        throw e;
                    }
                    return new InetAddress[] {ip("2001:db8::1"), (InetAddress) next};
                });
        InetAddress internet = ip("198.18.0.30");
        InetAddress local = ip("10.77.2.10");
        assertEquals(ip("203.0.113.1"), a.choose(internet, local));
        clock.now = clock.now.plusSeconds(59);
        assertEquals(ip("203.0.113.1"), a.choose(internet, local));
        assertEquals(1, lookups[0], "cached within the TTL");
        clock.now = clock.now.plusSeconds(2);
        assertEquals(ip("203.0.113.2"), a.choose(internet, local), "re-resolved after the TTL");
        clock.now = clock.now.plusSeconds(61);
        assertEquals(ip("203.0.113.2"), a.choose(internet, local), "last good address kept on failure");
        assertEquals(3, lookups[0]);
    }

    @Test
    void defaultLocalNetworksIncludeLoopback() throws Exception {
        AnnouncedAddress a = new AnnouncedAddress(Optional.of("198.18.0.3"), Duration.ofMinutes(1), List.of(), Clock.systemUTC());
        assertTrue(a.isLocal(ip("127.0.0.1")));
        assertTrue(a.isLocal(ip("::1")));
        assertTrue(!a.isLocal(ip("198.18.0.30")));
    }
}
