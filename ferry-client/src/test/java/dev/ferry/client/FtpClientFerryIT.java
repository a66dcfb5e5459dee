package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.FileTrees;
import dev.ferry.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client's behaviour that only the Ferry server lets a test provoke: stalls, keepalives, streams. */
class FtpClientFerryIT {

    @TempDir
    Path local;
    private TestServer server;
    private final RecordingTrace trace = new RecordingTrace();

    @BeforeEach
    void start() {
        server = TestServer.start();
        DataMethodMemory.forget("127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private FtpClient connect(ClientOptions.Builder options) throws IOException {
        return FtpClient.connect("127.0.0.1", server.port(), new Credentials(TestServer.USER, TestServer.PASSWORD),
                options.trace(trace).build());
    }

    private FtpClient connect() throws IOException {
        return connect(ClientOptions.builder());
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void transfersAreByteIdenticalInEveryMode(DataMode mode) throws IOException {
        byte[] content = FileTrees.randomBytes(3 * 1024 * 1024 + 17, 7);
        Path source = FileTrees.write(local.resolve("up.bin"), content);
        try (FtpClient ftp = connect(ClientOptions.builder().mode(mode))) {
            ftp.upload(source, "copy.bin");
            ftp.download("copy.bin", local.resolve("down.bin"));
            assertEquals(mode == DataMode.ACTIVE ? DataMethod.EPRT : DataMethod.EPSV, ftp.lastDataMethod().orElseThrow());
        }
        assertArrayEquals(content, Files.readAllBytes(server.root().resolve("copy.bin")));
        assertArrayEquals(content, Files.readAllBytes(local.resolve("down.bin")));
    }

    @Test
    void theTraceMasksThePasswordAndShowsEveryConnection() throws IOException {
        try (FtpClient ftp = connect(ClientOptions.builder().mode(DataMode.ACTIVE))) {
            ftp.list("/");
        }
        assertTrue(trace.commands().contains("PASS ****"), trace.commands().toString());
        assertFalse(trace.events().toString().contains(TestServer.PASSWORD + ","), "password leaked into the trace");
        TraceEvent.ConnectionOpened data = trace.dataConnections().getFirst();
        assertEquals(TraceEvent.Opener.SERVER, data.opener());
        assertTrue(trace.events().getFirst() instanceof TraceEvent.ConnectionOpened first
                && first.channel() == TraceEvent.Channel.CONTROL);
        assertEquals("QUIT", trace.commands().getLast());
    }

    @Test
    void autoFallsBackToActiveWhenPassiveIsDisabledAndSaysWhy() throws IOException {
        server.close();
        server = TestServer.start(b -> b.passiveMode(false));
        DataMethodMemory.forget("127.0.0.1:" + server.port());
        try (FtpClient ftp = connect()) {
            assertEquals(List.of(), ftp.list("/"));
            assertEquals(DataMethod.EPRT, ftp.lastDataMethod().orElseThrow());
            assertTrue(trace.notices().stream().anyMatch(n -> n.startsWith("EPRT worked after EPSV: ")),
                    trace.notices().toString());
            long epsvBefore = count(trace.commands(), "EPSV");
            ftp.list("/");
            assertEquals(epsvBefore, count(trace.commands(), "EPSV"));
        }
        // a new session to the same server remembers too
        try (FtpClient ftp = connect()) {
            ftp.list("/");
            assertEquals(DataMethod.EPRT, ftp.lastDataMethod().orElseThrow());
        }
    }

    private static long count(List<String> commands, String verb) {
        return commands.stream().filter(c -> c.startsWith(verb)).count();
    }

    @Test
    void passiveModeAloneReportsWhyEachMethodFailed() throws IOException {
        server.close();
        server = TestServer.start(b -> b.passiveMode(false));
        try (FtpClient ftp = connect(ClientOptions.builder().mode(DataMode.PASSIVE))) {
            DataConnectionException e = assertThrows(DataConnectionException.class, () -> ftp.list("/"));
            assertEquals(List.of(DataMethod.EPSV, DataMethod.PASV),
                    e.failures().stream().map(DataConnectionException.Failure::method).toList());
            assertTrue(e.failures().getFirst().reason().contains("502"), e.getMessage());
            ftp.noop(); // still in step
        }
    }

    @Test
    void activeModeAloneFailsClearlyWhenTheServerRefusesIt() throws IOException {
        server.close();
        server = TestServer.start(b -> b.activeMode(false));
        try (FtpClient ftp = connect(ClientOptions.builder().mode(DataMode.ACTIVE))) {
            DataConnectionException e = assertThrows(DataConnectionException.class,
                    () -> ftp.download("x", local.resolve("x")));
            assertEquals(List.of(DataMethod.EPRT, DataMethod.PORT),
                    e.failures().stream().map(DataConnectionException.Failure::method).toList());
        }
    }

    @Test
    void aRefusedOperationThrowsTheServersReply() throws IOException {
        try (FtpClient ftp = connect()) {
            FtpReplyException e = assertThrows(FtpReplyException.class, () -> ftp.download("missing", local.resolve("m")));
            assertEquals(550, e.code());
            assertEquals("RETR missing", e.command());
            assertFalse(Files.exists(local.resolve("m")), "a failed download must not create the file");
            assertEquals(550, assertThrows(FtpReplyException.class, () -> ftp.delete("missing")).code());
            ftp.noop();
        }
    }

    @Test
    void aWrongPasswordIsALoginFailure() {
        LoginFailedException e = assertThrows(LoginFailedException.class, () -> FtpClient.connect("127.0.0.1",
                server.port(), new Credentials(TestServer.USER, "wrong"), ClientOptions.defaults()));
        assertEquals(530, e.code());
        assertFalse(e.getMessage().contains("wrong"), e.getMessage());
    }

    @Test
    void fileAndDirectoryOperations() throws IOException {
        FileTrees.write(server.root().resolve("a.txt"), "hello".getBytes());
        try (FtpClient ftp = connect()) {
            ftp.makeDirectories("/x/y/z");
            ftp.makeDirectories("/x/y/z"); // existing is fine
            assertTrue(Files.isDirectory(server.root().resolve("x/y/z")));
            ftp.rename("a.txt", "x/b.txt");
            assertEquals(5, ftp.size("x/b.txt"));
            RemoteFile b = ftp.stat("/x/b.txt");
            assertEquals(RemoteFile.Type.FILE, b.type());
            assertEquals(5, b.size());
            assertTrue(ftp.stat("/x/y").isDirectory());
            Instant when = Instant.parse("2020-02-29T12:34:56Z");
            ftp.setModificationTime("x/b.txt", when);
            assertEquals(when, ftp.modificationTime("x/b.txt"));
            Map<String, RemoteFile> entries = ftp.list("/x").stream()
                    .collect(Collectors.toMap(RemoteFile::name, f -> f));
            assertEquals(Map.of("b.txt", RemoteFile.Type.FILE, "y", RemoteFile.Type.DIRECTORY),
                    entries.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().type())));
            assertEquals(when, entries.get("b.txt").modified().orElseThrow());
            assertEquals(List.of("b.txt", "y"), ftp.names("/x").stream().map(n -> n.substring(n.lastIndexOf('/') + 1))
                    .sorted().toList());
            ftp.changeDirectory("/x/y");
            assertEquals("/x/y", ftp.workingDirectory());
            assertThrows(FtpReplyException.class, () -> ftp.removeDirectory("/x"));
            ftp.removeTree("/x");
            assertFalse(Files.exists(server.root().resolve("x")));
            assertEquals(500, ftp.raw("NOSUCHVERB").code());
            assertEquals(200, ftp.raw("NOOP").code());
            assertTrue(ftp.features().has("MLST") && ftp.features().has("mdtm"));
        }
    }

