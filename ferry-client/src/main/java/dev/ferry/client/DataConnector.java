package dev.ferry.client;

import dev.ferry.client.DataConnectionException.Failure;
import dev.ferry.protocol.Command;
import dev.ferry.protocol.HostPort;
import dev.ferry.protocol.Reply;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLSession;

/**
 * Opens the data connection for one transfer command, trying data methods in the order the mode asks and
 * falling back as {@link DataMode} describes. Each failure is kept with its reason, for the trace and for a
 * {@link DataConnectionException} when nothing works.
 */
final class DataConnector {

    private final ControlConnection control;
    private final ClientOptions options;
    private final String serverKey;
    /** Present when data connections are protected ({@code PROT P}). */
    private final Optional<TlsConnector> tls;
    /** Methods the server refused in this session (EPSV on an old server, say): not asked again. */
    private final Set<DataMethod> refused = EnumSet.noneOf(DataMethod.class);
    private DataMode mode;
    private Optional<DataMethod> lastUsed = Optional.empty();

    DataConnector(ControlConnection control, ClientOptions options, String serverKey, Optional<TlsConnector> tls) {
        this.control = control;
        this.options = options;
        this.serverKey = serverKey;
        this.tls = tls;
        this.mode = options.mode();
    }

    void mode(DataMode mode) {
        this.mode = mode;
    }

    DataMode mode() {
        return mode;
    }

    Optional<DataMethod> lastUsed() {
        return lastUsed;
    }

    /** A method could not even be set up: the server refused its command. The next method may work. */
    private static final class MethodRefused extends Exception {
        private final Reply reply;
        /** Present for the active methods: the client listened and announced where before it was refused. */
        private final Optional<Route> route;

        MethodRefused(String reason, Reply reply, Optional<Route> route) {
            super(reason, null, false, false);
            this.reply = reply;
            this.route = route;
        }

        DataProbe toProbe(DataMethod method) {
            return new DataProbe(method, DataProbe.Outcome.REFUSED, route.map(Route::announced),
                    route.map(Route::target), Optional.of(reply), getMessage(), 0);
        }
    }

    /** The data connection itself failed: other methods of the same direction will fail alike. */
    private static final class ConnectionFailed extends Exception {
        private final DataProbe.Outcome outcome;
        private final Route route;
        private final Optional<Reply> reply;

        ConnectionFailed(String reason, DataProbe.Outcome outcome, Route route, Optional<Reply> reply) {
            super(reason, null, false, false);
            this.outcome = outcome;
            this.route = route;
            this.reply = reply;
        }

        DataProbe toProbe(DataMethod method) {
            return route.probe(method, outcome, reply, getMessage(), 0);
        }
    }

    /** Where a data connection was to go as announced, and where it went (passive) or waited (active). */
    private record Route(InetSocketAddress announced, InetSocketAddress target) {
        DataProbe probe(DataMethod method, DataProbe.Outcome outcome, Optional<Reply> reply, String detail,
                        int lines) {
            return new DataProbe(method, outcome, Optional.of(announced), Optional.of(target), reply, detail, lines);
        }
    }

    /** Reads a transfer's data to its end and says how many lines it had. */
    @FunctionalInterface
    interface LineCounter {
        int read(OpenTransfer transfer) throws IOException;
    }

    /** Sends {@code command} (after REST when {@code offset} > 0) over a data connection opened for it. */
    OpenTransfer open(Command command, long offset, long total, ProgressListener progress) throws IOException {
        List<Failure> failures = new ArrayList<>();
        Boolean failedDirection = null; // the direction whose connection failed, skipped from then on
        for (DataMethod method : plan()) {
            if (refused.contains(method) || Boolean.valueOf(method.isPassive()).equals(failedDirection)) {
                continue;
            }
            try {
                OpenTransfer transfer = start(prepare(method, options.trustPassiveAddress()), command, offset, total,
                        progress);
                if (!failures.isEmpty()) {
                    control.notice(method + " worked after " + describe(failures) + "; using "
                            + (method.isPassive() ? "passive" : "active") + " mode for " + serverKey + " from now on");
                }
                lastUsed = Optional.of(method);
                DataMethodMemory.worked(serverKey, method);
                return transfer;
            } catch (MethodRefused e) {
                refused.add(method);
                failures.add(new Failure(method, e.getMessage()));
            } catch (ConnectionFailed e) {
                failedDirection = method.isPassive();
                failures.add(new Failure(method, e.getMessage()));
                if (mode == DataMode.AUTO && method.isPassive()) {
                    control.notice("passive data connection failed (" + e.getMessage() + "); trying active mode");
                }
            }
        }
        throw new DataConnectionException(failures);
    }

