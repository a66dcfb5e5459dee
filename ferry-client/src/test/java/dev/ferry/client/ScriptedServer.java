package dev.ferry.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny FTP server whose data-connection replies a test sets, to provoke what real servers do only on
 * broken networks: a 227 reply announcing another address (here 127.0.0.2, on loopback), or an EPSV port
 * where nothing listens. It serves one listing line for LIST and MLSD, over whichever data connection works.
 */
final class ScriptedServer implements AutoCloseable {

    static final String LISTING_LINE = "type=file;size=5;modify=20240102030405; hello.txt";

    private final ServerSocket control;
    private final InetAddress announced;
    private final boolean epsvToDeadPort;
    private final Thread thread;
    /** Which local address each passive data connection arrived at. */
    final List<InetAddress> passiveConnectionsAt = new CopyOnWriteArrayList<>();

    /**
     * @param announced the address to put in 227 replies (EPSV is refused unless {@code epsvToDeadPort})
     * @param epsvToDeadPort answer EPSV with a port nothing listens on, and refuse PASV
     */
    ScriptedServer(InetAddress announced, boolean epsvToDeadPort) throws IOException {
        this.control = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.announced = announced;
        this.epsvToDeadPort = epsvToDeadPort;
        this.thread = Thread.ofVirtual().start(this::serve);
    }

    int port() {
        return control.getLocalPort();
    }

    private void serve() {
        while (!control.isClosed()) {
            try (Socket socket = control.accept()) {
                session(socket);
            } catch (IOException e) {
                // the test closed the server, or the client went away
            }
        }
    }

    private void session(Socket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
        out.print("220 scripted\r\n");
        out.flush();
        DataSource data = null;
        String line;
        while ((line = in.readLine()) != null) {
            String verb = line.split(" ", 2)[0].toUpperCase();
            String reply = switch (verb) {
                case "USER" -> "331 password";
                case "PASS" -> "230 in";
                case "FEAT" -> "211-Features:\r\n MLST type*;size*;modify*;\r\n211 End";
                case "TYPE", "OPTS", "NOOP" -> "200 ok";
                case "EPSV" -> epsvToDeadPort ? "229 Entering Extended Passive Mode (|||" + deadPort() + "|)"
                        : "500 EPSV not understood";
                case "PASV" -> {
                    if (epsvToDeadPort) {
                        yield "502 PASV disabled";
                    }
                    closeQuietly(data);
                    data = new PassiveData(announced);
                    yield "227 Entering Passive Mode (" + sixNumbers(announced, data.port()) + ")";
                }
                case "EPRT" -> {
                    closeQuietly(data);
                    String[] parts = line.substring(5).split("\\|");
                    data = new ActiveData(new InetSocketAddress(parts[2], Integer.parseInt(parts[3])));
                    yield "200 ok";
                }
                case "MLSD", "LIST" -> {
                    if (data == null) {
                        yield "425 use PASV or EPRT first";
                    }
                    out.print("150 here it comes\r\n");
                    out.flush();
                    try (Socket channel = data.open()) {
                        channel.getOutputStream().write((LISTING_LINE + "\r\n").getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        yield "425 no data connection";
                    } finally {
                        closeQuietly(data);
                        data = null;
                    }
                    yield "226 done";
                }
                case "QUIT" -> "221 bye";
                default -> "502 not scripted";
            };
            out.print(reply + "\r\n");
            out.flush();
            if (verb.equals("QUIT")) {
                return;
            }
        }
    }

    private interface DataSource extends AutoCloseable {
        int port();

        Socket open() throws IOException;

        @Override
        void close() throws IOException;
    }

    /**
     * Listens on the same port at 127.0.0.1 and at the announced address, so the test sees which one the
     * client chose.
     */
    private final class PassiveData implements DataSource {
        private final ServerSocket real;
        private final ServerSocket atAnnounced;

        PassiveData(InetAddress announced) throws IOException {
            real = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            atAnnounced = new ServerSocket();
            atAnnounced.bind(new InetSocketAddress(announced, real.getLocalPort()), 1);
        }

        @Override
        public int port() {
            return real.getLocalPort();
        }

        @Override
        public Socket open() throws IOException {
            real.setSoTimeout(100);
            atAnnounced.setSoTimeout(100);
            for (int i = 0; i < 50; i++) {
                for (ServerSocket listener : List.of(real, atAnnounced)) {
                    try {
                        Socket socket = listener.accept();
                        passiveConnectionsAt.add(socket.getLocalAddress());
                        return socket;
                    } catch (java.net.SocketTimeoutException e) {
                        // try the other
                    }
                }
            }
            throw new IOException("no passive connection");
        }

        @Override
        public void close() throws IOException {
            real.close();
            atAnnounced.close();
        }
    }

    private record ActiveData(InetSocketAddress target) implements DataSource {
        @Override
        public int port() {
            return target.getPort();
        }

        @Override
        public Socket open() throws IOException {
            Socket socket = new Socket();
            socket.connect(target, 2000);
            return socket;
        }

        @Override
        public void close() {
        }
    }

    private static int deadPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort(); // closed again at once: connecting to it is refused
        }
    }

    private static String sixNumbers(InetAddress address, int port) {
        byte[] b = address.getAddress();
        return (b[0] & 0xFF) + "," + (b[1] & 0xFF) + "," + (b[2] & 0xFF) + "," + (b[3] & 0xFF) + ","
                + (port >> 8) + "," + (port & 0xFF);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // test scaffolding
        }
    }

    @Override
    public void close() throws IOException {
        control.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
