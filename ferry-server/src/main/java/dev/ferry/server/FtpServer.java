package dev.ferry.server;

import dev.ferry.server.config.ConfigKeys;
import dev.ferry.protocol.Reply;
import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.auth.AddressBans;
import dev.ferry.server.auth.UserStore;
import dev.ferry.server.auth.VerifiedPasswordCache;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Ferry FTP server. {@link #start} checks the config, binds the control port and returns a running
 * server; {@link #close} shuts it down gracefully. One platform thread accepts; each session runs on its own
 * virtual thread.
 */
public final class FtpServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FtpServer.class.getName());

    private final ServerContext context;
    private final CommandDispatcher dispatcher = CommandTable.dispatcher();
    private final ServerSocket listener;
    private final Optional<ServerSocket> implicitListener;
    private final Semaphore sessionPermits;
    private final Map<InetAddress, Integer> sessionsPerAddress = new ConcurrentHashMap<>();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong sessionIds = new AtomicLong();
    private final List<Thread> acceptors = new ArrayList<>();
    private volatile boolean closing;

    private FtpServer(ServerContext context, ServerSocket listener, Optional<ServerSocket> implicitListener) {
        this.context = context;
        this.listener = listener;
        this.implicitListener = implicitListener;
        this.sessionPermits = new Semaphore(context.config().maxSessions());
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
        Optional<ServerTls> tls = ServerTls.create(config, config.usersFile()
                .map(f -> f.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath()));
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
        ServerContext context = new ServerContext(config, users, new PassivePortPool(config.passivePorts()),
                new AnnouncedAddress(config.passiveAddress(), config.passiveAddressTtl(), config.localNetworks(),
                        Clock.systemUTC()),
                new ActiveConnector(dataPort), transferLog, tls, new AddressBans(), new VerifiedPasswordCache(),
                new Limits());
        tls.ifPresent(t -> LOG.log(Level.INFO, "TLS certificate " + t.fingerprint() + " (" + t.describeCertificate() + ")"));
        FtpServer server = new FtpServer(context, listener, implicitListener);
        server.acceptors.forEach(Thread::start);
        return server;
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

    /** Passive ports leased now; zero when idle, so tests can prove that none leaked. */
    public int leasedPassivePorts() {
        return context.passivePorts().leasedCount();
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
        Optional<Duration> banned = context.bans().banned(client, context.config());
        if (banned.isPresent()) {
            // Before any command is read: a banned guesser gets no further PASS.
            refuse(socket, implicitTls, "Too many failed logins from your address; try again in "
                    + ConfigKeys.duration(roundUp(banned.get())));
            LOG.log(Level.DEBUG, "refused " + client.getHostAddress() + ": banned");
            return;
        }
        if (!sessionPermits.tryAcquire()) {
            refuse(socket, implicitTls, "Too many sessions (" + context.config().maxSessions() + "); try again later");
            LOG.log(Level.WARNING, "refused " + client.getHostAddress() + ": max-sessions "
                    + context.config().maxSessions() + " reached");
            return;
        }
        int count = sessionsPerAddress.merge(client, 1, Integer::sum);
        if (count > context.config().maxSessionsPerAddress()) {
            releaseAddress(client);
            sessionPermits.release();
            refuse(socket, implicitTls, "Too many sessions from your address (" + context.config().maxSessionsPerAddress() + ")");
            LOG.log(Level.WARNING, "refused " + client.getHostAddress() + ": max-sessions-per-address "
                    + context.config().maxSessionsPerAddress() + " reached");
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
            sessionPermits.release();
        });
        holder[0] = session;
        sessions.add(session);
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
     * Graceful shutdown: no new sessions; idle sessions get 421 now; running transfers may finish within
     * the shutdown grace, after which their sessions are closed.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        closeQuietly(listener);
        implicitListener.ifPresent(FtpServer::closeQuietly);
        sessions.forEach(Session::shutdown);
        long deadline = System.nanoTime() + context.config().shutdownGrace().toNanos();
        while (!sessions.isEmpty() && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!sessions.isEmpty()) {
            LOG.log(Level.WARNING, sessions.size() + " sessions still busy after the shutdown grace of "
                    + ConfigKeys.duration(context.config().shutdownGrace()) + ": closing them");
            sessions.forEach(Session::kill);
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
