package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.FileTrees;
import dev.ferry.server.TestServer;
import dev.ferry.server.config.Cidr;
import dev.ferry.server.config.ServerConfig;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link FtpClient#probe}: one listing over exactly one data method, every failure in the result. */
class DataProbeIT {

    private TestServer server;
    private final RecordingTrace trace = new RecordingTrace();

    @AfterEach
    void stop() {
        server.close();
    }

    private FtpClient connect(Consumer<ServerConfig.Builder> config) throws IOException {
        server = TestServer.start(config);
        FileTrees.write(server.root().resolve("a.txt"), "a".getBytes());
        FileTrees.write(server.root().resolve("b.txt"), "b".getBytes());
        return FtpClient.connect("127.0.0.1", server.port(), new Credentials(TestServer.USER, TestServer.PASSWORD),
                ClientOptions.builder().trace(trace).build());
    }

    @ParameterizedTest
    @EnumSource(DataMethod.class)
    void listsOverExactlyTheMethodAskedAndRemembersNothing(DataMethod method) throws IOException {
        try (FtpClient ftp = connect(b -> { })) {
            DataProbe probe = ftp.probe(method, false, "");
            assertEquals(DataProbe.Outcome.OK, probe.outcome(), probe.toString());
            assertEquals(2, probe.lines());
            assertEquals(226, probe.reply().orElseThrow().code());
            assertEquals(List.of(method.name()), trace.commands().stream()
                    .filter(c -> c.matches("(EPSV|PASV|EPRT|PORT).*")).map(c -> c.split(" ")[0]).toList());
            assertEquals(Optional.empty(), ftp.lastDataMethod(), "a probe is not a transfer to remember");
            assertEquals(127, probe.announced().orElseThrow().getAddress().getAddress()[0]);
        }
    }

    @Test
    void aRefusedMethodIsInTheResultAndTheSessionGoesOn() throws IOException {
        try (FtpClient ftp = connect(b -> b.passiveMode(false))) {
            DataProbe probe = ftp.probe(DataMethod.EPSV, false, "");
            assertEquals(DataProbe.Outcome.REFUSED, probe.outcome(), probe.toString());
            assertEquals(502, probe.reply().orElseThrow().code());
            assertEquals(Optional.empty(), probe.announced());
            ftp.noop();
        }
    }

    @Test
    void aRefusedActiveMethodStillSaysWhatTheClientAnnounced() throws IOException {
        try (FtpClient ftp = connect(b -> b.activeMode(false))) {
            DataProbe probe = ftp.probe(DataMethod.PORT, false, "");
            assertEquals(DataProbe.Outcome.REFUSED, probe.outcome(), probe.toString());
            assertEquals("127.0.0.1", probe.announced().orElseThrow().getAddress().getHostAddress());
        }
    }

    @Test
    void pasvGoesToTheAnnouncedAddressOnlyWhenTrusted() throws IOException {
        // 127.0.0.2 stands for a private address behind NAT: nothing listens there
        try (FtpClient ftp = connect(b -> b.passiveAddress("127.0.0.2")
                .localNetworks(List.of(Cidr.parse("10.0.0.0/8"))))) {
            DataProbe trusted = ftp.probe(DataMethod.PASV, true, "");
            assertEquals(DataProbe.Outcome.CONNECTION_REFUSED, trusted.outcome(), trusted.toString());
            assertEquals("127.0.0.2", trusted.announced().orElseThrow().getAddress().getHostAddress());
            assertEquals(trusted.announced(), trusted.target());
        }
        server.close();
        try (FtpClient ftp = connect(b -> b.passiveAddress("127.0.0.2")
                .localNetworks(List.of(Cidr.parse("10.0.0.0/8"))))) {
            DataProbe fixed = ftp.probe(DataMethod.PASV, false, "");
            assertEquals(DataProbe.Outcome.OK, fixed.outcome(), fixed.toString());
            assertEquals("127.0.0.2", fixed.announced().orElseThrow().getAddress().getHostAddress());
            assertEquals("127.0.0.1", fixed.target().orElseThrow().getAddress().getHostAddress());
            assertEquals(fixed.announced().orElseThrow().getPort(), fixed.target().orElseThrow().getPort());
        }
    }

    @Test
    void aRefusedListingIsNotADataConnectionFailure() throws IOException {
        try (FtpClient ftp = connect(b -> { })) {
            DataProbe probe = ftp.probe(DataMethod.EPSV, false, "missing");
            assertEquals(DataProbe.Outcome.LISTING_REFUSED, probe.outcome(), probe.toString());
            assertEquals(550, probe.reply().orElseThrow().code());
            assertTrue(probe.announced().isPresent());
        }
    }
}