    private static String describe(List<Failure> failures) {
        return failures.stream().map(Failure::toString).reduce((a, b) -> a + "; " + b).orElse("");
    }

    /** The methods to try, in order: the mode's, the one that worked last for this server first. */
    List<DataMethod> plan() {
        boolean ipv4 = control.remoteAddress().getAddress() instanceof Inet4Address;
        List<DataMethod> passive = ipv4 ? List.of(DataMethod.EPSV, DataMethod.PASV) : List.of(DataMethod.EPSV);
        List<DataMethod> active = ipv4 && options.activeAddress().map(a -> a instanceof Inet4Address).orElse(true)
                ? List.of(DataMethod.EPRT, DataMethod.PORT) : List.of(DataMethod.EPRT);
        return switch (mode) {
            case PASSIVE -> passive;
            case ACTIVE -> active;
            case AUTO -> {
                boolean activeFirst = lastUsed.or(() -> DataMethodMemory.lastWorked(serverKey))
                        .map(m -> !m.isPassive()).orElse(false);
                List<DataMethod> plan = new ArrayList<>(activeFirst ? active : passive);
                plan.addAll(activeFirst ? passive : active);
                yield plan;
            }
        };
    }

    /**
     * Lists over exactly {@code method}, for diagnosis: no other method is tried, nothing is remembered, and
     * every failure is returned, not thrown. {@code reader} reads the listing.
     */
    DataProbe probe(DataMethod method, boolean trustPassiveAddress, Command command, LineCounter reader) {
        Pending pending;
        try {
            pending = prepare(method, trustPassiveAddress);
        } catch (MethodRefused e) {
            return e.toProbe(method);
        } catch (ConnectionFailed e) {
            return e.toProbe(method);
        } catch (IOException e) {
            return new DataProbe(method, DataProbe.Outcome.FAILED, Optional.empty(), Optional.empty(),
                    Optional.empty(), String.valueOf(e.getMessage()), 0);
        }
        Route route = pending.route();
        try {
            OpenTransfer transfer = start(pending, command, 0, -1, ProgressListener.NONE);
            int lines = reader.read(transfer);
            Reply done = transfer.complete();
            return route.probe(method, DataProbe.Outcome.OK, Optional.ofNullable(done), lines + " lines listed",
                    lines);
        } catch (ConnectionFailed e) {
            return e.toProbe(method);
        } catch (FtpReplyException e) {
            return route.probe(method, DataProbe.Outcome.LISTING_REFUSED, Optional.of(e.reply()), e.getMessage(), 0);
        } catch (IOException e) {
            return route.probe(method, DataProbe.Outcome.FAILED, Optional.empty(), String.valueOf(e.getMessage()), 0);
        }
    }

    private Pending prepare(DataMethod method, boolean trustPassiveAddress)
            throws IOException, MethodRefused, ConnectionFailed {
        return method.isPassive() ? connectPassive(method, trustPassiveAddress) : listenActive(method);
    }

    /** Sends {@code command} and takes the data connection that {@code pending} prepared. */
    private OpenTransfer start(Pending pending, Command command, long offset, long total, ProgressListener progress)
            throws IOException, ConnectionFailed {
        try {
            if (offset > 0) {
                Command rest = new Command("REST", Long.toString(offset));
                Reply reply = control.exchange(rest);
                if (reply.code() != 350) {
                    throw new FtpReplyException(rest.toLoggable(), reply);
                }
            }
            control.send(command);
            Reply reply = control.read(command.verb());
            if (reply.code() == 425) {
                throw new ConnectionFailed("the server could not open the data connection: " + reply,
                        pending.passive() ? DataProbe.Outcome.FAILED : DataProbe.Outcome.SERVER_DID_NOT_CONNECT,
                        pending.route(), Optional.of(reply));
            }
            if (!reply.isPositive()) {
                throw new FtpReplyException(command.toLoggable(), reply);
            }
            if (!reply.isPreliminary()) {
                pending.abandon();
                return OpenTransfer.alreadyComplete(reply);
            }
            DataChannel channel = secure(pending.connection(command), command);
            return new OpenTransfer(control, channel, command, options, offset, total, progress);
        } catch (IOException | ConnectionFailed | RuntimeException e) {
            pending.abandon();
            throw e;
        }
    }