    @Test
    void streamsReadTheFinalReplyOnClose() throws IOException {
        byte[] content = FileTrees.randomBytes(200_000, 3);
        try (FtpClient ftp = connect()) {
            try (OutputStream out = ftp.openUpload("s.bin")) {
                out.write(content);
                assertThrows(IllegalStateException.class, () -> ftp.list("/"));
            }
            try (OutputStream out = ftp.openAppend("s.bin")) {
                out.write(content, 0, 10);
            }
            try (InputStream in = ftp.openDownload("s.bin", 100)) {
                byte[] read = in.readAllBytes();
                assertEquals(content.length + 10 - 100, read.length);
                assertEquals(content[100], read[0]);
            }
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            assertEquals(content.length + 10, ftp.download("s.bin", sink));
            assertThrows(FtpReplyException.class, () -> ftp.openDownload("nothing-here"));
            ftp.noop();
        }
    }

    @Test
    void closingADownloadEarlyLeavesTheSessionUsable() throws IOException {
        FileTrees.sparseFile(server.root().resolve("big.bin"), 512L * 1024 * 1024);
        try (FtpClient ftp = connect()) {
            try (InputStream in = ftp.openDownload("big.bin")) {
                assertEquals(1000, in.readNBytes(1000).length);
            }
            assertEquals(512L * 1024 * 1024, ftp.size("big.bin"));
        }
    }

