package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.FileTrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every client operation against each real server: Ferry, vsftpd and Apache FtpServer. */
class PeerInteropIT {

    @TempDir
    Path local;
    private final RecordingTrace trace = new RecordingTrace();

    private FtpClient connect(PeerServer server, DataMode mode) throws IOException {
        DataMethodMemory.forget(server.host() + ":" + server.port());
        return FtpClient.connect(server.host(), server.port(), new Credentials(server.user(), server.password()),
                ClientOptions.builder().mode(mode).trace(trace).build());
    }

    @ParameterizedTest
    @EnumSource(Peer.class)
    void transfersAreByteIdenticalInBothDirectionsAndModes(Peer peer) throws IOException {
        byte[] content = FileTrees.randomBytes(2 * 1024 * 1024 + 3, peer.ordinal());
        Path source = FileTrees.write(local.resolve("source.bin"), content);
        try (PeerServer server = peer.start()) {
            for (DataMode mode : DataMode.values()) {
                try (FtpClient ftp = connect(server, mode)) {
                    String remote = "up-" + mode + ".bin";
                    ftp.upload(source, remote);
                    assertArrayEquals(content, Files.readAllBytes(server.root().resolve(remote)), mode.toString());
                    Path copy = local.resolve("down-" + mode + ".bin");
                    ftp.download(remote, copy);
                    assertArrayEquals(content, Files.readAllBytes(copy), mode.toString());
                    assertEquals(mode == DataMode.ACTIVE, !ftp.lastDataMethod().orElseThrow().isPassive());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Peer.class)
    void listsAndStatsFilesAndDirectories(Peer peer) throws IOException {
        try (PeerServer server = peer.start()) {
            server.createFile("dir/file one.txt", "12345".getBytes());
            server.createDirectories("dir/sub");
            try (FtpClient ftp = connect(server, DataMode.AUTO)) {
                Map<String, RemoteFile> entries = ftp.list("dir").stream()
                        .collect(Collectors.toMap(RemoteFile::name, f -> f));
                assertEquals(java.util.Set.of("file one.txt", "sub"), entries.keySet());
                RemoteFile file = entries.get("file one.txt");
                assertEquals(RemoteFile.Type.FILE, file.type());
                assertEquals(5, file.size());
                assertTrue(file.modified().isPresent());
                Instant onDisk = Files.getLastModifiedTime(server.root().resolve("dir/file one.txt")).toInstant();
                assertTrue(Duration.between(file.modified().get(), onDisk).abs().toMinutes() < 2,
                        file.modified().get() + " vs " + onDisk);
                assertTrue(entries.get("sub").isDirectory());
                assertTrue(trace.commands().contains(server.supports(PeerServer.Feature.MLSD) ? "MLSD dir" : "LIST dir"),
                        trace.commands().toString());

                assertEquals(5, ftp.size("dir/file one.txt"));
                RemoteFile stat = ftp.stat("dir/file one.txt");
                assertEquals(RemoteFile.Type.FILE, stat.type());
                assertEquals(5, stat.size());
                assertTrue(ftp.stat("dir/sub").isDirectory());
                assertThrows(FtpReplyException.class, () -> ftp.stat("dir/none")); // 550; Apache says 501
                assertEquals(onDisk.getEpochSecond(), ftp.modificationTime("dir/file one.txt").getEpochSecond());
                assertEquals(java.util.List.of("file one.txt", "sub"), ftp.names("dir").stream()
                        .map(n -> n.substring(n.lastIndexOf('/') + 1)).sorted().toList());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Peer.class)
    void changesTheRemoteTree(Peer peer) throws IOException {
        try (PeerServer server = peer.start()) {
            server.createFile("a.txt", "hello".getBytes());
            try (FtpClient ftp = connect(server, DataMode.AUTO)) {
                String home = ftp.workingDirectory();
                ftp.makeDirectories("x/y/z");
                ftp.makeDirectories("x/y/z");
                assertTrue(Files.isDirectory(server.root().resolve("x/y/z")));
                ftp.rename("a.txt", "x/b.txt");
                assertTrue(Files.exists(server.root().resolve("x/b.txt")));
                ftp.changeDirectory("x");
                assertEquals(FtpClient.child(home, "x"), ftp.workingDirectory());
                ftp.changeDirectory(home);
                assertThrows(FtpReplyException.class, () -> ftp.removeDirectory("x"));
                ftp.upload(new java.io.ByteArrayInputStream("deep".getBytes()), "x/y/z/deep.txt");
                ftp.removeTree("x");
                assertFalse(Files.exists(server.root().resolve("x")));
                assertThrows(FtpReplyException.class, () -> ftp.delete("missing")); // 550; Apache says 450
                assertTrue(ftp.raw("SYST").isPositive());
                assertFalse(ftp.raw("XYZZY").isPositive());
                ftp.noop();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Peer.class)
    void streamsAppendAndResume(Peer peer) throws IOException {
        byte[] content = FileTrees.randomBytes(700_000, 21);
        try (PeerServer server = peer.start()) {
            try (FtpClient ftp = connect(server, DataMode.AUTO)) {
                try (OutputStream out = ftp.openUpload("s.bin")) {
                    out.write(content, 0, 300_000);
                }
                try (OutputStream out = ftp.openAppend("s.bin")) {
                    out.write(content, 300_000, 100_000);
                }
                Path whole = FileTrees.write(local.resolve("whole.bin"), content);
                ftp.resumeUpload(whole, "s.bin", ProgressListener.NONE);
                assertArrayEquals(content, Files.readAllBytes(server.root().resolve("s.bin")));

                try (InputStream in = ftp.openDownload("s.bin", 500_000)) {
                    assertArrayEquals(Arrays.copyOfRange(content, 500_000, content.length), in.readAllBytes());
                }
                Files.write(local.resolve(".r.bin.part"), Arrays.copyOf(content, 250_000));
                ftp.resumeDownload("s.bin", local.resolve("r.bin"), ProgressListener.NONE);
                assertArrayEquals(content, Files.readAllBytes(local.resolve("r.bin")));
                assertTrue(trace.commands().contains("REST 250000"), trace.commands().toString());

                ByteArrayOutputStream sink = new ByteArrayOutputStream();
                assertEquals(content.length, ftp.download("s.bin", sink));
                if (server.supports(PeerServer.Feature.MFMT)) {
                    Instant when = Instant.parse("2021-06-01T10:00:00Z");
                    ftp.setModificationTime("s.bin", when);
                    assertEquals(when, ftp.modificationTime("s.bin"));
                }
            }
        }
    }

    @Test
    void autoModeSucceedsInActiveModeAgainstVsftpdWithPassiveDisabled() throws IOException {
        try (PeerServer server = VsftpdServer.builder().passive(false).start()) {
            server.createFile("f.txt", "data".getBytes());
            try (FtpClient ftp = connect(server, DataMode.AUTO)) {
                ftp.download("f.txt", local.resolve("f.txt"));
                assertEquals("data", Files.readString(local.resolve("f.txt")));
                assertEquals(DataMethod.EPRT, ftp.lastDataMethod().orElseThrow());
                assertTrue(trace.notices().stream().anyMatch(n -> n.startsWith("EPRT worked after EPSV: ")),
                        trace.notices().toString());
            }
        }
    }
}
