package dev.ferry.server.session;

import dev.ferry.server.config.ConfigKeys;
import dev.ferry.protocol.Command;
import dev.ferry.protocol.HostPort;
import dev.ferry.protocol.ListingFormat;
import dev.ferry.protocol.Reply;
import dev.ferry.protocol.ReplyCode;
import dev.ferry.server.ReplyException;
import dev.ferry.server.auth.User;
import dev.ferry.server.command.CommandDispatcher;
import dev.ferry.server.config.ServerConfig;
import dev.ferry.server.data.DataConnection;
import dev.ferry.server.data.PassiveListener;
import dev.ferry.server.config.TlsRequirement;
import dev.ferry.server.fs.VirtualFileSystem;
import dev.ferry.server.limits.Quota;
import dev.ferry.server.tls.ServerTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSession;

/**
 * One client's session: its state, and the loop that reads a command, dispatches it, and writes exactly one
 * final reply. Runs on its own virtual thread; the {@code finally} of {@link #run} owns all cleanup.
 */
public final class Session implements Runnable {

    /** How a data connection will be opened for the next transfer. */
    private sealed interface DataSetup {
        record Passive(PassiveListener listener) implements DataSetup {
        }

        record Active(HostPort target) implements DataSetup {
        }
    }

    private static final Reply SHUTTING_DOWN = Reply.of(ReplyCode.SERVICE_UNAVAILABLE,
            "Server shutting down; closing control connection");

    private static final Set<String> ALL_MLST_FACTS = Set.copyOf(ListingFormat.MLSX_FACTS);

    public enum TransferType { ASCII, BINARY }

    /** RFC 4217 §9, PROT: whether data connections are protected by TLS (P) or not (C). */
    public enum DataProtection { CLEAR, PRIVATE }

    private final ServerContext context;
    private final CommandDispatcher dispatcher;
    private final Socket socket;
    private final InetAddress clientAddress;
    private final InetSocketAddress localAddress;
    private final SessionLog log;
    private final ControlChannel control;
    private final Runnable onEnd;
    private final boolean implicitTls;

    private Optional<SSLSession> controlTls = Optional.empty();
    /** The TLS setup the control connection was secured with; its data connections resume from its cache. */
    private Optional<ServerTls> sessionTls = Optional.empty();
    private boolean startTlsAfterReply;
    private boolean protectionBufferSizeSet;
    private DataProtection dataProtection = DataProtection.CLEAR;
    private TlsRequirement tlsRequirement;
    private Optional<User> user = Optional.empty();
    private Optional<String> pendingUserName = Optional.empty();
    private int failedLogins;
    private int commandsBeforeLogin;
    private VirtualFileSystem files;
    private String cwd = "/";
    private TransferType type = TransferType.ASCII;
    private long restartOffset;
    private Optional<VirtualFileSystem.Resolved> renameFrom = Optional.empty();
    private Optional<DataSetup> dataSetup = Optional.empty();
    private boolean epsvAll;
    private boolean endAfterReply;
    /** When a connection that is not logged in is closed (login-timeout from the greeting or from REIN). */
    private long loginDeadline;
    private boolean lastTransferAborted;
    /** Shared until OPTS MLST chooses others: an idle session holds no set of its own. */
    private Set<String> mlstFacts = ALL_MLST_FACTS;
    private volatile DataConnection currentTransfer;
    private volatile String currentTransferName = "";

    /** @param implicitTls whether the connection came to the implicit FTPS port: TLS from the first byte */
    public Session(ServerContext context, CommandDispatcher dispatcher, Socket socket, String id, boolean implicitTls,
                   Runnable onEnd) throws IOException {
        this.context = context;
        this.implicitTls = implicitTls;
        this.tlsRequirement = context.config().tlsRequired();
        this.dispatcher = dispatcher;
        this.socket = socket;
        this.clientAddress = ((InetSocketAddress) socket.getRemoteSocketAddress()).getAddress();
        this.localAddress = (InetSocketAddress) socket.getLocalSocketAddress();
        this.log = new SessionLog(id, clientAddress.getHostAddress());
        this.control = new ControlChannel(socket, log);
        this.onEnd = onEnd;
    }

