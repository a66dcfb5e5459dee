package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "192,168,1,2,7,138; 192.168.1.2; 1930",
            "127,0,0,1,0,21; 127.0.0.1; 21",
            "10,0,0,255,255,255; 10.0.0.255; 65535",
            " 1,2,3,4,5,6 ; 1.2.3.4; 1286"})
    void parsesPortArguments(String argument, String address, int port) throws Exception {
        HostPort parsed = HostPort.parsePort(argument);
        assertEquals(InetAddress.getByName(address), parsed.address());
        assertEquals(port, parsed.port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1,2,3,4,5", "1,2,3,4,5,6,7", "256,1,1,1,1,1", "1,2,3,4,5,256", "a,b,c,d,e,f",
            "1.2.3.4,5,6", "-1,2,3,4,5,6", "1,2,3,4,5,6;rm"})
    void rejectsMalformedPortArguments(String argument) {
        assertThrows(IllegalArgumentException.class, () -> HostPort.parsePort(argument));
    }

    @Test
    void portArgumentRoundTrips() throws Exception {
        HostPort hp = new HostPort(InetAddress.getByName("198.18.0.10"), 50123);
        assertEquals(hp, HostPort.parsePort(hp.toSixNumbers()));
        assertEquals("198,18,0,10,195,203", hp.toSixNumbers());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "227 Entering Passive Mode (10,77,2,10,195,80).; 10.77.2.10; 50000",
            "227 Entering Passive Mode 10,77,2,10,195,80; 10.77.2.10; 50000",
            "227 =127,0,0,1,4,1; 127.0.0.1; 1025"})
    void findsAddressInPasvReplies(String text, String address, int port) throws Exception {
        HostPort parsed = HostPort.parsePasvReply(text);
        assertEquals(InetAddress.getByName(address), parsed.address());
        assertEquals(port, parsed.port());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "|1|132.235.1.2|6275|; 132.235.1.2; 6275",
            "|2|::1|5282|; ::1; 5282",
            "!2!1080::8:800:200C:417A!5282!; 1080::8:800:200C:417A; 5282"})
    void parsesEprtArguments(String argument, String address, int port) throws Exception {
        HostPort parsed = HostPort.parseEprt(argument);
        assertEquals(InetAddress.getByName(address), parsed.address());
        assertEquals(port, parsed.port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "|1|1.2.3.4|", "|1|1.2.3.4|0|", "|1|1.2.3.4|70000|", "|1|::1|21|", "|2|1.2.3.4|21|",
            "|1|example.com|21|", "|1|1.2.3.400|21|", "|1|1.2.3.4|21", "1|1.2.3.4|21|", "|1|1.2.3.4|21|x|"})
    void rejectsMalformedEprtArguments(String argument) {
        assertThrows(IllegalArgumentException.class, () -> HostPort.parseEprt(argument));
    }

    @Test
    void rejectsUnknownEprtProtocolWithItsOwnException() {
        assertThrows(HostPort.UnsupportedNetworkProtocolException.class, () -> HostPort.parseEprt("|3|1.2.3.4|21|"));
    }

    @Test
    void eprtArgumentRoundTrips() throws Exception {
        for (String address : new String[] {"10.0.0.1", "fe80::1", "2001:db8::42"}) {
            HostPort hp = new HostPort(InetAddress.getByName(address), 4242);
            assertEquals(hp, HostPort.parseEprt(hp.toEprtArgument()));
        }
    }

    @Test
    void epsvReplyRoundTrips() {
        assertEquals(6446, HostPort.parseEpsvReply("229 Entering Extended Passive Mode " + HostPort.toEpsvText(6446)));
        assertEquals(21, HostPort.parseEpsvReply("229 ok (!!!21!)"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parseEpsvReply("229 ok (|||0|)"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parseEpsvReply("229 ok (||1|)"));
    }

    @Test
    void ipv6CannotBeWrittenAsSixNumbers() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new HostPort(InetAddress.getByName("::1"), 21).toSixNumbers());
    }
}
