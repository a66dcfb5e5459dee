package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.server.auth.PasswordHash;
import dev.ferry.server.auth.StaticUsers;
import dev.ferry.server.auth.UserEntry;
import dev.ferry.server.auth.UserLimits;
import dev.ferry.server.config.ConfigException;
import dev.ferry.server.config.PortRange;
import dev.ferry.server.config.ServerConfig;
import dev.ferry.server.config.TlsMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A real Ferry server on a free loopback port, for integration tests: a temporary root, a read-write user
 * {@code alice}/{@code secret} whose home is the root, and a read-only user {@code bob}/{@code secret}.
 * {@link #close} stops it, checks that no session, passive port, acceptor thread or open file under the root
 * was left behind, and deletes the temporary root.
 */
public final class TestServer implements AutoCloseable {

    public static final String USER = "alice";
    public static final String READ_ONLY_USER = "bob";
    public static final String PASSWORD = "secret";
    /** Hashing is slow on purpose; tests share one hash. */
    private static final String HASH = PasswordHash.hash(PASSWORD);

    private final FtpServer server;
    private final Path root;
    private final Path temporaryRoot;

    private TestServer(FtpServer server, Path root, Path temporaryRoot) {
        this.server = server;
        this.root = root;
        this.temporaryRoot = temporaryRoot;
    }

    public static TestServer start() {
        return start(b -> { });
    }

    /** Starts a server; {@code customize} may change any config value after the test defaults. */
    public static TestServer start(Consumer<ServerConfig.Builder> customize) {
        return start(customize, UserLimits.NONE);
    }

    /** Starts a server whose user {@link #USER} has {@code limits} (bandwidth, quota). */
    public static TestServer start(Consumer<ServerConfig.Builder> customize, UserLimits limits) {
        try {
            Path root = Files.createTempDirectory("ferry-test-root");
            ServerConfig.Builder builder = ServerConfig.builder()
                    .bindAddress("127.0.0.1")
                    .port(0)
                    .root(root)
                    .passivePorts(new PortRange(41000, 41999))
                    .dataPort(0)
                    .loginFailureDelay(Duration.ZERO)
                    .tls(TlsMode.OFF) // FTPS tests turn it on, with a certificate of their own
                    .shutdownGrace(Duration.ofSeconds(2));
            customize.accept(builder);
            ServerConfig config = builder.build();
            StaticUsers users = new StaticUsers(List.of(
                    new UserEntry(USER, HASH, config.root(), true, Optional.empty(), limits),
                    new UserEntry(READ_ONLY_USER, HASH, config.root(), false)));
            return new TestServer(FtpServer.start(config, users), config.root(), root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.port();
    }

    public Path root() {
        return root;
    }

    public FtpServer server() {
        return server;
    }

    /** Waits until every session has ended (clients may close before the server notices). */
    public void awaitNoSessions() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.sessionCount() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        awaitNoSessions();
        try {
            assertEquals(0, server.sessionCount(), "sessions left open");
            assertEquals(0, server.leasedPassivePorts(), "passive ports leaked");
        } finally {
            server.close(); // a failed check must not leave the server running for the next test
        }
        List<String> acceptors = server.implicitPort().isPresent()
                ? List.of("ferry-acceptor-" + server.port(), "ferry-acceptor-" + server.implicitPort().get())
                : List.of("ferry-acceptor-" + server.port());
        assertEquals(0, Thread.getAllStackTraces().keySet().stream()
                .filter(t -> acceptors.contains(t.getName()) && t.isAlive()).count(),
                "acceptor thread left running");
        FileTrees.assertNoOpenFilesUnder(root);
        FileTrees.deleteTree(temporaryRoot);
    }
}