    @Override
    public void run() {
        try {
            log.debug("connected to " + localAddress);
            if (implicitTls) {
                secureControl();
                // Implicit FTPS protects the data connections too, as if PBSZ 0 and PROT P had been sent.
                protectionBufferSizeSet = true;
                dataProtection = DataProtection.PRIVATE;
            }
            control.reply(Reply.of(ReplyCode.SERVICE_READY, config().banner()));
            loop();
        } catch (IOException e) {
            log.debug("session ended: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warning("session failed", e);
        } finally {
            closeDataSetup();
            control.close();
            log.debug("disconnected");
            onEnd.run();
        }
    }

    /**
     * Reads and answers commands until the session ends. The idle timeout counts from the last complete
     * command, so bytes that never make a line (a client trickling a byte a second, an endless line, lines too
     * long to read) do not keep a session open; a connection not logged in has login-timeout in all.
     */
    private void loop() throws IOException, InterruptedException {
        long lastCommand = System.nanoTime();
        loginDeadline = lastCommand + config().loginTimeout().toNanos();
        while (!endAfterReply) {
            long now = System.nanoTime();
            long idleLeft = lastCommand + config().idleTimeout().toNanos() - now;
            long loginLeft = isLoggedIn() ? Long.MAX_VALUE : loginDeadline - now;
            if (loginLeft <= 0 || idleLeft <= 0) {
                timedOut(loginLeft <= 0);
                return;
            }
            Optional<ControlChannel.Event> next = control.next(Duration.ofNanos(Math.max(1_000_000, Math.min(idleLeft, loginLeft))));
            if (next.isEmpty()) {
                continue; // the checks above say which limit ran out
            }
            switch (next.get()) {
                case ControlChannel.Event.Line line -> {
                    lastCommand = System.nanoTime();
                    log.debug("< " + line.command().toLoggable());
                    if (tooManyCommandsBeforeLogin()) {
                        return;
                    }
                    control.reply(dispatcher.dispatch(this, line.command()));
                    if (startTlsAfterReply) {
                        startTlsAfterReply = false;
                        secureControl();
                    }
                    lastCommand = System.nanoTime(); // a long transfer is not idle time
                }
                case ControlChannel.Event.Unreadable u -> {
                    if (tooManyCommandsBeforeLogin()) {
                        return;
                    }
                    control.reply(u.problem() instanceof dev.ferry.protocol.LineReader.LineTooLongException
                            ? Reply.of(ReplyCode.SYNTAX_ERROR, "Command line too long (limit " + ControlChannel.MAX_LINE + " bytes)")
                            : Reply.of(ReplyCode.ARGUMENT_SYNTAX_ERROR, "Command is not valid UTF-8 (RFC 2640)"));
                }
                case ControlChannel.Event.Closed c -> {
                    return;
                }
                case ControlChannel.Event.Shutdown s -> {
                    control.reply(SHUTTING_DOWN);
                    return;
                }
            }
        }
    }

    /**
     * max-commands-before-login: a client that talks on without logging in is probing, not logging in. One
     * line too many (unreadable ones too) gets 421, counts as a failed login from the address, and ends the
     * session.
     */
    private boolean tooManyCommandsBeforeLogin() throws IOException {
        if (user.isPresent() || ++commandsBeforeLogin <= config().maxCommandsBeforeLogin()) {
            return false;
        }
        log.info(config().maxCommandsBeforeLogin() + " commands without logging in: closing");
        failedFromAddress();
        control.reply(Reply.of(ReplyCode.SERVICE_UNAVAILABLE, "Too many commands without logging in ("
                + config().maxCommandsBeforeLogin() + "); closing control connection"));
        return true;
    }

    private void timedOut(boolean login) throws IOException {
        Duration limit = login ? config().loginTimeout() : config().idleTimeout();
        String what = login ? "Login timeout" : "Idle timeout";
        log.info((login ? "not logged in after " : "idle for ") + ConfigKeys.duration(limit) + ": closing");
        control.reply(Reply.of(ReplyCode.SERVICE_UNAVAILABLE, what + " (" + ConfigKeys.duration(limit)
                + "): closing control connection"));
    }

    /** The TLS handshake on the control connection; a client that fails it is gone. */
    private void secureControl() throws IOException {
        SSLSession tlsSession;
        // Pinned for the session: a reload may bring new certificate files, and with them a new SSL context
        // whose session cache would not hold this session for the data connections to resume (RFC 4217 §10).
        ServerTls tls = context.tls().orElseThrow();
        try {
            tlsSession = control.startTls(tls, config().dataTimeout());
        } catch (IOException e) {
            log.info("TLS handshake on the control connection failed: " + e.getMessage());
            throw e;
        }
        controlTls = Optional.of(tlsSession);
        sessionTls = Optional.of(tls);
        log.debug("control connection secured: " + tlsSession.getProtocol() + ", " + tlsSession.getCipherSuite());
    }

    /** Runs on the control watcher's thread: ABOR and STAT act during a transfer; everything else queues. */
    private boolean interceptDuringTransfer(Command command) {
        DataConnection transfer = currentTransfer;
        if (transfer == null) {
            return false;
        }
        switch (command.verb()) {
            case "ABOR" -> {
                transfer.abort();
                return false; // answered by the session after the transfer's 426
            }
            case "STAT" -> {
                if (command.hasArgument()) {
                    return false;
                }
                try {
                    control.reply(Reply.of(ReplyCode.FILE_STATUS, "Transferring " + currentTransferName + ": "
                            + transfer.bytesTransferred() + " bytes so far"));
                } catch (IOException e) {
                    log.debug("STAT reply failed: " + e.getMessage());
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Asks the session to end at its next idle moment (server shutdown). */
    public void shutdown() {
        control.shutdown(SHUTTING_DOWN);
    }

    /**
     * Aborts a running transfer: it ends with 426, and a session told to {@link #shutdown} then answers
     * 421 and ends. Any thread.
     */
    public void abortTransfer() {
        DataConnection transfer = currentTransfer;
        if (transfer != null) {
            transfer.abort();
        }
    }

    /** Ends the session now, also in the middle of a transfer. */
    public void kill() {
        abortTransfer();
        control.close();
    }

    public boolean isTransferring() {
        return currentTransfer != null;
    }

    // --- what handlers use ---

    public ServerConfig config() {
        return context.config();
    }

    public ServerContext context() {
        return context;
    }

    public SessionLog log() {
        return log;
    }

    public InetAddress clientAddress() {
        return clientAddress;
    }

    public InetAddress localAddress() {
        return localAddress.getAddress();
    }

    public Optional<User> user() {
        return user;
    }

    public boolean isLoggedIn() {
        return user.isPresent();
    }

    public boolean canWrite() {
        return user.map(User::canWrite).orElse(false);
    }

    public Optional<String> pendingUserName() {
        return pendingUserName;
    }

    public void pendingUserName(String name) {
        pendingUserName = Optional.of(name);
    }

    // --- FTPS (RFC 4217) ---

    public boolean isTlsOn() {
        return controlTls.isPresent();
    }

    /** AUTH TLS was accepted: the handshake follows its 234 reply. */
    public void startTlsAfterReply() {
        startTlsAfterReply = true;
    }

    public boolean protectionBufferSizeSet() {
        return protectionBufferSizeSet;
    }

    public void protectionBufferSizeSet(boolean set) {
        protectionBufferSizeSet = set;
    }

    public DataProtection dataProtection() {
        return dataProtection;
    }

    public void dataProtection(DataProtection protection) {
        dataProtection = protection;
    }

    /** What must be protected in this session: the server's tls-required, or the user's own setting after USER. */
    public TlsRequirement tlsRequirement() {
        return tlsRequirement;
    }

    public void tlsRequirement(TlsRequirement requirement) {
        tlsRequirement = requirement;
    }

    /** Counts a failed login; true when the session has used up its attempts. */
    public boolean loginFailed() {
        pendingUserName = Optional.empty();
        return ++failedLogins >= config().maxLoginAttempts();
    }

    /**
     * Counts a failed login against the client's address, over all its sessions (see {@code ban-after}), and
     * logs the ban it earns; true when the address is banned now.
     */
    public boolean failedFromAddress() {
        context.bans().loginFailed(clientAddress, config()).ifPresent(ban -> log.warning("banned " + ban.subject()
                + " for " + ConfigKeys.duration(ban.duration()) + " after " + ban.failures() + " failed logins within "
                + ConfigKeys.duration(config().banWindow()) + " (ban " + ban.number() + " of this address)"));
        return isAddressBanned();
    }

    /** Whether the client's address is banned now; a session opened before the ban learns it at its next PASS. */
    public boolean isAddressBanned() {
        return context.bans().banned(clientAddress, config()).isPresent();
    }

    public void login(User loggedIn) throws IOException {
        files = VirtualFileSystem.open(loggedIn.home(), loggedIn.canWrite());
        commandsBeforeLogin = 0; // after a REIN, the next login gets a fresh allowance
        user = Optional.of(loggedIn);
        pendingUserName = Optional.empty();
        cwd = "/";
        log.user(loggedIn.name());
        log.info("logged in" + (loggedIn.anonymous() ? " anonymously" : "") + (loggedIn.canWrite() ? "" : " (read-only)")
                + controlTls.map(t -> " over " + t.getProtocol()).orElse(""));
    }

    /** REIN: back to the state right after the greeting (RFC 959 §4.1.1). */
    public void reinitialize() {
        user = Optional.empty();
        pendingUserName = Optional.empty();
        files = null;
        cwd = "/";
        type = TransferType.ASCII;
        restartOffset = 0;
        renameFrom = Optional.empty();
        closeDataSetup();
        epsvAll = false;
        tlsRequirement = config().tlsRequired();
        loginDeadline = System.nanoTime() + config().loginTimeout().toNanos();
        log.user("-");
    }

    /** The logged-in user's quota checks (which do nothing for a user without a quota). */
    public Quota quota() {
        return new Quota(context.limits().diskUsage(), user.orElseThrow());
    }

    public VirtualFileSystem files() {
        return files;
    }

    public String cwd() {
        return cwd;
    }

    public void cwd(String virtualPath) {
        cwd = virtualPath;
    }

    /** A client path resolved through the one door, {@link VirtualFileSystem#resolve}. */
    public VirtualFileSystem.Resolved resolve(String argument) throws ReplyException, IOException {
        return files.resolve(cwd, argument);
    }

    public TransferType type() {
        return type;
    }

    public void type(TransferType newType) {
        type = newType;
    }

    public void restartOffset(long offset) {
        restartOffset = offset;
    }

    /** The REST offset for this transfer; a marker applies to one transfer only. */
    public long takeRestartOffset() {
        long offset = restartOffset;
        restartOffset = 0;
        return offset;
    }

    public Optional<VirtualFileSystem.Resolved> renameFrom() {
        return renameFrom;
    }

    public void renameFrom(Optional<VirtualFileSystem.Resolved> from) {
        renameFrom = from;
    }

    public Set<String> mlstFacts() {
        return mlstFacts;
    }

    public void mlstFacts(Set<String> facts) {
        mlstFacts = facts;
    }

    public boolean epsvAll() {
        return epsvAll;
    }

    public void epsvAll(boolean on) {
        epsvAll = on;
    }

    /** The reply is the last: the session closes after it (QUIT, too many failed logins). */
    public void endAfterReply() {
        endAfterReply = true;
    }

    /** Whether the previous transfer ended by ABOR (once: the ABOR reply consumes it). */
    public boolean takeLastTransferAborted() {
        boolean aborted = lastTransferAborted;
        lastTransferAborted = false;
        return aborted;
    }

    public void passive(PassiveListener listener) {
        closeDataSetup();
        dataSetup = Optional.of(new DataSetup.Passive(listener));
    }

    public void active(HostPort target) {
        closeDataSetup();
        dataSetup = Optional.of(new DataSetup.Active(target));
    }

    /** Sends a 1xx reply now; the handler's return value is the final reply. */
    public void preliminary(Reply reply) throws IOException {
        control.reply(reply);
    }

    /** What a transfer does once its data connection is open. */
    @FunctionalInterface
    public interface TransferBody {
        void run(DataConnection connection) throws IOException, ReplyException;
    }

    /**
     * Opens the data connection that PORT/EPRT/PASV/EPSV prepared, sends 150, runs the body, and closes the
     * connection. A failure of the data connection (lost peer, ABOR, stall) becomes 426.
     */
    public void transfer(String what, TransferBody body) throws ReplyException, IOException {
        DataSetup setup = dataSetup.orElseThrow(() -> new ReplyException(ReplyCode.CANT_OPEN_DATA,
                "Use PORT, EPRT, PASV or EPSV before " + what));
        if (tlsRequirement.data() && dataProtection != DataProtection.PRIVATE) {
            closeDataSetup();
            throw new ReplyException(ReplyCode.DATA_PROTECTION_REQUIRED, "Data connections must be protected by TLS "
                    + "on this server: send " + (controlTls.isPresent() ? "PBSZ 0 and PROT P" : "AUTH TLS, PBSZ 0 and PROT P")
                    + " first");
        }
        dataSetup = Optional.empty();
        SocketChannel channel = switch (setup) {
            case DataSetup.Passive p -> p.listener().accept(clientAddress, config().passiveAllowForeign(),
                    config().dataTimeout(), log.prefix());
            case DataSetup.Active a -> context.activeConnector().connect(a.target(), localAddress(),
                    config().dataTimeout());
        };
        try (DataConnection connection = new DataConnection(channel)) {
            // Published before the 150 and the watcher: a client may send ABOR as soon as it reads the 150,
            // and the watcher must then find the transfer, or the ABOR waits until the transfer ends by itself.
            currentTransferName = what;
            currentTransfer = connection;
            try {
                control.watchDuringTransfer(this::interceptDuringTransfer);
                preliminary(Reply.of(ReplyCode.OPENING_DATA, "Opening " + (type == TransferType.BINARY ? "BINARY" : "ASCII")
                        + " mode " + (dataProtection == DataProtection.PRIVATE ? "TLS " : "") + "data connection for " + what));
                if (dataProtection == DataProtection.PRIVATE) {
                    protect(connection, channel);
                }
                connection.watch(config().stallTimeout(), config().minDataRate());
                body.run(connection);
            } catch (DataConnection.DataConnectionLost e) {
                lastTransferAborted = connection.wasAborted();
                throw connection.failure(e, config().stallTimeout());
            } finally {
                currentTransfer = null;
            }
        }
    }

    /** RFC 4217 §7: the server is the TLS server on the data connection too, after the 150. */
    private void protect(DataConnection connection, SocketChannel channel) throws ReplyException {
        SSLSession control = controlTls.orElseThrow(() -> new IllegalStateException("PROT P without TLS"));
        try {
            connection.protect(sessionTls.orElseThrow().protectData(channel.socket(), control,
                    config().tlsSessionReuse(), config().dataTimeout()));
        } catch (ServerTls.SessionNotResumed e) {
            log.warning("data connection refused: " + e.reason() + " (tls-session-reuse is on)");
            throw e;
        } catch (ReplyException e) {
            log.info("data connection failed: " + e.getMessage());
            throw e;
        }
    }

    /** Forgets the prepared data connection; a passive port goes back to the pool. */
    public void closeDataSetup() {
        dataSetup.ifPresent(setup -> {
            if (setup instanceof DataSetup.Passive p) {
                p.listener().close();
            }
        });
        dataSetup = Optional.empty();
    }

    public List<String> statusLines() {
        return List.of(
                "Ferry FTP server status:",
                "Connected from " + clientAddress.getHostAddress(),
                user.map(u -> "Logged in as " + u.name() + (u.canWrite() ? "" : " (read-only)")).orElse("Not logged in"),
                "TYPE: " + type + ", STRUcture: File, MODE: Stream",
                controlTls.map(t -> "Control connection: " + t.getProtocol() + ", " + t.getCipherSuite()
                        + "; data connections: " + (dataProtection == DataProtection.PRIVATE ? "TLS (PROT P)" : "clear (PROT C)"))
                        .orElse("Control connection: clear"),
                "Data connection: " + dataSetup.map(s -> s instanceof DataSetup.Passive p
                        ? "passive, port " + p.listener().port() : "active, to " + ((DataSetup.Active) s).target())
                        .orElse("none prepared"),
                "End of status");
    }
}
