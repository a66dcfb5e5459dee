package dev.ferry.cli.client.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ferry.server.FileTrees;
import dev.ferry.server.TestServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry shell} on a real pseudo-terminal: tmux runs it in a detached session of its own (a private tmux
 * server whose socket is in the test's temporary directory, so no one else's sessions are touched and nothing
 * is left behind), the test types with {@code send-keys} and reads the screen with {@code capture-pane}.
 */
class ShellTerminalIT {

    /** Set by test.sh: a missing tmux fails the build instead of skipping this test. */
    private static final String REQUIRE_PEERS = "FERRY_REQUIRE_PEERS";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path local;

    /** The jar built by package; the failsafe run says where it is, the surefire run (before package) cannot. */
    static Path packagedJar() {
        String jar = System.getProperty("ferry.jar");
        Assumptions.assumeTrue(jar != null, "needs the packaged jar: runs in the integration-test phase");
        return Path.of(jar);
    }

    @Test
    void promptCompletionHistoryAndByeOnARealTerminal() throws Exception {
        Path jar = packagedJar();
        Path tmux = require("tmux");
        try (TestServer server = TestServer.start()) {
            FileTrees.write(server.root().resolve("summer.txt"), FileTrees.randomBytes(50_000, 11));
            FileTrees.write(server.root().resolve("winter.txt"), FileTrees.randomBytes(100, 12));
            FileTrees.write(server.root().resolve("docs/readme.md"), FileTrees.randomBytes(100, 13));
            Path history = local.resolve("state/history");
            Path exit = local.resolve("exit-status");
            String name = "ferry-shell-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
            String command = quote(Path.of(System.getProperty("java.home"), "bin", "java").toString()) + " -jar "
                    + quote(jar.toString()) + " shell --netrc-file " + quote(local.resolve("no-netrc").toString())
                    + " --history " + quote(history.toString()) + " ftp://" + TestServer.USER + ":"
                    + TestServer.PASSWORD + "@127.0.0.1:" + server.port() + "/; echo $? > " + quote(exit.toString());
            Tmux terminal = new Tmux(tmux, local.resolve("tmux.socket"), name);
            try {
                terminal.run("new-session", "-d", "-s", name, "-x", "120", "-y", "40", "-c", local.toString(), command);
                terminal.awaitPromptLine("ferry:/>");

                terminal.type("ls");
                terminal.keys("Enter");
                terminal.await("ls output", s -> s.contains("summer.txt") && s.contains("winter.txt")
                        && s.contains("docs"));

                terminal.type("get su");
                terminal.keys("Tab");
                terminal.awaitPromptLine("ferry:/> get summer.txt");
                terminal.keys("Enter");
                terminal.await("the download", s -> s.contains("summer.txt -> summer.txt (50000 bytes"));

                terminal.type("cd d");
                terminal.keys("Tab");
                terminal.awaitPromptLine("ferry:/> cd docs/");
                terminal.keys("Enter");
                terminal.awaitPromptLine("ferry:/docs>");

                terminal.keys("Up");
                terminal.awaitPromptLine("ferry:/docs> cd docs/");
                terminal.keys("Up");
                terminal.awaitPromptLine("ferry:/docs> get summer.txt");
                terminal.keys("C-c"); // drops the recalled line
                terminal.awaitPromptLine("ferry:/docs>");

                terminal.type("bye");
                terminal.keys("Enter");
                awaitFile(exit);
                assertEquals("0", Files.readString(exit).strip(), terminal.lastScreen);
                terminal.awaitEnd(); // nothing left running on the terminal
            } finally {
                terminal.stop();
            }
            FileTrees.assertSameBytes(server.root().resolve("summer.txt"), local.resolve("summer.txt"));
            List<String> kept = Files.readAllLines(history, StandardCharsets.UTF_8);
            assertTrue(kept.stream().anyMatch(l -> l.endsWith("get summer.txt")), kept.toString());
            assertTrue(kept.stream().anyMatch(l -> l.endsWith("bye")), kept.toString());
        }
    }

    /** A tmux server of this test's own, driven through the tmux command. */
    private static final class Tmux {
        private final Path executable;
        private final Path socket;
        private final String name;
        String lastScreen = "";

        Tmux(Path executable, Path socket, String name) {
            this.executable = executable;
            this.socket = socket;
            this.name = name;
        }

        String run(String... arguments) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(executable.toString(), "-S", socket.toString()));
            command.addAll(Arrays.asList(arguments));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().remove("TMUX"); // the test may itself run inside tmux
            Process p = builder.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "tmux " + String.join(" ", arguments) + " hangs");
            if (p.exitValue() != 0) {
                throw new IOException("tmux " + String.join(" ", arguments) + " failed: " + output);
            }
            return output;
        }

        /** Types text literally (-l: no key names). */
        void type(String text) throws Exception {
            run("send-keys", "-t", name, "-l", text);
        }

        void keys(String... keys) throws Exception {
            List<String> arguments = new ArrayList<>(List.of("send-keys", "-t", name));
            arguments.addAll(List.of(keys));
            run(arguments.toArray(String[]::new));
        }

        String screen() throws Exception {
            lastScreen = run("capture-pane", "-p", "-t", name);
            return lastScreen;
        }

        void await(String what, Predicate<String> condition) throws Exception {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                if (condition.test(screen())) {
                    return;
                }
                Thread.sleep(50);
            }
            fail("waited " + PATIENCE.toSeconds() + "s for " + what + "; the screen:\n" + lastScreen);
        }

        /** Waits until the last prompt line on the screen reads exactly {@code line} (trailing blanks aside). */
        void awaitPromptLine(String line) throws Exception {
            await("the line '" + line + "'", screen -> lastPromptLine(screen).equals(line));
        }

        private static String lastPromptLine(String screen) {
            List<String> prompts = screen.lines().map(String::stripTrailing).filter(l -> l.startsWith("ferry"))
                    .toList();
            return prompts.isEmpty() ? "" : prompts.getLast();
        }

        void awaitEnd() throws Exception {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    run("has-session", "-t", name);
                } catch (IOException e) {
                    return; // no session, or no server at all
                }
                Thread.sleep(50);
            }
            fail("the tmux session outlived the shell");
        }

        /** Ends the session and this test's tmux server, if the shell has not already ended them. */
        void stop() {
            try {
                run("kill-server");
            } catch (IOException | InterruptedException e) {
                // already gone: the shell's exit ended the only session, and with it the server
            }
        }
    }

    private static void awaitFile(Path file) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && !Files.readString(file).isBlank()) {
                return;
            }
            Thread.sleep(50);
        }
        fail("the shell did not end: " + file + " was never written");
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The executable on the PATH; skips the test when missing, or fails it when FERRY_REQUIRE_PEERS=1. */
    private static Path require(String executable) {
        Optional<Path> found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, executable)).filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            String message = executable + " is not installed; install the Debian package '" + executable
                    + "' (apt-get install " + executable + ")";
            if ("1".equals(System.getenv(REQUIRE_PEERS))) {
                fail(message + " [" + REQUIRE_PEERS + "=1]");
            }
            Assumptions.abort(message);
        }
        return found.get();
    }
}
