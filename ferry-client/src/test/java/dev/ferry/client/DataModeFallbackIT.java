package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the client does when a server's data-connection replies cannot be used as they stand. Only loopback
 * addresses are involved: 127.0.0.2 stands for a foreign or private address.
 */
class DataModeFallbackIT {

    private static final InetAddress OTHER = address("127.0.0.2");
    private final RecordingTrace trace = new RecordingTrace();

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private FtpClient connect(ScriptedServer server, ClientOptions.Builder options) throws IOException {
        DataMethodMemory.forget("127.0.0.1:" + server.port());
        return FtpClient.connect("127.0.0.1", server.port(), new Credentials("u", "p"), options.trace(trace).build());
    }

    @Test
    void aPasvAddressOtherThanTheServersIsNotTrusted() throws IOException {
        try (ScriptedServer server = new ScriptedServer(OTHER, false);
             FtpClient ftp = connect(server, ClientOptions.builder().mode(DataMode.PASSIVE))) {
            assertEquals("hello.txt", ftp.list("/").getFirst().name());
            assertEquals(DataMethod.PASV, ftp.lastDataMethod().orElseThrow());
            assertEquals(List.of(InetAddress.getLoopbackAddress()), server.passiveConnectionsAt,
                    "the client must connect to the control connection's peer, not to the announced address");
            assertTrue(trace.notices().stream().anyMatch(n -> n.contains("announced 127.0.0.2")
                    && n.contains("connecting to 127.0.0.1 instead")), trace.notices().toString());
        }
    }

    @Test
    void aPasvAddressIsUsedWhenTrustedByOption() throws IOException {
        try (ScriptedServer server = new ScriptedServer(OTHER, false);
             FtpClient ftp = connect(server, ClientOptions.builder().mode(DataMode.PASSIVE).trustPassiveAddress(true))) {
            ftp.list("/");
            assertEquals(List.of(OTHER), server.passiveConnectionsAt);
        }
    }

    @Test
    void autoModeFallsBackToActiveWhenThePassivePortRefusesConnections() throws IOException {
        try (ScriptedServer server = new ScriptedServer(OTHER, true);
             FtpClient ftp = connect(server, ClientOptions.builder())) {
            assertEquals("hello.txt", ftp.list("/").getFirst().name());
            assertEquals(DataMethod.EPRT, ftp.lastDataMethod().orElseThrow());
            assertTrue(server.passiveConnectionsAt.isEmpty());
            assertTrue(trace.notices().stream().anyMatch(n -> n.startsWith("passive data connection failed (connecting to 127.0.0.1:")
                    && n.contains("trying active mode")), trace.notices().toString());
            // PASV is not asked after EPSV's connection failed: the same firewall would drop it
            assertTrue(trace.commands().stream().noneMatch(c -> c.equals("PASV")), trace.commands().toString());
        }
    }
}
