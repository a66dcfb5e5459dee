package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.server.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.listener.Listener;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.TransferRatePermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * Apache FtpServer 1.2, in this JVM, on a free loopback port: one read-write user whose home is a temporary
 * root, users kept in memory. {@link #close} checks that no session or server thread outlived it, then
 * deletes the root.
 */
final class ApachePeer implements PeerServer {

    static final String USER = "alice";
    static final String PASSWORD = "secret";
    static final String PASSIVE_PORTS = "43000-43999";

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    /**
     * MINA's acceptor and I/O threads, and the command executor's (an Executors default pool). Other new
     * threads, such as the carriers of the test's virtual threads, are not the server's.
     */
    private static final Pattern SERVER_THREAD =
            Pattern.compile("NioSocketAcceptor-\\d+|NioProcessor-\\d+|pool-\\d+-thread-\\d+");

    private final FtpServer server;
    private final Listener listener;
    private final Path root;
    private final Set<Thread> threadsBefore;

    private ApachePeer(FtpServer server, Listener listener, Path root, Set<Thread> threadsBefore) {
        this.server = server;
        this.listener = listener;
        this.root = root;
        this.threadsBefore = threadsBefore;
    }

    static ApachePeer start() {
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        Path root = null;
        boolean started = false;
        try {
            root = Files.createTempDirectory("ferry-apache-root");

            DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
            data.setPassivePorts(PASSIVE_PORTS);
            data.setActiveEnabled(true);
            ListenerFactory listenerFactory = new ListenerFactory();
            listenerFactory.setServerAddress("127.0.0.1");
            listenerFactory.setPort(0);
            listenerFactory.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
            Listener listener = listenerFactory.createListener();

            ConnectionConfigFactory connections = new ConnectionConfigFactory();
            connections.setAnonymousLoginEnabled(false);
            connections.setLoginFailureDelay(0);
            connections.setMaxLogins(100); // its default, 10, is fewer than some tests open at once

            FtpServerFactory factory = new FtpServerFactory();
            factory.addListener("default", listener);
            factory.setConnectionConfig(connections.createConnectionConfig());
            factory.setUserManager(users(root));
            FtpServer server = factory.createServer();
            server.start();
            started = true;
            return new ApachePeer(server, listener, root, threadsBefore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FtpException e) {
            throw new IllegalStateException("Apache FtpServer did not start", e);
        } finally {
            if (!started && root != null) {
                FileTrees.deleteTree(root);
            }
        }
    }

    /** Users in memory (no file): a properties user manager with no file never writes one. */
    private static UserManager users(Path root) throws FtpException {
        PropertiesUserManagerFactory factory = new PropertiesUserManagerFactory();
        factory.setPasswordEncryptor(new ClearTextPasswordEncryptor());
        UserManager users = factory.createUserManager();
        BaseUser user = new BaseUser();
        user.setName(USER);
        user.setPassword(PASSWORD);
        user.setHomeDirectory(root.toString());
        user.setEnabled(true);
        List<Authority> authorities = List.of(new WritePermission(), new ConcurrentLoginPermission(0, 0),
                new TransferRatePermission(0, 0));
        user.setAuthorities(authorities);
        users.save(user);
        return users;
    }

    @Override
    public String name() {
        return "Apache FtpServer";
    }

    /** The bound port: the listener reads it back after binding port 0. */
    @Override
    public int port() {
        return listener.getPort();
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public Set<Feature> features() {
        return EnumSet.complementOf(EnumSet.of(Feature.HOST));
    }

    @Override
    public void close() {
        int sessions;
        List<String> threads;
        try {
            sessions = awaitNoSessions();
        } finally {
            try {
                server.stop();
                threads = awaitServerThreadsEnded();
            } finally {
                FileTrees.deleteTree(root);
            }
        }
        assertEquals(0, sessions, "sessions left open");
        assertEquals(List.of(), threads, "server threads left running");
    }

    /** Sessions end a little after their client hangs up. */
    private int awaitNoSessions() {
        long deadline = System.nanoTime() + SHUTDOWN_TIMEOUT.toNanos();
        while (!listener.getActiveSessions().isEmpty() && System.nanoTime() < deadline) {
            sleep();
        }
        return listener.getActiveSessions().size();
    }

    /** The server's threads (started since {@link #start}) still alive after a grace period, by name. */
    private List<String> awaitServerThreadsEnded() {
        long deadline = System.nanoTime() + SHUTDOWN_TIMEOUT.toNanos();
        List<String> left = newThreads();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            sleep();
            left = newThreads();
        }
        return left;
    }

    private List<String> newThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !threadsBefore.contains(t))
                .filter(t -> SERVER_THREAD.matcher(t.getName()).matches())
                .map(Thread::getName)
                .sorted()
                .toList();
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return name() + " on " + host() + ":" + port();
    }
}
