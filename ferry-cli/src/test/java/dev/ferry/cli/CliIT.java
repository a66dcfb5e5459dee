package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code ferry} jar run as a user runs it: a separate process, real flags, real exit codes. */
class CliIT {

    private static final Path JAR = Path.of("target", "ferry.jar").toAbsolutePath();
    private static final Pattern READY = Pattern.compile("Ferry ready on port (\\d+)");

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    record Result(int exit, String out, String err) {
    }

    private ProcessBuilder ferry(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile());
    }

    private Result run(String stdin, String... args) throws Exception {
        Process p = ferry(args).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ferry " + String.join(" ", args) + " did not finish");
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Starts {@code ferry serve}, returns its stdout lines up to and including the ready line. */
    private List<String> serve(Process[] holder, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("serve"));
        all.addAll(List.of(args));
        Process p = ferry(all.toArray(String[]::new)).redirectError(dir.resolve("server.log").toFile()).start();
        started.add(p);
        holder[0] = p;
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line);
            if (READY.matcher(line).find()) {
                return lines;
            }
        }
        throw new AssertionError("server ended before it was ready: " + lines + "\n" + Files.readString(dir.resolve("server.log")));
    }

    private static int port(List<String> lines) {
        Matcher m = READY.matcher(lines.getLast());
        assertTrue(m.find());
        return Integer.parseInt(m.group(1));
    }

    @AfterEach
    void stopServers() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void printConfigShowsFlagsOverDefaults() throws Exception {
        Result r = run("", "serve", "--print-config", "--port", "2200", "--passive-ports", "40000-40010", "--anonymous");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("port: 2200\n"), r.out());
        assertTrue(r.out().contains("passive-ports: 40000-40010\n"), r.out());
        assertTrue(r.out().contains("anonymous: true\n"), r.out());
        assertTrue(r.out().contains("active-allow-foreign: false\n"), r.out());
    }

    @Test
    void configFileIsReadAndFlagsWin() throws Exception {
        Files.writeString(dir.resolve("ferry.yml"), "port: 2300\nidle-timeout: 90s\nlocal-networks: [10.0.0.0/8, 192.168.0.0/16]\n");
        Result r = run("", "serve", "--config", "ferry.yml", "--port", "2301", "--print-config");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("port: 2301\n"), r.out());
        assertTrue(r.out().contains("idle-timeout: 90s\n"), r.out());
        assertTrue(r.out().contains("local-networks: 10.0.0.0/8,192.168.0.0/16\n"), r.out());
    }

    @Test
    void invalidConfigExitsNonZeroNamingTheKey() throws Exception {
        assertInvalid("passive-ports: range is inverted: 60000 is above 50000", "--passive-ports", "60000-50000");
        assertInvalid("root: /nonexistent/ferry does not exist or is not a folder", "--root", "/nonexistent/ferry", "--port", "0");
        assertInvalid("users: cannot read users file", "--users", "missing-users.yml", "--port", "0");
        Files.writeString(dir.resolve("bad.yml"), "prot: 21\n");
        assertInvalid("prot: unknown key", "--config", "bad.yml");
        try (ServerSocket taken = new ServerSocket(0)) {
            assertInvalid("port: cannot listen on port " + taken.getLocalPort(), "--port", Integer.toString(taken.getLocalPort()));
        }
    }

    private void assertInvalid(String message, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("serve"));
        all.addAll(List.of(args));
        Result r = run("", all.toArray(String[]::new));
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(message), "expected '" + message + "' in: " + r.err());
    }

    @Test
    void defaultServeCreatesRootAndPrintsAWorkingPassword() throws Exception {
        Process[] p = new Process[1];
        List<String> lines = serve(p, "--port", "0", "--passive-ports", "42000-42099");
        assertTrue(Files.isDirectory(dir.resolve("ftp-root")));
        Matcher m = Pattern.compile("User 'ferry', password (\\S+)").matcher(lines.getFirst());
        assertTrue(m.find(), lines.toString());
        FTPClient ftp = new FTPClient();
        ftp.connect("127.0.0.1", port(lines));
        assertTrue(ftp.login("ferry", m.group(1)));
        ftp.enterLocalPassiveMode();
        ftp.setFileType(FTP.BINARY_FILE_TYPE);
        assertTrue(ftp.storeFile("hello.txt", new ByteArrayInputStream("hi".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("hi", Files.readString(dir.resolve("ftp-root/hello.txt")));
        ftp.disconnect();
    }

    @Test
    void usersAddedByTheCommandCanLogInAndSigtermStopsTheServer() throws Exception {
        Result add = run("pa55word\n", "user", "add", "carol", "--home", "carol-home", "--write", "--password-stdin",
                "--users", "users.yml");
        assertEquals(0, add.exit(), add.err());
        Result list = run("", "user", "list", "--users", "users.yml");
        assertTrue(list.out().startsWith("carol\tread-write\t"), list.out());
        assertTrue(!Files.readString(dir.resolve("users.yml")).contains("pa55word"));

        Process[] p = new Process[1];
        List<String> lines = serve(p, "--port", "0", "--users", "users.yml", "--passive-ports", "42100-42199");
        FTPClient ftp = new FTPClient();
        ftp.connect("127.0.0.1", port(lines));
        assertTrue(ftp.login("carol", "pa55word"));
        assertTrue(ftp.makeDirectory("made-by-carol"));
        assertTrue(Files.isDirectory(dir.resolve("carol-home/made-by-carol")));

        p[0].destroy(); // SIGTERM: an idle session is told 421 and the process ends
        assertTrue(p[0].waitFor(20, TimeUnit.SECONDS), "server did not stop on SIGTERM");
        var closed = org.junit.jupiter.api.Assertions.assertThrows(
                org.apache.commons.net.ftp.FTPConnectionClosedException.class, ftp::sendNoOp);
        assertTrue(closed.getMessage().contains("421"), closed.getMessage());
        ftp.disconnect();

        Result remove = run("", "user", "remove", "carol", "--users", "users.yml");
        assertEquals(0, remove.exit(), remove.err());
        assertEquals(1, run("", "user", "remove", "carol", "--users", "users.yml").exit());
    }

    @Test
    void serveWithTlsAutoMakesACertificateThatCurlUsesWithSslReqd() throws Exception {
        Files.createDirectories(dir.resolve("ftp-root"));
        Files.writeString(dir.resolve("ftp-root/secret.txt"), "over tls");
        Process[] p = new Process[1];
        List<String> lines = serve(p, "--port", "0", "--passive-ports", "42200-42299", "--tls", "auto", "--tls-required");
        Matcher password = Pattern.compile("User 'ferry', password (\\S+)").matcher(lines.getFirst());
        assertTrue(password.find(), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("TLS certificate sha256:[0-9a-f]{64} .*")), lines.toString());
        assertTrue(lines.getLast().contains("FTPS with AUTH TLS, TLS required for all"), lines.getLast());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("ferry-key.pem"))));

        Process curl = new ProcessBuilder("curl", "-q", "--silent", "--show-error", "--noproxy", "*", "--max-time", "30",
                "--ssl-reqd", "-k", "--user", "ferry:" + password.group(1),
                "ftp://127.0.0.1:" + port(lines) + "/secret.txt").redirectErrorStream(true).start();
        String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(40, TimeUnit.SECONDS));
        assertEquals(0, curl.exitValue(), body);
        assertEquals("over tls", body);

        assertInvalid("ferry serve: invalid config: tls-cert: tls: on needs a certificate", "--tls", "on");
        Files.writeString(dir.resolve("bad.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        assertInvalid("tls-cert: ", "--port", "0", "--tls-cert", "bad.pem");
    }
}
