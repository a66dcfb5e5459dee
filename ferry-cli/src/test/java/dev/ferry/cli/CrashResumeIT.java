package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.FileTrees;
import dev.ferry.server.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes for real: the packaged jar's process, server or client, killed with SIGKILL in the middle of a
 * transfer, and the transfer resumed afterwards to a byte-identical file (SHA-256).
 */
@Timeout(180)
class CrashResumeIT {

    private static final Path JAR = Path.of("target", "ferry.jar").toAbsolutePath();
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final Pattern READY = Pattern.compile("Ferry ready on port (\\d+)");
    private static final Pattern PASSWORD = Pattern.compile("User 'ferry', password (\\S+)");
    /** 128 + SIGKILL: how a process killed by signal 9 exits. */
    private static final int KILLED = 137;

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
        }
        FileTrees.assertNoOpenFilesUnder(dir);
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        started.add(p);
        return p;
    }

    private record Server(Process process, int port, String password) {
    }

    /** {@code ferry serve} on the folder's ftp-root, read until it says it is ready. */
    private Server serve() throws IOException {
        Process p = start("serve", "--port", "0", "--passive-ports", "42400-42499", "--tls", "off");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String password = null;
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = PASSWORD.matcher(line);
            if (m.find()) {
                password = m.group(1);
            }
            Matcher ready = READY.matcher(line);
            if (ready.find()) {
                // the rest of its output (the log) must not fill the pipe and stall the server
                Thread.ofVirtual().start(() -> drain(p.getInputStream()));
                return new Server(p, Integer.parseInt(ready.group(1)), password);
            }
        }
        throw new AssertionError("ferry serve ended before it was ready");
    }

    private static void drain(InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the process is gone
        }
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally, nothing flushed by the JVM
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(KILLED, p.exitValue(), "killed by SIGKILL");
    }

    private static void awaitSize(Path file, long size, Process alive) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!(Files.exists(file) && Files.size(file) >= size)) {
            assertTrue(alive.isAlive(), "the process ended before " + file.getFileName() + " reached " + size + " bytes");
            assertTrue(System.nanoTime() < deadline, file + " did not reach " + size + " bytes");
            Thread.sleep(1);
        }
    }

    /** A file of random bytes, written in pieces: big enough that a transfer of it is caught half-way. */
    private static Path randomFile(Path file, int megabytes, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < megabytes; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        return file;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static FTPClient login(Server server) throws IOException {
        FTPClient ftp = new FTPClient();
        ftp.setDefaultTimeout(30_000);
        ftp.connect("127.0.0.1", server.port());
        assertTrue(ftp.login("ferry", server.password()), ftp.getReplyString());
        ftp.enterLocalPassiveMode();
        assertTrue(ftp.setFileType(FTP.BINARY_FILE_TYPE));
        return ftp;
    }

    @Test
    void anUploadCutByKillingTheServerResumesWithRestAndStorAfterARestart() throws Exception {
        Path source = randomFile(dir.resolve("source.bin"), 24, 1);
        Path root = Files.createDirectory(dir.resolve("ftp-root"));
        byte[] old = FileTrees.randomBytes(1000, 2);
        Files.write(root.resolve("big.bin"), old);
        Path partial = root.resolve(".ferry-upload.big.bin");
        int sent = 8 << 20;

        Server first = serve();
        FTPClient uploader = login(first);
        try (InputStream in = Files.newInputStream(source)) {
            OutputStream upload = uploader.storeFileStream("big.bin");
            assertTrue(upload != null, uploader.getReplyString());
            upload.write(in.readNBytes(sent));
            upload.flush();
            awaitSize(partial, 1 << 20, first.process());
            kill(first.process());
        } finally {
            try {
                uploader.disconnect();
            } catch (IOException ignored) {
                // the server is gone
            }
        }
        assertArrayEquals(old, Files.readAllBytes(root.resolve("big.bin")), "the file is untouched by the crash");
        long kept = Files.size(partial);
        assertTrue(kept >= 1 << 20 && kept <= sent, "partial upload of " + kept + " bytes");

        Server second = serve();
        FTPClient resumer = login(second);
        // a client that does not know how much arrived asks for too much: the 554 says how much is there
        resumer.setRestartOffset(sent + 1);
        assertFalse(resumer.storeFile("big.bin", InputStream.nullInputStream()));
        assertEquals(554, resumer.getReplyCode(), resumer.getReplyString());
        Matcher held = Pattern.compile("\\((\\d+) bytes\\)").matcher(resumer.getReplyString());
        assertTrue(held.find(), resumer.getReplyString());
        long offset = Long.parseLong(held.group(1));
        assertEquals(kept, offset);

        try (InputStream in = Files.newInputStream(source)) {
            in.skipNBytes(offset);
            resumer.setRestartOffset(offset);
            assertTrue(resumer.storeFile("big.bin", in), resumer.getReplyString());
        }
        resumer.logout();
        resumer.disconnect();
        assertEquals(sha256(source), sha256(root.resolve("big.bin")));
        assertFalse(Files.exists(partial), "the hidden name is gone once the upload is complete");
    }

    @Test
    void aDownloadCutByKillingTheClientResumesWithGetResume() throws Exception {
        try (TestServer server = TestServer.start()) {
            Path remote = randomFile(server.root().resolve("big.bin"), 160, 3);
            Path local = Files.createDirectory(dir.resolve("downloads"));
            Path part = local.resolve(".big.bin.part");
            String url = "ftp://" + TestServer.USER + ":" + TestServer.PASSWORD + "@127.0.0.1:" + server.port() + "/big.bin";
            String noNetrc = "--netrc-file=" + dir.resolve("no-netrc");

            Process get = start("get", "-q", noNetrc, url, local.toString());
            awaitSize(part, 4 << 20, get);
            kill(get);
            long kept = Files.size(part);
            assertTrue(kept < Files.size(remote), "killed part-way: " + kept + " bytes");
            assertFalse(Files.exists(local.resolve("big.bin")), "no truncated file under the real name");

            Process resume = start("get", "-v", "--resume", noNetrc, url, local.toString());
            String trace = new String(resume.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(resume.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, resume.exitValue(), trace);
            assertTrue(trace.contains("REST " + kept), "resumed where the killed client stopped: " + trace);
            assertEquals(sha256(remote), sha256(local.resolve("big.bin")));
            assertFalse(Files.exists(part));
        }
    }
}