    @Test
    void resumesDownloadsAndUploadsFromWhereTheyStopped() throws IOException {
        byte[] content = FileTrees.randomBytes(1_000_000, 11);
        FileTrees.write(server.root().resolve("r.bin"), content);
        Files.write(local.resolve(".r.bin.part"), java.util.Arrays.copyOf(content, 400_000));
        List<long[]> progress = new ArrayList<>();
        try (FtpClient ftp = connect()) {
            ftp.resumeDownload("r.bin", local.resolve("r.bin"), (done, total) -> progress.add(new long[] {done, total}));
            assertArrayEquals(content, Files.readAllBytes(local.resolve("r.bin")));
            assertFalse(Files.exists(local.resolve(".r.bin.part")));
            assertTrue(trace.commands().contains("REST 400000"), trace.commands().toString());
            assertEquals(1_000_000, progress.getLast()[0]);
            assertEquals(1_000_000, progress.getLast()[1]);
            assertTrue(progress.getFirst()[0] > 400_000);

            Files.write(server.root().resolve("u.bin"), java.util.Arrays.copyOf(content, 123_456));
            ftp.resumeUpload(local.resolve("r.bin"), "u.bin", ProgressListener.NONE);
            assertArrayEquals(content, Files.readAllBytes(server.root().resolve("u.bin")));
            assertTrue(trace.commands().contains("REST 123456"), trace.commands().toString());
        }
    }

    @Test
    void keepaliveNoopsDuringASlowTransferKeepTheSessionInStep() throws Exception {
        FileTrees.write(server.root().resolve("k.bin"), FileTrees.randomBytes(64 * 1024, 5));
        try (FtpClient ftp = connect(ClientOptions.builder().keepAlive(Duration.ofMillis(50)))) {
            try (InputStream in = ftp.openDownload("k.bin")) {
                for (int i = 0; i < 8; i++) {
                    in.readNBytes(8 * 1024);
                    Thread.sleep(60);
                }
                assertEquals(-1, in.read());
            }
            assertTrue(count(trace.commands(), "NOOP") >= 3, trace.commands().toString());
            assertEquals("/", ftp.workingDirectory()); // every NOOP reply was consumed
        }
    }

