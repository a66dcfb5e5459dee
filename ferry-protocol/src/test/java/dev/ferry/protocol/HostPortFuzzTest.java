package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;

/**
 * The address codecs read what a peer sent: PORT and EPRT arguments on the server, 227 and 229 replies on the
 * client. Each input goes to all four parsers. A parser may only refuse with IllegalArgumentException (any
 * other exception fails the fuzz test), never looks up a name, and whatever it accepts has a port in range
 * and re-encodes to text that parses to the same value. Inputs: {@code HostPortFuzzTestInputs/} beside this
 * class in the test resources.
 */
class HostPortFuzzTest {

    @FuzzTest
    void parsesOnlyWhatReencodesToTheSameValue(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        long lookupsBefore = RecordingResolver.lookups();

        port(text);
        pasvReply(text);
        eprt(text);
        epsvReply(text);

        assertEquals(lookupsBefore, RecordingResolver.lookups(), () -> "a name was looked up for: " + text);
    }

    private static void port(String text) {
        HostPort parsed;
        try {
            parsed = HostPort.parsePort(text);
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertInstanceOf(Inet4Address.class, parsed.address());
        assertTrue(parsed.port() >= 0 && parsed.port() <= 65535);
        assertEquals(parsed, HostPort.parsePort(parsed.toSixNumbers()));
        assertEquals(parsed, HostPort.parsePasvReply("Entering Passive Mode (" + parsed.toSixNumbers() + ")."));
    }

    private static void pasvReply(String text) {
        HostPort parsed;
        try {
            parsed = HostPort.parsePasvReply(text);
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertInstanceOf(Inet4Address.class, parsed.address());
        assertTrue(parsed.port() >= 0 && parsed.port() <= 65535);
        assertEquals(parsed, HostPort.parsePasvReply(parsed.toSixNumbers()));
        assertEquals(parsed, HostPort.parsePort(parsed.toSixNumbers()));
    }

    private static void eprt(String text) {
        HostPort parsed;
        try {
            parsed = HostPort.parseEprt(text);
        } catch (IllegalArgumentException refused) {
            return;
        }
        // RFC 2428 §2: port 0 is no port a data connection can go to
        assertTrue(parsed.port() >= 1 && parsed.port() <= 65535, "port " + parsed.port());
        assertEquals(parsed, HostPort.parseEprt(parsed.toEprtArgument()));
    }

    private static void epsvReply(String text) {
        int port;
        try {
            port = HostPort.parseEpsvReply(text);
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertTrue(port >= 1 && port <= 65535, "port " + port);
        assertEquals(port, HostPort.parseEpsvReply(HostPort.toEpsvText(port)));
        assertEquals(port, HostPort.parseEpsvReply("Entering Extended Passive Mode " + HostPort.toEpsvText(port)));
    }
}
