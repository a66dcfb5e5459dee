package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A control connection spoken by hand, for tests that need exact control over every byte and reply:
 * the source address, the order of data connections, replies a library client would hide. Every read is
 * bounded by {@link #TIMEOUT_MILLIS}, so a server that stays silent fails the test instead of hanging it.
 */
final class RawFtp implements AutoCloseable {

    static final int TIMEOUT_MILLIS = 10_000;
    static final InetAddress LOOPBACK = address("127.0.0.1");
    /** Another loopback address: Linux routes all of 127/8 to lo, so this plays a foreign host. */
    static final InetAddress FOREIGN = address("127.0.0.2");

    private static final Pattern PASV = Pattern.compile("(\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)");

    /** One reply; {@code text} holds all its lines, joined by newlines, without the code of the first. */
    record Reply(int code, String text) {
        boolean isPreliminary() {
            return code < 200;
        }

        @Override
        public String toString() {
            return code + " " + text;
        }
    }

    /** What a command with a data connection produced: the first reply, the data, the final reply. */
    record Transfer(Reply first, byte[] data, Reply last) {
        String dataText() {
            return data == null ? "" : new String(data, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final Reply greeting;
    private final List<Reply> transcript = new ArrayList<>();

    private RawFtp(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(TIMEOUT_MILLIS);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
        this.greeting = read();
    }

    /** Connects from 127.0.0.1 and reads the greeting. */
    static RawFtp connect(int port) {
        return connect(LOOPBACK, port);
    }

    /** Connects from {@code source} (any port) to the server on 127.0.0.1 and reads the greeting. */
    static RawFtp connect(InetAddress source, int port) {
        try {
            return new RawFtp(socketFrom(source, LOOPBACK, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A connected socket whose local end is bound to {@code source}. */
    static Socket socketFrom(InetAddress source, InetAddress target, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(source, 0));
            s.connect(new InetSocketAddress(target, port), TIMEOUT_MILLIS);
            s.setSoTimeout(TIMEOUT_MILLIS);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Connects and logs in as {@code user}, asserting 230. */
    static RawFtp login(int port, String user, String password) {
        RawFtp ftp = connect(port);
        ftp.expect(220, ftp.greeting());
        ftp.expect(331, ftp.send("USER " + user));
        ftp.expect(230, ftp.send("PASS " + password));
        return ftp;
    }

    Reply greeting() {
        return greeting;
    }

    /** Sends one command line and reads its reply. */
    Reply send(String line) {
        write(line);
        return read();
    }

    void write(String line) {
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next reply, multi-line replies (RFC 959 §4.2) read whole. */
    Reply read() {
        Reply reply = readReply(in);
        transcript.add(reply);
        return reply;
    }

    /** One reply from {@code in}, multi-line replies read whole; shared with {@link TlsFtp}. */
    static Reply readReply(BufferedReader in) {
        try {
            String first = in.readLine();
            if (first == null) {
                throw new AssertionError("server closed the control connection instead of replying");
            }
            if (first.length() < 4 || !first.substring(0, 3).chars().allMatch(Character::isDigit)) {
                throw new AssertionError("not a reply: " + first);
            }
            String code = first.substring(0, 3);
            List<String> lines = new ArrayList<>(List.of(first.substring(4)));
            if (first.charAt(3) == '-') {
                while (true) {
                    String line = in.readLine();
                    if (line == null) {
                        throw new AssertionError("server closed the control connection inside a reply");
                    }
                    if (line.startsWith(code + " ")) {
                        lines.add(line.substring(4));
                        break;
                    }
                    lines.add(line);
                }
            }
            return new Reply(Integer.parseInt(code), String.join("\n", lines));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Reply expect(int code, Reply reply) {
        assertEquals(code, reply.code(), () -> "expected " + code + ", got " + reply);
        return reply;
    }

    /** Asserts that the server closes the control connection without sending anything more. */
    void assertClosedByServer() {
        assertSocketClosed(socket);
    }

    /** Asserts that the peer of {@code s} closes it (FIN or RST) and sends no byte before. */
    static void assertSocketClosed(Socket s) {
        try {
            InputStream input = s.getInputStream();
            int b = input.read();
            assertEquals(-1, b, "expected the connection to be closed, but a byte arrived");
        } catch (SocketTimeoutException e) {
            fail("the connection is still open after " + TIMEOUT_MILLIS + " ms");
        } catch (SocketException e) {
            // a reset: closed as well, and no byte came before it
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends PASV, asserts 227, and returns the announced port. */
    int pasvPort() {
        return pasvPort(expect(227, send("PASV")));
    }

    /** The port a 227 reply announces. */
    static int pasvPort(Reply reply) {
        Matcher m = PASV.matcher(reply.text());
        assertTrue(m.find(), () -> "no address in " + reply);
        return Integer.parseInt(m.group(5)) * 256 + Integer.parseInt(m.group(6));
    }

    /** PASV, then the data connection from 127.0.0.1, then {@code command}; downloads what it sends. */
    Transfer download(String command) {
        return passive(command, null);
    }

    /** PASV, then the data connection, then {@code command}; uploads {@code upload} if it starts. */
    Transfer upload(String command, byte[] upload) {
        return passive(command, upload);
    }

    private Transfer passive(String command, byte[] upload) {
        int port = pasvPort();
        try (Socket data = socketFrom(LOOPBACK, LOOPBACK, port)) {
            Reply first = send(command);
            if (!first.isPreliminary()) {
                return new Transfer(first, null, first);
            }
            byte[] bytes;
            if (upload != null) {
                data.getOutputStream().write(upload);
                data.shutdownOutput();
                bytes = upload;
            } else {
                bytes = data.getInputStream().readAllBytes();
            }
            return new Transfer(first, bytes, read());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every reply read so far, the greeting first. */
    List<Reply> transcript() {
        return List.copyOf(transcript);
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that was asked
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