    @Test
    void aStalledDownloadIsAbandonedAfterTheDataTimeout() throws Exception {
        FileTrees.sparseFile(server.root().resolve("big.bin"), 512L * 1024 * 1024);
        try (FtpClient ftp = connect(ClientOptions.builder().dataTimeout(Duration.ofMillis(300)))) {
            InputStream in = ftp.openDownload("big.bin");
            in.readNBytes(1000);
            Thread.sleep(1500); // the socket buffers fill; nothing moves
            IOException e = assertThrows(IOException.class, () -> in.readAllBytes());
            assertTrue(e.getMessage().contains("stalled"), e.getMessage());
            in.close();
            ftp.noop();
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataMode.class, names = {"PASSIVE", "ACTIVE"})
    void overIpv6OnlyTheExtendedCommandsAreUsed(DataMode mode) throws IOException {
        server.close();
        server = TestServer.start(b -> b.bindAddress("::1"));
        FileTrees.write(server.root().resolve("six.txt"), "v6".getBytes());
        try (FtpClient ftp = FtpClient.connect("::1", server.port(), new Credentials(TestServer.USER,
                TestServer.PASSWORD), ClientOptions.builder().mode(mode).trace(trace).build())) {
            ftp.download("six.txt", local.resolve("six.txt"));
            assertEquals(mode == DataMode.PASSIVE ? DataMethod.EPSV : DataMethod.EPRT, ftp.lastDataMethod().orElseThrow());
        }
        assertEquals("v6", Files.readString(local.resolve("six.txt")));
        assertTrue(trace.commands().stream().noneMatch(c -> c.startsWith("PASV") || c.startsWith("PORT")));
    }

    @Test
    void activeModeListensInItsPortRangeAndAnnouncesTheExternalAddress() throws IOException {
        server.close();
        server = TestServer.start(b -> b.activeAllowForeign(true).dataTimeout(Duration.ofSeconds(1)));
        try (FtpClient ftp = connect(ClientOptions.builder().mode(DataMode.ACTIVE).activePorts(45100, 45109))) {
            ftp.list("/");
            TraceEvent.Listening listening = listening().getLast();
            assertTrue(listening.local().getPort() >= 45100 && listening.local().getPort() <= 45109, listening.toString());
        }
        // behind NAT with a port forward the client announces its public address; on loopback 127.0.0.2 stands
        // for it, where nothing listens, so the server's connection fails: the point is what was announced
        try (FtpClient ftp = connect(ClientOptions.builder().mode(DataMode.ACTIVE)
                .activeAddress(java.net.InetAddress.getByName("127.0.0.2")).connectTimeout(Duration.ofSeconds(2)))) {
            assertThrows(DataConnectionException.class, () -> ftp.list("/"));
            TraceEvent.Listening listening = listening().getLast();
            assertEquals("127.0.0.1", listening.local().getAddress().getHostAddress());
            assertEquals("127.0.0.2", listening.announced().getAddress().getHostAddress());
            assertTrue(trace.commands().contains("EPRT |1|127.0.0.2|" + listening.local().getPort() + "|"),
                    trace.commands().toString());
        }
    }

    private List<TraceEvent.Listening> listening() {
        return trace.events().stream().filter(e -> e instanceof TraceEvent.Listening)
                .map(e -> (TraceEvent.Listening) e).toList();
    }

    @Test
    void aLineBreakInANameCannotSmuggleACommand() throws IOException {
        FileTrees.write(server.root().resolve("keep.txt"), "x".getBytes());
        try (FtpClient ftp = connect()) {
            assertThrows(IllegalArgumentException.class, () -> ftp.download("a\r\nDELE keep.txt", local.resolve("a")));
            assertThrows(IllegalArgumentException.class, () -> ftp.delete("a\nDELE keep.txt"));
            assertThrows(IllegalArgumentException.class, () -> ftp.raw("NOOP\r\nDELE keep.txt"));
            ftp.noop();
        }
        assertTrue(Files.exists(server.root().resolve("keep.txt")));
        assertTrue(trace.commands().stream().noneMatch(c -> c.contains("DELE")), trace.commands().toString());
    }
}