    /**
     * With {@code PROT P}, the TLS handshake, after the server's 150 like other clients: a server that
     * refused the command never starts TLS. When it fails the server has its own say (vsftpd: {@code 522 SSL
     * connection failed: session reuse required}), which is read to keep the control connection in step.
     */
    private DataChannel secure(Socket socket, Command command) throws IOException {
        if (tls.isEmpty()) {
            return new DataChannel.Clear(socket);
        }
        TlsDataChannel channel;
        try {
            channel = tls.get().secureData(socket, control.remoteAddress().getPort());
        } catch (IOException e) {
            closeQuietly(socket);
            Reply reply = control.read(command.verb());
            if (e instanceof UntrustedCertificateException) {
                throw e;
            }
            throw new FtpException(e.getMessage() + "; the server answered " + reply, e);
        }
        SSLSession session = channel.session();
        control.event(new TraceEvent.TlsEstablished(Instant.now(), TraceEvent.Channel.DATA, session.getProtocol(),
                session.getCipherSuite(), tls.get().resumed(channel)));
        return channel;
    }

    /** A data connection in the making: connected (passive) or awaited (active). */
    private sealed interface Pending {
        Socket connection(Command command) throws IOException, ConnectionFailed;

        Route route();

        boolean passive();

        /** Closes what is open; quietly, since it goes with another failure. */
        void abandon();
    }

    private record Connected(Socket socket, Route route) implements Pending {
        @Override
        public Socket connection(Command command) {
            return socket;
        }

        @Override
        public boolean passive() {
            return true;
        }

        @Override
        public void abandon() {
            closeQuietly(socket);
        }
    }

    private final class Awaited implements Pending {
        private final ServerSocket listener;
        private final Route route;

        Awaited(ServerSocket listener, Route route) {
            this.listener = listener;
            this.route = route;
        }

        @Override
        public Route route() {
            return route;
        }

        @Override
        public boolean passive() {
            return false;
        }

