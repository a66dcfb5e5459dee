package dev.ferry.client;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The local Unix account that the vsftpd peer's tests log in as, and the PAM service that vsftpd checks its
 * password with. Both are made (as root) on first use, idempotently, and left in place for the next run:
 * <ul>
 * <li>user {@value #USER}, home {@code /}, shell {@code /usr/sbin/nologin}, password {@value #PASSWORD}.
 *     vsftpd changes into the home before it changes into {@code local_root} and chroots there, so the home
 *     must exist. The shell keeps this known password from opening any interactive login.</li>
 * <li>PAM service {@value #PAM_SERVICE}: pam_unix alone. Debian's {@code /etc/pam.d/vsftpd} is not used: it
 *     comes only with the installed package (not with the unpacked binary that test.sh may use) and its
 *     pam_shells rule would refuse the nologin shell.</li>
 * </ul>
 */
final class VsftpdAccount {

    static final String USER = "ferrytest";
    static final String PASSWORD = "ferry-test-only";
    static final String PAM_SERVICE = "ferry-test-vsftpd";

    /** crypt(3) SHA-512 of {@link #PASSWORD} with a fixed salt, so checking the account writes nothing. */
    private static final String PASSWORD_HASH = "$6$ferrytestsalt$J4UWP6/8wVhOfi8zrp3GeIK08kfSasJk32B0xF9oyVw13y7uZ"
            + "nfPavyTMVSou.eYsK5TqxqisfIoXZ03sVVq2.";
    private static final String HOME = "/";
    private static final String SHELL = "/usr/sbin/nologin";
    private static final Path PAM_FILE = Path.of("/etc/pam.d", PAM_SERVICE);
    private static final String PAM_RULES = """
            # Written by Ferry's tests (ferry-client's VsftpdAccount) for the vsftpd they run on loopback.
            auth     required  pam_unix.so
            account  required  pam_unix.so
            """;

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static Optional<VsftpdAccount> ready = Optional.empty();

    private final int uid;
    private final int gid;

    private VsftpdAccount(int uid, int gid) {
        this.uid = uid;
        this.gid = gid;
    }

    /** The account, made or repaired first if needed. Needs root. */
    static VsftpdAccount ensure() {
        LOCK.lock();
        try {
            if (ready.isEmpty()) {
                ready = Optional.of(setUp());
            }
            return ready.get();
        } finally {
            LOCK.unlock();
        }
    }

    /** Makes {@code path} the account's own (not following a symbolic link). */
    void own(Path path) {
        try {
            Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static VsftpdAccount setUp() {
        try {
            Optional<String[]> entry = passwdEntry();
            if (entry.isEmpty()) {
                run("useradd", "--no-create-home", "--home-dir", HOME, "--shell", SHELL, "--password", PASSWORD_HASH,
                        "--comment", "Ferry tests, vsftpd peer", USER);
            } else if (!entry.get()[5].equals(HOME) || !entry.get()[6].equals(SHELL)
                    || !PASSWORD_HASH.equals(shadowHash())) {
                run("usermod", "--home", HOME, "--shell", SHELL, "--password", PASSWORD_HASH, USER);
            }
            writePamService();
            String[] fields = passwdEntry().orElseThrow(() -> new IllegalStateException(USER + " was not made"));
            return new VsftpdAccount(Integer.parseInt(fields[2]), Integer.parseInt(fields[3]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The user's /etc/passwd fields: name, x, uid, gid, comment, home, shell. */
    private static Optional<String[]> passwdEntry() throws IOException {
        return entry(Path.of("/etc/passwd")).filter(fields -> fields.length == 7);
    }

    private static String shadowHash() throws IOException {
        return entry(Path.of("/etc/shadow")).filter(fields -> fields.length > 1).map(fields -> fields[1]).orElse("");
    }

    /** The colon-separated fields of the user's line in {@code file}. */
    private static Optional<String[]> entry(Path file) throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] fields = line.split(":", -1);
            if (fields[0].equals(USER)) {
                return Optional.of(fields);
            }
        }
        return Optional.empty();
    }

    /** Replaced atomically and only when it differs, so test runs in parallel JVMs do not trip on it. */
    private static void writePamService() throws IOException {
        if (Files.isRegularFile(PAM_FILE) && Files.readString(PAM_FILE).equals(PAM_RULES)) {
            return;
        }
        Path temporary = Files.createTempFile(PAM_FILE.getParent(), "." + PAM_SERVICE, ".tmp");
        try {
            Files.writeString(temporary, PAM_RULES);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temporary, PAM_FILE, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void run(String... command) throws IOException {
        List<String> line = new ArrayList<>(List.of(command));
        Path output = Files.createTempFile("ferry-account", ".out");
        try {
            Process process = new ProcessBuilder(line)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException("timed out: " + String.join(" ", line));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " exited with " + process.exitValue()
                        + ": " + Files.readString(output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", line), e);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
