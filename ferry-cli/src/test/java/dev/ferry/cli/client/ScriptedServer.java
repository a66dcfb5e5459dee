package dev.ferry.cli.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted FTP server that serves one file (any name), with faults no configuration of Ferry's server has:
 * REST refused, REST STREAM not announced, the first download cut off part-way. Just enough of RFC 959 for a
 * logged-in binary download over EPSV.
 */
final class ScriptedServer implements AutoCloseable {

    /**
     * @param announceRest whether FEAT lists REST STREAM
     * @param acceptRest whether REST is accepted (else 502)
     * @param cutFirstDownloadAt the first RETR from byte 0 sends this many bytes, then closes and replies 426;
     *     -1: never
     */
    record Faults(boolean announceRest, boolean acceptRest, long cutFirstDownloadAt) {
    }

    private final ServerSocket listener;
    private final byte[] content;
    private final String features;
    private final AtomicInteger sessions = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private final Thread acceptor;
    private final Faults faults;
    private final AtomicInteger downloads = new AtomicInteger();

    ScriptedServer(byte[] content, Faults faults) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.content = content;
        this.faults = faults;
        this.features = "211-Features:\r\n SIZE\r\n" + (faults.announceRest() ? " REST STREAM\r\n" : "")
                + "211 End\r\n";
        this.acceptor = Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    int sessions() {
        return sessions.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket control = listener.accept();
                sessions.incrementAndGet();
                synchronized (threads) {
                    threads.add(Thread.ofVirtual().start(() -> serve(control)));
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket control) {
        ServerSocket passive = null;
        int offset = 0;
        try (control) {
            BufferedReader in = new BufferedReader(new InputStreamReader(control.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = control.getOutputStream();
            send(out, "220 scripted\r\n");
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.split(" ", 2)[0].toUpperCase();
                switch (verb) {
                    case "USER" -> send(out, "331 password\r\n");
                    case "PASS" -> send(out, "230 in\r\n");
                    case "FEAT" -> send(out, features);
                    case "TYPE" -> send(out, "200 binary\r\n");
                    case "SIZE" -> send(out, "213 " + content.length + "\r\n");
                    case "REST" -> {
                        if (faults.acceptRest()) {
                            offset = Integer.parseInt(line.split(" ", 2)[1].strip());
                            send(out, "350 restarting at " + offset + "\r\n");
                        } else {
                            send(out, "502 REST not implemented\r\n");
                        }
                    }
                    case "EPSV" -> {
                        if (passive != null) {
                            passive.close();
                        }
                        passive = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                        send(out, "229 Entering Extended Passive Mode (|||" + passive.getLocalPort() + "|)\r\n");
                    }
                    case "RETR" -> {
                        send(out, "150 sending\r\n");
                        boolean cut = offset == 0 && faults.cutFirstDownloadAt() >= 0 && downloads.getAndIncrement() == 0;
                        int end = cut ? (int) faults.cutFirstDownloadAt() : content.length;
                        try (Socket data = passive.accept()) {
                            data.getOutputStream().write(content, offset, Math.max(0, end - offset));
                            data.shutdownOutput();
                            send(out, cut ? "426 cut off on purpose\r\n" : "226 done\r\n");
                        } catch (IOException e) {
                            send(out, "426 connection closed\r\n");
                        }
                        offset = 0;
                        passive.close();
                        passive = null;
                    }
                    case "QUIT" -> {
                        send(out, "221 bye\r\n");
                        return;
                    }
                    default -> send(out, "502 not here\r\n");
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            if (passive != null) {
                try {
                    passive.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write(reply.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws Exception {
        listener.close();
        acceptor.join();
        List<Thread> all;
        synchronized (threads) {
            all = List.copyOf(threads);
        }
        for (Thread t : all) {
            t.join(5_000);
            if (t.isAlive()) {
                throw new AssertionError("a scripted session did not end");
            }
        }
    }
}