        /** Accepts the server's connection; a connection from any other host is refused (RFC 2577). */
        @Override
        public Socket connection(Command command) throws IOException, ConnectionFailed {
            InetAddress server = control.remoteAddress().getAddress();
            long deadline = System.nanoTime() + options.connectTimeout().toNanos();
            try (listener) {
                while (true) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new SocketTimeoutException();
                    }
                    listener.setSoTimeout((int) Math.max(1, left / 1_000_000));
                    Socket socket = listener.accept();
                    if (socket.getInetAddress().equals(server)) {
                        control.event(new TraceEvent.ConnectionOpened(Instant.now(), TraceEvent.Channel.DATA,
                                TraceEvent.Opener.SERVER, (InetSocketAddress) socket.getLocalSocketAddress(),
                                (InetSocketAddress) socket.getRemoteSocketAddress()));
                        return socket;
                    }
                    control.notice("refused a data connection from " + socket.getRemoteSocketAddress()
                            + ": only the server " + server.getHostAddress() + " may connect");
                    closeQuietly(socket);
                }
            } catch (SocketTimeoutException e) {
                // The listener is closed now, so a late connection is refused and the server answers soon.
                Reply reply = control.read(command.verb());
                throw new ConnectionFailed("the server did not connect to "
                        + ControlConnection.describe((InetSocketAddress) listener.getLocalSocketAddress()) + " within "
                        + options.connectTimeout().toSeconds() + "s (" + reply + "): a firewall or NAT in front of "
                        + "this client blocks incoming connections", DataProbe.Outcome.SERVER_DID_NOT_CONNECT, route,
                        Optional.of(reply));
            }
        }

        @Override
        public void abandon() {
            closeQuietly(listener);
        }
    }

    private Pending connectPassive(DataMethod method, boolean trustAddress)
            throws IOException, MethodRefused, ConnectionFailed {
        Reply reply = control.exchange(new Command(method.name(), ""));
        int expected = method == DataMethod.EPSV ? 229 : 227;
        if (reply.code() != expected) {
            throw new MethodRefused("the server answered " + reply, reply, Optional.empty());
        }
        InetAddress peer = control.remoteAddress().getAddress();
        Route route;
        try {
            if (method == DataMethod.EPSV) {
                InetSocketAddress announced = new InetSocketAddress(peer, HostPort.parseEpsvReply(reply.text()));
                route = new Route(announced, announced);
            } else {
                HostPort announced = HostPort.parsePasvReply(reply.text());
                route = new Route(announced.toSocketAddress(), passiveTarget(announced, peer, trustAddress));
            }
        } catch (IllegalArgumentException e) {
            throw new MethodRefused("unreadable reply " + reply + " (" + e.getMessage() + ")", reply, Optional.empty());
        }
        InetSocketAddress target = route.target();
        Socket socket = new Socket();
        try {
            // from the control connection's address: servers refuse data connections from other hosts
            socket.bind(new InetSocketAddress(control.localAddress().getAddress(), 0));
            socket.connect(target, ControlConnection.millis(options.connectTimeout()));
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new ConnectionFailed("connecting to " + ControlConnection.describe(target) + " timed out after "
                    + options.connectTimeout().toSeconds() + "s: a firewall drops the server's passive ports",
                    DataProbe.Outcome.TIMED_OUT, route, Optional.empty());
        } catch (IOException e) {
            closeQuietly(socket);
            throw new ConnectionFailed("connecting to " + ControlConnection.describe(target) + " failed: "
                    + e.getMessage(), outcomeOf(e), route, Optional.empty());
        }
        control.event(new TraceEvent.ConnectionOpened(Instant.now(), TraceEvent.Channel.DATA,
                TraceEvent.Opener.CLIENT, (InetSocketAddress) socket.getLocalSocketAddress(), target));
        return new Connected(socket, route);
    }

    /** What a failed connect means: the JDK says ECONNREFUSED, EHOSTUNREACH and ENETUNREACH in these ways. */
    private static DataProbe.Outcome outcomeOf(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (e instanceof NoRouteToHostException || message.contains("unreachable")) {
            return DataProbe.Outcome.UNREACHABLE;
        }
        if (message.contains("timed out")) {
            return DataProbe.Outcome.TIMED_OUT; // the kernel gave up before the connect timeout
        }
        return e instanceof ConnectException ? DataProbe.Outcome.CONNECTION_REFUSED : DataProbe.Outcome.FAILED;
    }

    private InetSocketAddress passiveTarget(HostPort announced, InetAddress peer, boolean trustAddress) {
        if (announced.address().equals(peer)) {
            return announced.toSocketAddress();
        }
        if (trustAddress) {
            control.notice("connecting to " + announced + " as announced in the 227 reply (trusted by option)");
            return announced.toSocketAddress();
        }
        control.notice("the server announced " + announced.address().getHostAddress() + " in its 227 reply, but "
                + "the control connection goes to " + peer.getHostAddress() + "; connecting to "
                + peer.getHostAddress() + " instead");
        return new InetSocketAddress(peer, announced.port());
    }

    private Pending listenActive(DataMethod method) throws IOException, MethodRefused {
        InetAddress local = control.localAddress().getAddress();
        ServerSocket listener = bindListener(local);
        InetSocketAddress announced = new InetSocketAddress(options.activeAddress().orElse(local),
                listener.getLocalPort());
        HostPort where = HostPort.of(announced);
        Command command = method == DataMethod.EPRT
                ? new Command("EPRT", where.toEprtArgument()) : new Command("PORT", where.toSixNumbers());
        Reply reply;
        try {
            control.event(new TraceEvent.Listening(Instant.now(),
                    (InetSocketAddress) listener.getLocalSocketAddress(), announced));
            reply = control.exchange(command);
        } catch (IOException | RuntimeException e) {
            closeQuietly(listener);
            throw e;
        }
        Route route = new Route(announced, (InetSocketAddress) listener.getLocalSocketAddress());
        if (!reply.isPositive()) {
            closeQuietly(listener);
            throw new MethodRefused("the server answered " + reply, reply, Optional.of(route));
        }
        return new Awaited(listener, route);
    }

    /** A listener on the control connection's local address, on a port of the active range if one is set. */
    private ServerSocket bindListener(InetAddress local) throws IOException {
        int first = options.activePortFirst();
        int last = options.activePortLast();
        if (first == 0) {
            ServerSocket listener = new ServerSocket();
            listener.bind(new InetSocketAddress(local, 0), 1);
            return listener;
        }
        int size = last - first + 1;
        int start = ThreadLocalRandom.current().nextInt(size);
        for (int i = 0; i < size; i++) {
            ServerSocket listener = new ServerSocket();
            try {
                listener.bind(new InetSocketAddress(local, first + (start + i) % size), 1);
                return listener;
            } catch (BindException e) {
                listener.close();
            }
        }
        throw new FtpException("no free port in the active port range " + first + "-" + last);
    }

    static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // already failing for another reason
        }
    }
}
