package dev.ferry.server;

import dev.ferry.server.config.ConfigKeys;
import dev.ferry.protocol.Reply;
import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.auth.AddressBans;
import dev.ferry.server.auth.UserStore;
import dev.ferry.server.auth.VerifiedPasswordCache;
import dev.ferry.server.auth.UsersFile;
import dev.ferry.server.command.CommandDispatcher;
import dev.ferry.server.command.CommandTable;
import dev.ferry.server.config.ConfigException;
import dev.ferry.server.config.ServerConfig;
import dev.ferry.server.data.ActiveConnector;
import dev.ferry.server.data.AnnouncedAddress;
import dev.ferry.server.data.PassivePortPool;
import dev.ferry.server.limits.Limits;
import dev.ferry.server.session.ServerContext;
import dev.ferry.server.session.Session;
import dev.ferry.server.session.TransferLog;
import dev.ferry.server.tls.ServerTls;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Ferry FTP server. {@link #start} checks the config, binds the control port and returns a running
 * server; {@link #reload} applies a new config without dropping a session; {@link #close} shuts it down
 * gracefully. One platform thread accepts; each session runs on its own virtual thread.
 */
public final class FtpServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FtpServer.class.getName());
    /** How long an aborted transfer's session gets to send its 426 and 421 before its connection is cut. */
    private static final Duration AFTER_ABORT = Duration.ofSeconds(5);

    private final ServerContext context;
    private final CommandDispatcher dispatcher = CommandTable.dispatcher();
    private final ServerSocket listener;
    private final Optional<ServerSocket> implicitListener;
    /** Sessions admitted and not yet ended; a counter, not a semaphore, so a reload can move max-sessions. */
    private final AtomicInteger admitted = new AtomicInteger();
    /** Pools a reload replaced: their leases come back to them as the sessions holding them end. */
    private final List<PassivePortPool> retiredPools = new CopyOnWriteArrayList<>();
    private final ReentrantLock reloading = new ReentrantLock();
    private final Map<InetAddress, Integer> sessionsPerAddress = new ConcurrentHashMap<>();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong sessionIds = new AtomicLong();
    private final List<Thread> acceptors = new ArrayList<>();
    private volatile boolean closing;

    private FtpServer(ServerContext context, ServerSocket listener, Optional<ServerSocket> implicitListener) {
        this.context = context;
        this.listener = listener;
        this.implicitListener = implicitListener;
        acceptors.add(acceptor(listener, false));
        implicitListener.ifPresent(l -> acceptors.add(acceptor(l, true)));
    }

    private Thread acceptor(ServerSocket socket, boolean implicitTls) {
        return Thread.ofPlatform().name("ferry-acceptor-" + socket.getLocalPort()).daemon(false)
                .unstarted(() -> acceptLoop(socket, implicitTls));
    }

    /**
     * Checks what the config names (root, users, ports), binds the control port and starts accepting.
     *
     * @throws ConfigException naming the key whose value cannot work
     */
    public static FtpServer start(ServerConfig config, UserStore users) throws ConfigException {
        if (!Files.isDirectory(config.root())) {
            throw new ConfigException("root", config.root() + " does not exist or is not a folder");
        }
        InetAddress bind = bindAddress(config);
        String nameEncoding = System.getProperty("sun.jnu.encoding", "UTF-8");
        if (!nameEncoding.equalsIgnoreCase("UTF-8")) {
            LOG.log(Level.WARNING, "file names are encoded as " + nameEncoding + ", not UTF-8: names outside ASCII "
                    + "cannot be served; start the server under a UTF-8 locale (LC_ALL=C.UTF-8)");
        }
        Optional<ServerTls> tls = ServerTls.create(config, tlsDefaultDir(config));
        ServerSocket listener = listen("port", bind, config.port());
        Optional<ServerSocket> implicitListener = Optional.empty();
        TransferLog transferLog;
        try {
            if (config.implicitPort().isPresent()) {
                implicitListener = Optional.of(listen("implicit-port", bind, config.implicitPort().get()));
            }
            transferLog = TransferLog.open(config.transferLog(), Clock.systemDefaultZone());
        } catch (ConfigException e) {
            closeQuietly(listener);
            throw e;
        } catch (IOException e) {
            closeQuietly(listener);
            implicitListener.ifPresent(FtpServer::closeQuietly);
            throw new ConfigException("transfer-log", "cannot open " + config.transferLog().orElseThrow() + ": " + e.getMessage());
        }
        int dataPort = config.effectiveDataPort(listener.getLocalPort());
        ServerContext context = new ServerContext(new ServerContext.Settings(config, users,
                new PassivePortPool(config.passivePorts()), announcedAddress(config), new ActiveConnector(dataPort), tls),
                transferLog);
        tls.ifPresent(t -> LOG.log(Level.INFO, "TLS certificate " + t.fingerprint() + " (" + t.describeCertificate() + ")"));
        FtpServer server = new FtpServer(context, listener, implicitListener);
        server.acceptors.forEach(Thread::start);
        return server;
    }

    private static Path tlsDefaultDir(ServerConfig config) {
        return config.usersFile().map(f -> f.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath());
    }

    private static AnnouncedAddress announcedAddress(ServerConfig config) {
        return new AnnouncedAddress(config.passiveAddress(), config.passiveAddressTtl(), config.localNetworks(),
                Clock.systemUTC());
    }

    private static ServerSocket listen(String key, InetAddress bind, int port) throws ConfigException {
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(bind, port), 1024);
            return socket;
        } catch (BindException e) {
            closeQuietly(socket);
            throw new ConfigException(key, "cannot listen on port " + port + ": " + e.getMessage()
                    + (port < 1024 ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)" : " (is another server running?)"));
        } catch (IOException e) {
            closeQuietly(socket);
            throw new ConfigException(key, "cannot listen on port " + port + ": " + e.getMessage());
        }
    }

    private static InetAddress bindAddress(ServerConfig config) throws ConfigException {
        if (config.bindAddress().isBlank()) {
            return null; // all addresses
        }
        try {
            return InetAddress.getByName(config.bindAddress());
        } catch (UnknownHostException e) {
            throw new ConfigException("bind", "unknown address " + config.bindAddress());
        }
    }

    /** The control port, useful when the config asked for port 0. */
    public int port() {
        return listener.getLocalPort();
    }

    /** The port of the implicit FTPS listener, when there is one. */
    public Optional<Integer> implicitPort() {
        return implicitListener.map(ServerSocket::getLocalPort);
    }

    /** The SHA-256 fingerprint of the TLS certificate served now ({@code sha256:HEX}), when TLS is on. */
    public Optional<String> tlsFingerprint() {
        return context.tls().map(ServerTls::fingerprint);
    }

    public ServerConfig config() {
        return context.config();
    }

    /** The local networks in effect (the configured ones, or those found on this host's interfaces). */
    public java.util.List<dev.ferry.server.config.Cidr> localNetworks() {
        return context.announcedAddress().localNetworks();
    }

    public int sessionCount() {
        return sessions.size();
    }

    /** Passive ports leased now, also from a range a reload replaced; zero when idle, so tests can prove that none leaked. */
    public int leasedPassivePorts() {
        return context.passivePorts().leasedCount() + retiredPools.stream().mapToInt(PassivePortPool::leasedCount).sum();
    }

    /**
     * Applies {@code next} without dropping a session: new sessions, logins, and the next commands of
     * running sessions use it. A changed users file path opens that file; new certificate files serve from
     * the next handshake on. What only a restart can change ({@link Reload#NEEDS_RESTART}, and dropping the
     * users file) keeps its running value and is named in the report and the log.
     *
     * @throws ConfigException naming the key whose value cannot work; the running config then stays whole
     * @throws IllegalStateException when the server is shutting down
     */
    public ReloadReport reload(ServerConfig next) throws ConfigException {
        reloading.lock();
        try {
            if (closing) {
                throw new IllegalStateException("the server is shutting down");
            }
            ServerContext.Settings running = context.settings().get();
            Reload reload = Reload.plan(running.config(), next);
            ServerConfig config = reload.effective();
            // Everything that can fail is built before the swap, so a refused reload changes nothing.
            UserStore users = reload.changed("users") ? openUsers(config.usersFile().orElseThrow()) : running.users();
            Optional<ServerTls> tls = reload.changed("tls-cert", "tls-key", "tls-password", "tls-dir")
                    ? ServerTls.create(config, tlsDefaultDir(config)) : running.tls();
            PassivePortPool passivePorts = running.passivePorts();
            if (reload.changed("passive-ports")) {
                retiredPools.removeIf(pool -> pool.leasedCount() == 0);
                retiredPools.add(passivePorts);
                passivePorts = new PassivePortPool(config.passivePorts());
            }
            AnnouncedAddress announced = reload.changed("passive-address", "passive-address-ttl", "local-networks")
                    ? announcedAddress(config) : running.announcedAddress();
            ActiveConnector connector = reload.changed("data-port")
                    ? new ActiveConnector(config.effectiveDataPort(port())) : running.activeConnector();
            context.settings().set(new ServerContext.Settings(config, users, passivePorts, announced, connector, tls));
            ReloadReport report = reload.report();
            LOG.log(report.needsRestart().isEmpty() ? Level.INFO : Level.WARNING, "config reloaded: " + report.describe());
            if (tls != running.tls()) {
                tls.ifPresent(t -> LOG.log(Level.INFO, "TLS certificate " + t.fingerprint() + " (" + t.describeCertificate() + ")"));
            }
            return report;
        } finally {
            reloading.unlock();
        }
    }

    private static UserStore openUsers(Path file) throws ConfigException {
        try {
            return UsersFile.open(file);
        } catch (IOException e) {
            throw new ConfigException("users", "cannot read users file: " + e.getMessage());
        }
    }


    private void acceptLoop(ServerSocket listener, boolean implicitTls) {
        while (!closing) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closing) {
                    LOG.log(Level.WARNING, "accept failed: " + e.getMessage());
                }
                continue;
            }
            try {
                admit(socket, implicitTls);
            } catch (IOException e) {
                closeQuietly(socket);
            }
        }
    }

    /** Starts a session for the connection, or tells the client why not (421) and closes it. */
    private void admit(Socket socket, boolean implicitTls) throws IOException {
        InetAddress client = ((InetSocketAddress) socket.getRemoteSocketAddress()).getAddress();
        ServerConfig config = context.config();
        Optional<Duration> banned = context.bans().banned(client, config);
        if (banned.isPresent()) {
            // Before any command is read: a banned guesser gets no further PASS.
            refuse(socket, implicitTls, "Too many failed logins from your address; try again in "
                    + ConfigKeys.duration(roundUp(banned.get())));
            LOG.log(Level.DEBUG, "refused " + client.getHostAddress() + ": banned");
            return;
        }
        if (admitted.incrementAndGet() > config.maxSessions()) {
            admitted.decrementAndGet();
            refuse(socket, implicitTls, "Too many sessions (" + config.maxSessions() + "); try again later");
            LOG.log(Level.WARNING, "refused " + client.getHostAddress() + ": max-sessions "
                    + config.maxSessions() + " reached");
            return;
        }
        int count = sessionsPerAddress.merge(client, 1, Integer::sum);
        if (count > config.maxSessionsPerAddress()) {
            releaseAddress(client);
            admitted.decrementAndGet();
            refuse(socket, implicitTls, "Too many sessions from your address (" + config.maxSessionsPerAddress() + ")");
            LOG.log(Level.WARNING, "refused " + client.getHostAddress() + ": max-sessions-per-address "
                    + config.maxSessionsPerAddress() + " reached");
            return;
        }
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        // RFC 959 §4.1.3: clients send ABOR's Telnet Synch (lftp: IAC DM; Python's ftplib: the final LF) as
        // TCP urgent data. Without OOBINLINE the kernel takes that byte out of the stream, and "ABOR" arrives
        // as "BOR" or never ends.
        socket.setOOBInline(true);
        String id = "s-" + sessionIds.incrementAndGet();
        Session[] holder = new Session[1];
        Session session = new Session(context, dispatcher, socket, id, implicitTls, () -> {
            sessions.remove(holder[0]);
            releaseAddress(client);
            admitted.decrementAndGet();
        });
        holder[0] = session;
        sessions.add(session);
        if (closing) {
            session.shutdown(); // accepted while close() was telling the others: it gets its 421 as well
        }
        Thread.ofVirtual().name("ferry-" + id).start(session);
    }

    /** Whole minutes, or seconds below a minute, rounded up: a reply needs no milliseconds. */
    private static Duration roundUp(Duration d) {
        long seconds = d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
        return seconds < 60 ? Duration.ofSeconds(seconds) : Duration.ofMinutes((seconds + 59) / 60);
    }

    private void releaseAddress(InetAddress client) {
        sessionsPerAddress.computeIfPresent(client, (k, v) -> v <= 1 ? null : v - 1);
    }

    /** A 421 and close; on the implicit port a client expects a handshake first, so it only gets the close. */
    private static void refuse(Socket socket, boolean implicitTls, String text) {
        if (implicitTls) {
            closeQuietly(socket);
            return;
        }
        try (socket) {
            socket.getOutputStream().write(Reply.of(ReplyCode.SERVICE_UNAVAILABLE, text).toWire()
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // the client left already
        }
    }

    /**
     * Graceful shutdown: no new connections; sessions without a transfer get 421 now; running transfers
     * may finish within the shutdown grace and then get their 226 and a 421. A transfer still running after
     * the grace is aborted: 426, then 421.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        closeQuietly(listener);
        implicitListener.ifPresent(FtpServer::closeQuietly);
        Duration grace = context.config().shutdownGrace();
        long transferring = sessions.stream().filter(Session::isTransferring).count();
        LOG.log(Level.INFO, "shutting down: no new connections; 421 to " + count(sessions.size() - transferring,
                "session") + " without a transfer" + (transferring == 0 ? "" : "; " + count(transferring,
                "running transfer") + " may finish within the shutdown-grace of " + ConfigKeys.duration(grace)));
        sessions.forEach(Session::shutdown);
        if (!awaitNoSessions(grace)) {
            int busy = sessions.size();
            LOG.log(Level.WARNING, count(busy, "session") + " still busy after the shutdown-grace of "
                    + ConfigKeys.duration(grace) + ": aborting " + (busy == 1 ? "its transfer" : "their transfers")
                    + " (426, then 421)");
            sessions.forEach(Session::abortTransfer);
            if (!awaitNoSessions(AFTER_ABORT)) {
                LOG.log(Level.WARNING, count(sessions.size(), "session") + " did not end after the abort: "
                        + "closing the control connection");
                sessions.forEach(Session::kill);
            }
        }
        try {
            for (Thread acceptor : acceptors) {
                acceptor.join(1000);
            }
            context.transferLog().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "transfer log close failed: " + e.getMessage());
        }
        LOG.log(Level.INFO, "stopped");
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Waits until every session has ended, at most {@code limit}; true when they all did. */
    private boolean awaitNoSessions(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!sessions.isEmpty() && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return sessions.isEmpty();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
