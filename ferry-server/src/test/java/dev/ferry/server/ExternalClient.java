package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A third-party FTP client run as a process: found on the PATH (or the test fails or is skipped), run with a
 * timeout, its output captured. The environment is cleaned so the client talks only to the loopback server:
 * no proxy variables, a private HOME (no ~/.curlrc, ~/.lftprc, ~/.netrc), a UTF-8 locale.
 */
final class ExternalClient {

    private static final List<String> PROXY_VARIABLES = List.of("http_proxy", "https_proxy", "ftp_proxy", "all_proxy",
            "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "ALL_PROXY", "NO_PROXY");

    private final Path executable;
    private final Path home;

    private ExternalClient(Path executable, Path home) {
        this.executable = executable;
        this.home = home;
    }

    /** What a run of the client did. */
    record Run(List<String> command, int exitCode, String out, String err) {

        /** Everything, for assertion messages. */
        String describe() {
            return "command: " + String.join(" ", command) + "\nexit code: " + exitCode
                    + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    /**
     * The client named {@code executable}, from the Debian package {@code debianPackage}. When it is missing
     * the calling test is skipped, or fails when {@value PeerRequirement#VARIABLE}=1. {@code home} becomes its
     * HOME.
     */
    static ExternalClient require(String executable, String debianPackage, Path home) {
        Optional<Path> found = onPath(executable);
        if (found.isEmpty()) {
            PeerRequirement.missing(executable + " is not installed; install the Debian package '" + debianPackage
                    + "' (apt-get install " + debianPackage + ")");
        }
        return new ExternalClient(found.get(), home);
    }

    /** The private HOME the client runs with. */
    Path home() {
        return home;
    }

    /** Runs the client with {@code arguments} in {@code workDir}; fails the test if it outlives {@code timeout}. */
    Run run(Path workDir, Duration timeout, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(arguments);
        try {
            Path out = Files.createTempFile("ferry-peer", ".out");
            Path err = Files.createTempFile("ferry-peer", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                Map<String, String> env = builder.environment();
                PROXY_VARIABLES.forEach(env::remove);
                env.put("HOME", home.toString());
                env.put("LC_ALL", "C.UTF-8");
                env.remove("LANGUAGE"); // untranslated messages
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    fail("timed out after " + timeout.toSeconds() + "s: " + String.join(" ", command)
                            + "\n--- stdout ---\n" + text(out) + "\n--- stderr ---\n" + text(err));
                }
                return new Run(List.copyOf(command), process.exitValue(), text(out), text(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** Output as text; bytes that are not UTF-8 are replaced, not fatal. */
    private static String text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static Optional<Path> onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, executable);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
