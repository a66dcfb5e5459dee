package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.auth.PasswordHash;
import dev.ferry.server.auth.UserEntry;
import dev.ferry.server.auth.UsersFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry serve} as an init system drives it, by signals to its process: SIGTERM drains the sessions
 * and exits 0, SIGHUP reloads the config without dropping a session. Each test ends with the process gone.
 */
class ServeSignalsIT {

    private static final Path JAR = Path.of("target", "ferry.jar").toAbsolutePath();
    private static final Pattern READY = Pattern.compile("Ferry ready on port (\\d+)");
    private static final Pattern PASSWORD = Pattern.compile("User 'ferry', password (\\S+)");
    private static final Pattern PASV = Pattern.compile("\\d+,\\d+,\\d+,\\d+,(\\d+),(\\d+)");
    private static final int TIMEOUT_MILLIS = 30_000;
    /** Far more than loopback's socket buffers hold, so the server is still sending when the test stops reading. */
    private static final int BIG = 48 << 20;

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();
    private Process server;
    private int port;
    private String generatedPassword;

    @AfterEach
    void stopServers() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    // --- SIGTERM ---

    @Test
    void sigtermTellsIdleSessions421RefusesNewOnesAndLetsADownloadFinish() throws Exception {
        byte[] content = bigFile();
        serve("--shutdown-grace", "2m");
        try (Control idle = login("ferry", generatedPassword);
             Control downloader = login("ferry", generatedPassword)) {
            Socket data = startDownload(downloader);
            InputStream in = data.getInputStream();
            byte[] head = in.readNBytes(1 << 20);

            server.destroy(); // SIGTERM
            idle.expect(421);
            idle.assertClosed();
            // The download is paused by this test, so the 421 above came while it was still running.
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());

            byte[] rest = in.readAllBytes();
            data.close();
            byte[] received = new byte[head.length + rest.length];
            System.arraycopy(head, 0, received, 0, head.length);
            System.arraycopy(rest, 0, received, head.length, rest.length);
            assertArrayEquals(content, received, "the downloaded bytes differ from the file");
            downloader.expect(226);
            downloader.expect(421);
            downloader.assertClosed();
        }
        assertExitsZero();
        String log = log();
        assertTrue(log.contains("SIGTERM received: stopping"), log);
        assertTrue(log.contains("shutting down: no new connections; 421 to 1 session without a transfer; "
                + "1 running transfer may finish within the shutdown-grace of 2m"), log);
        assertTrue(log.contains("INFO stopped"), log);
        assertTrue(!log.contains("WARNING"), log);
    }

    @Test
    void sigtermAbortsATransferStillRunningAfterTheGraceWith426Then421() throws Exception {
        bigFile();
        serve("--shutdown-grace", "1s");
        try (Control downloader = login("ferry", generatedPassword)) {
            Socket data = startDownload(downloader);
            data.getInputStream().readNBytes(1 << 20);

            server.destroy(); // SIGTERM; this client reads no more data
            downloader.expect(426);
            downloader.expect(421);
            downloader.assertClosed();
            data.close();
        }
        assertExitsZero();
        String log = log();
        assertTrue(log.contains("1 session still busy after the shutdown-grace of 1s: aborting its transfer (426, then 421)"), log);
        assertTrue(log.contains("INFO stopped"), log);
    }

    // --- SIGHUP ---

    @Test
    void sighupAppliesANewConfigWithoutDroppingALoggedInSession() throws Exception {
        writeUsers("first-users.yml", "alice", "carol");
        Files.writeString(dir.resolve("ferry.yml"), "users: first-users.yml\nbanner: First banner\n");
        serve("--config", "ferry.yml");
        try (Control alice = login("alice", "pw-alice")) {
            assertTrue(alice.greeting.contains("First banner"), alice.greeting);

            writeUsers("second-users.yml", "alice", "dave");
            Files.writeString(dir.resolve("ferry.yml"), "users: second-users.yml\nbanner: Second banner\n"
                    + "max-sessions: 3\nbind: 127.0.0.1\n");
            hangUp();
            awaitLog("config reloaded", 1);
            assertTrue(log().contains("config reloaded: applied users, max-sessions, banner; "
                    + "needs a restart (running value kept): bind"), log());

            alice.send("NOOP", 200); // the session goes on
            alice.send("PWD", 257);
            try (Control dave = login("dave", "pw-dave");
                 Control carol = connect()) {
                assertTrue(dave.greeting.contains("Second banner"), dave.greeting);
                carol.send("USER carol", 331);
                carol.send("PASS pw-carol", 530); // removed with the old users file
                try (Control fourth = connect(421)) {
                    assertTrue(fourth.greeting.contains("Too many sessions (3)"), fourth.greeting);
                }
            }

            Files.writeString(dir.resolve("ferry.yml"), "users: second-users.yml\nbanner: Third banner\nmax-sessions: 0\n");
            hangUp();
            awaitLog("reload refused", 1);
            assertTrue(log().contains("reload refused, the running config stays: max-sessions: must be at least 1, got 0"), log());
            try (Control after = connect()) {
                assertTrue(after.greeting.contains("Second banner"), after.greeting);
            }
            alice.send("NOOP", 200);
        }
        server.destroy();
        assertExitsZero();
    }

    @Test
    void watchConfigReloadsWhenTheConfigFileChanges() throws Exception {
        Files.writeString(dir.resolve("ferry.yml"), "banner: Before the change\n");
        serve("--config", "ferry.yml", "--watch-config");
        try (Control before = connect()) {
            assertTrue(before.greeting.contains("Before the change"), before.greeting);
            Files.writeString(dir.resolve("ferry.yml"), "banner: After the change\nidle-timeout: 10m\n");
            awaitLog("config reloaded", 1);
            assertTrue(log().contains("ferry.yml changed: reloading ferry.yml"), log());
            assertTrue(log().contains("config reloaded: applied idle-timeout, banner"), log());
            try (Control after = connect()) {
                assertTrue(after.greeting.contains("After the change"), after.greeting);
            }
            before.send("NOOP", 200);
        }
        server.destroy();
        assertExitsZero();
    }

    @Test
    void startedWithSighupIgnoredItSaysSoAndStillStopsOnSigterm() throws Exception {
        serveWith("--ignore-signal=HUP"); // as nohup starts it
        try (Control session = connect()) {
            hangUp();
            session.send("NOOP", 200); // still running: an ignored HUP does not end the process either
        }
        assertTrue(log().contains("WARNING SIGHUP does not reach this process (started with it ignored, as nohup "
                + "does, or with -Xrs): use --watch-config"), log());
        server.destroy();
        assertExitsZero();
    }

    // --- the process ---

    private void serve(String... args) throws IOException {
        // HUP at its default disposition, whatever the test runner's (under nohup it is ignored, and a child
        // starts with it ignored too)
        serveWith("--default-signal=HUP", args);
    }

    /** Starts {@code ferry serve ARGS} through GNU env with {@code signalOption} (HUP's disposition). */
    private void serveWith(String signalOption, String... args) throws IOException {
        Files.createDirectories(dir.resolve("ftp-root"));
        List<String> command = new ArrayList<>(List.of("env", signalOption,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "serve", "--port", "0", "--tls", "off", "--passive-ports", "42300-42399"));
        command.addAll(List.of(args));
        server = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve("server.log").toFile()).start();
        started.add(server);
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher password = PASSWORD.matcher(line);
            if (password.find()) {
                generatedPassword = password.group(1);
            }
            Matcher ready = READY.matcher(line);
            if (ready.find()) {
                port = Integer.parseInt(ready.group(1));
                return;
            }
        }
        throw new AssertionError("server ended before it was ready:\n" + log());
    }

    private void hangUp() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(server.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -HUP failed");
    }

    private void assertExitsZero() throws InterruptedException, IOException {
        assertTrue(server.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS), "server still running:\n" + log());
        assertEquals(0, server.exitValue(), log());
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("server.log"));
    }

    /** Waits until {@code fragment} appears {@code count} times in the server log (a signal is handled apart). */
    private void awaitLog(String fragment, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMillis(TIMEOUT_MILLIS).toNanos();
        while (log().split(Pattern.quote(fragment), -1).length - 1 < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + fragment + "' not logged " + count + " times:\n" + log());
            }
            Thread.sleep(50);
        }
    }

    private byte[] bigFile() throws IOException {
        byte[] content = new byte[BIG];
        new Random(42).nextBytes(content);
        Files.createDirectories(dir.resolve("ftp-root"));
        Files.write(dir.resolve("ftp-root/big.bin"), content);
        return content;
    }

    private void writeUsers(String file, String... names) throws IOException {
        Files.createDirectories(dir.resolve("ftp-root"));
        UsersFile users = UsersFile.openOrCreate(dir.resolve(file));
        for (String name : names) {
            users.put(new UserEntry(name, PasswordHash.hash("pw-" + name), dir.resolve("ftp-root"), true));
        }
        users.save();
    }

    /** TYPE I, PASV, a data connection with a small receive buffer, RETR big.bin and its 150. */
    private Socket startDownload(Control control) throws IOException {
        control.send("TYPE I", 200);
        Matcher m = PASV.matcher(control.send("PASV", 227));
        assertTrue(m.find());
        Socket data = new Socket();
        data.setReceiveBufferSize(64 << 10);
        data.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1)) * 256 + Integer.parseInt(m.group(2))));
        data.setSoTimeout(TIMEOUT_MILLIS);
        control.send("RETR big.bin", 150);
        return data;
    }

    private Control connect() throws IOException {
        return connect(220);
    }

    private Control connect(int greeting) throws IOException {
        Control control = new Control(new Socket("127.0.0.1", port));
        control.greeting = control.expect(greeting);
        return control;
    }

    private Control login(String user, String password) throws IOException {
        Control control = connect();
        control.send("USER " + user, 331);
        control.send("PASS " + password, 230);
        return control;
    }

    /** A control connection spoken by hand: each read bounded, each reply checked by its code. */
    private static final class Control implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;
        private String greeting = "";

        Control(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(TIMEOUT_MILLIS);
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        String send(String line, int code) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return expect(code);
        }

        /** Reads one reply (multi-line ones whole) and asserts its code; returns its text. */
        String expect(int code) throws IOException {
            String line = in.readLine();
            assertTrue(line != null, "connection closed; expected " + code);
            StringBuilder text = new StringBuilder(line);
            if (line.length() > 3 && line.charAt(3) == '-') {
                String end = line.substring(0, 3) + " ";
                do {
                    line = in.readLine();
                    assertTrue(line != null, "connection closed inside a reply");
                    text.append('\n').append(line);
                } while (!line.startsWith(end));
            }
            assertTrue(text.toString().startsWith(code + " "), "expected " + code + ", got " + text);
            return text.toString();
        }

        void assertClosed() throws IOException {
            assertEquals(null, in.readLine(), "expected the server to close the control connection");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
