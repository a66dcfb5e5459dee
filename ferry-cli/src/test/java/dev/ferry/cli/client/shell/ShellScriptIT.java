package dev.ferry.cli.client.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.cli.client.ConnectionOptions;
import dev.ferry.cli.client.ExitCode;
import dev.ferry.server.FileTrees;
import dev.ferry.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry shell} with a script on stdin, as {@code printf 'ls\nbye\n' | ferry shell URL} runs it. */
class ShellScriptIT {

    private static Path jar;

    @TempDir
    Path local;
    private TestServer server;

    record Result(int exit, String out, String err) {
        String describe() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    @BeforeAll
    static void findJar() {
        jar = ShellTerminalIT.packagedJar();
    }

    @BeforeEach
    void startServer() {
        server = TestServer.start();
        FileTrees.write(server.root().resolve("summer.txt"), FileTrees.randomBytes(300_000, 1));
        FileTrees.write(server.root().resolve("docs/readme.md"), FileTrees.randomBytes(2_000, 2));
        FileTrees.write(server.root().resolve("my file.txt"), FileTrees.randomBytes(5_000, 3));
        FileTrees.write(local.resolve("upload.bin"), FileTrees.randomBytes(700_000, 4));
    }

    @AfterEach
    void stopServer() {
        server.close(); // checks that no session, passive port or open file was left behind
    }

    private Result shell(String script, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "shell", "--netrc-file", local.resolve("no-netrc").toString(), "--no-history"));
        command.addAll(arguments.length > 0 ? List.of(arguments)
                : List.of("ftp://" + TestServer.USER + ":" + TestServer.PASSWORD + "@127.0.0.1:" + server.port() + "/"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(local.toFile());
        builder.environment().remove(ConnectionOptions.PASSWORD_VARIABLE);
        Process p = builder.start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ferry shell did not finish");
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void scriptRunsTheVerbsAndTransfersExactBytes() throws Exception {
        Result r = shell("""
                pwd
                ls
                cd docs
                pwd
                get readme.md
                cd ..
                get summer.txt
                get "my file.txt" copy.txt
                put upload.bin
                put upload.bin docs/up2.bin
                mkdir newdir
                mkdir -p a/b/c
                mv upload.bin newdir/moved.bin
                rm docs/up2.bin
                rmdir a/b/c
                passive
                get summer.txt passive.txt
                active
                put upload.bin active.bin
                status
                bye
                """);
        assertEquals(0, r.exit(), r.describe());
        assertFalse(r.err().contains("ferry:"), r.describe());
        assertFalse(r.out().contains("\u001b") || r.err().contains("\u001b"), "escape codes in " + r.describe());
        assertTrue(r.out().startsWith("/\n"), r.describe());
        assertTrue(r.out().contains("\n/docs\n"), r.describe());
        assertTrue(r.out().matches("(?s).*\nd .*  docs\n.*"), r.describe());
        assertTrue(r.out().matches("(?s).*\n- +300000 .*  summer\\.txt\n.*"), r.describe());
        assertTrue(r.out().contains("last data method: EPRT\n"), r.describe());
        assertTrue(r.out().contains("user:             alice\n"), r.describe());

        Path root = server.root();
        FileTrees.assertSameBytes(root.resolve("docs/readme.md"), local.resolve("readme.md"));
        FileTrees.assertSameBytes(root.resolve("summer.txt"), local.resolve("summer.txt"));
        FileTrees.assertSameBytes(root.resolve("summer.txt"), local.resolve("passive.txt"));
        FileTrees.assertSameBytes(root.resolve("my file.txt"), local.resolve("copy.txt"));
        FileTrees.assertSameBytes(local.resolve("upload.bin"), root.resolve("newdir/moved.bin"));
        FileTrees.assertSameBytes(local.resolve("upload.bin"), root.resolve("active.bin"));
        assertFalse(Files.exists(root.resolve("upload.bin")));
        assertFalse(Files.exists(root.resolve("docs/up2.bin")));
        assertTrue(Files.isDirectory(root.resolve("a/b")));
        assertFalse(Files.exists(root.resolve("a/b/c")));
    }

    @Test
    void globsPickTheFilesForMgetAndMput() throws Exception {
        FileTrees.write(server.root().resolve("docs/notes.txt"), FileTrees.randomBytes(1_000, 5));
        FileTrees.write(local.resolve("one.log"), FileTrees.randomBytes(10, 6));
        FileTrees.write(local.resolve("two.log"), FileTrees.randomBytes(20, 7));
        Result r = shell("""
                mget *.txt docs/*.md
                cd docs
                mput *.log
                mget n?tes.txt
                """);
        assertEquals(0, r.exit(), r.describe());
        FileTrees.assertSameBytes(server.root().resolve("summer.txt"), local.resolve("summer.txt"));
        FileTrees.assertSameBytes(server.root().resolve("my file.txt"), local.resolve("my file.txt"));
        FileTrees.assertSameBytes(server.root().resolve("docs/readme.md"), local.resolve("readme.md"));
        FileTrees.assertSameBytes(server.root().resolve("docs/notes.txt"), local.resolve("notes.txt"));
        FileTrees.assertSameBytes(local.resolve("one.log"), server.root().resolve("docs/one.log"));
        FileTrees.assertSameBytes(local.resolve("two.log"), server.root().resolve("docs/two.log"));
    }

    @Test
    void failuresAreReportedTheScriptGoesOnAndTheStatusIsTheLastFailure() throws Exception {
        Result r = shell("""
                frobnicate
                get missing.txt
                put upload.bin
                mget *.nothing
                """);
        assertEquals(ExitCode.REMOTE_FILE.code(), r.exit(), r.describe());
        assertTrue(r.err().contains("ferry: unknown command 'frobnicate'"), r.describe());
        assertTrue(r.err().contains("ferry: RETR missing.txt: 550"), r.describe());
        assertTrue(r.err().contains("ferry: no remote file matches *.nothing"), r.describe());
        FileTrees.assertSameBytes(local.resolve("upload.bin"), server.root().resolve("upload.bin"));
    }

    @Test
    void startsUnconnectedThenOpensAndQuoteSendsCommandsAsTheyAre() throws Exception {
        String url = "ftp://" + TestServer.USER + ":" + TestServer.PASSWORD + "@127.0.0.1:" + server.port() + "/docs";
        Result r = shell("""
                status
                open %s
                pwd
                ls
                quote NOOP
                close
                """.formatted(url), "--mode", "passive");
        assertEquals(0, r.exit(), r.describe());
        assertTrue(r.out().startsWith("server:           not connected\ndata mode:        passive"), r.describe());
        assertTrue(r.out().contains("\n/docs\n"), r.describe());
        assertTrue(r.out().contains("  readme.md\n200 "), r.describe());
        assertTrue(r.err().contains("disconnected from ftp://alice@127.0.0.1:" + server.port() + "/docs"), r.describe());
        assertFalse(r.describe().contains(TestServer.PASSWORD), "the password is never shown");
    }

    @Test
    void aFailedLoginEndsTheShellWithItsExitCode() throws Exception {
        Result r = shell("ls\n", "ftp://" + TestServer.USER + ":wrong@127.0.0.1:" + server.port() + "/");
        assertEquals(ExitCode.LOGIN.code(), r.exit(), r.describe());
        assertTrue(r.err().contains("ferry: login failed"), r.describe());
    }
}
