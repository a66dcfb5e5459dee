package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of concurrent sessions against one server for a bounded time, doing mixed work on loopback:
 * uploads, downloads checked by SHA-256, listings, transfers cut off by the client hanging up (half of them
 * with a TCP reset), and ABOR during downloads. Afterwards, only the stable contract is asserted: every
 * upload answered 226 is on disk with the bytes sent, and nothing leaked (no session, no passive port, no
 * thread, no file descriptor).
 *
 * <p>{@code -Dferry.soak.seconds=60} (how long clients start new sessions) and {@code
 * -Dferry.soak.clients=200} (concurrent clients) make longer runs on demand.
 */
class SoakIT {

    private static final Duration SOAK = Duration.ofSeconds(Long.getLong("ferry.soak.seconds", 60));
    private static final int CLIENTS = Integer.getInteger("ferry.soak.clients", 200);
    /** Generous: a loaded CI machine may stall a client for seconds; a hang still fails the test. */
    private static final int TIMEOUT_MILLIS = 60_000;
    private static final long BIG = 256L << 20;
    /**
     * Descriptors the JDK may open once and keep, after the warm-up session already opened most: a jar or
     * class-data file loaded late, the virtual-thread I/O pollers (their epoll descriptors), a cached DNS or
     * random-source file. A leak per session or per transfer would show in the hundreds or thousands.
     */
    private static final int FD_TOLERANCE = 10;
    /** Platform threads the JDK starts on its own and keeps (carriers, pollers, cleaners). */
    private static final List<String> JDK_THREADS = List.of("ForkJoinPool", "Read-Poller", "Write-Poller",
            "VirtualThread-unparker", "Common-Cleaner", "InnocuousThread", "Attach Listener", "process reaper",
            "Signal Dispatcher", "Notification Thread", "Finalizer", "Reference Handler", "surefire", "Cleaner");

    private final Map<String, String> files = new ConcurrentHashMap<>();
    private final Map<String, String> completedUploads = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final AtomicLong sessions = new AtomicLong();
    private final AtomicLong uploads = new AtomicLong();
    private final AtomicLong uploadedBytes = new AtomicLong();
    private final AtomicLong downloads = new AtomicLong();
    private final AtomicLong downloadedBytes = new AtomicLong();
    private final AtomicLong listings = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong aborts = new AtomicLong();
    private final AtomicLong names = new AtomicLong();

    @Test
    void hundredsOfConcurrentSessionsLoseNoUploadAndLeakNothing() throws Exception {
        Logger ferryLogs = Logger.getLogger("dev.ferry");
        Level level = ferryLogs.getLevel();
        ferryLogs.setLevel(Level.WARNING); // one INFO line per transfer would be tens of thousands of lines
        try {
            soak();
        } finally {
            ferryLogs.setLevel(level);
        }
    }

    private void soak() throws Exception {
        warmUp();
        Set<String> threadsBefore = platformThreads();
        long fdsBefore = openDescriptors();

        TestServer server = TestServer.start(b -> b.maxSessionsPerAddress(CLIENTS * 2)
                .idleTimeout(Duration.ofSeconds(90)).dataTimeout(Duration.ofSeconds(60)));
        try {
            createFiles(server.root());
            long deadline = System.nanoTime() + SOAK.toNanos();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < CLIENTS; i++) {
                    long seed = i;
                    clients.submit(() -> client(server.port(), new Random(seed), deadline));
                }
            }
            server.awaitNoSessions();
            System.out.printf("soak: %d s, %d concurrent clients: %d sessions, %d uploads (%d bytes), %d downloads"
                            + " (%d bytes), %d listings, %d disconnects mid-transfer, %d aborts, %d errors%n",
                    SOAK.toSeconds(), CLIENTS, sessions.get(), uploads.get(), uploadedBytes.get(), downloads.get(),
                    downloadedBytes.get(), listings.get(), disconnects.get(), aborts.get(), errors.size());

            assertTrue(errors.isEmpty(), () -> errors.size() + " errors, the first: "
                    + errors.stream().limit(5).collect(Collectors.joining("\n")));
            assertTrue(uploads.get() > 0 && downloads.get() > 0 && aborts.get() > 0 && disconnects.get() > 0,
                    "every kind of work was done");
            for (Map.Entry<String, String> upload : completedUploads.entrySet()) {
                assertEquals(upload.getValue(), sha256(Files.readAllBytes(server.root().resolve(upload.getKey()))),
                        upload.getKey() + " was answered 226, but the bytes on disk differ");
            }
            assertEquals(0, server.server().sessionCount(), "sessions left");
            assertEquals(0, server.server().leasedPassivePorts(), "passive ports still leased");
        } finally {
            server.close(); // checks sessions, passive ports, the acceptor thread and files open under the root
        }

        Set<String> leftThreads = new TreeSet<>(platformThreads());
        leftThreads.removeAll(threadsBefore);
        leftThreads.removeIf(name -> JDK_THREADS.stream().anyMatch(name::startsWith));
        assertEquals(Set.of(), leftThreads, "platform threads left running");
        long fdsAfter = awaitDescriptorsAtMost(fdsBefore + FD_TOLERANCE);
        System.out.printf("soak: file descriptors %d before, %d after; platform threads %d before, %d after%n",
                fdsBefore, fdsAfter, threadsBefore.size(), platformThreads().size());
        assertTrue(fdsAfter <= fdsBefore + FD_TOLERANCE,
                "file descriptors: " + fdsBefore + " before, " + fdsAfter + " after");
    }

    /** One client: sessions of a few operations each, until the deadline. */
    private void client(int port, Random random, long deadline) {
        while (System.nanoTime() < deadline) {
            sessions.incrementAndGet();
            FTPClient ftp = new FTPClient();
            try {
                ftp.setConnectTimeout(TIMEOUT_MILLIS);
                ftp.setDefaultTimeout(TIMEOUT_MILLIS);
                ftp.setDataTimeout(Duration.ofMillis(TIMEOUT_MILLIS));
                ftp.connect("127.0.0.1", port);
                ftp.setSoTimeout(TIMEOUT_MILLIS);
                check(ftp, ftp.login(TestServer.USER, TestServer.PASSWORD), "login");
                check(ftp, ftp.setFileType(FTP.BINARY_FILE_TYPE), "TYPE I");
                ftp.enterLocalPassiveMode();
                ftp.setUseEPSVwithIPv4(random.nextBoolean());
                boolean open = true;
                for (int ops = 1 + random.nextInt(6); ops > 0 && open; ops--) {
                    int pick = random.nextInt(100);
                    if (pick < 30) {
                        upload(ftp, random);
                    } else if (pick < 55) {
                        download(ftp, random);
                    } else if (pick < 70) {
                        check(ftp, ftp.listFiles() != null && FTPReply.isPositiveCompletion(ftp.getReplyCode()), "LIST");
                        listings.incrementAndGet();
                    } else if (pick < 85) {
                        abortDownload(ftp);
                    } else {
                        hangUpMidTransfer(ftp, random);
                        open = false;
                    }
                }
                if (open) {
                    ftp.logout();
                }
            } catch (IOException | RuntimeException | AssertionError e) {
                errors.add(e.toString());
            } finally {
                disconnect(ftp);
            }
        }
    }

    private void upload(FTPClient ftp, Random random) throws IOException {
        byte[] content = bytes(random, random.nextInt(256 * 1024));
        String name = "up-" + names.incrementAndGet() + ".bin";
        check(ftp, ftp.storeFile(name, new ByteArrayInputStream(content)), "STOR " + name);
        completedUploads.put(name, sha256(content));
        uploads.incrementAndGet();
        uploadedBytes.addAndGet(content.length);
    }

    /** A fixture file, or an upload that was answered 226: either must come back exactly. */
    private void download(FTPClient ftp, Random random) throws IOException {
        List<Map.Entry<String, String>> candidates = new ArrayList<>(files.entrySet());
        if (random.nextBoolean()) {
            completedUploads.entrySet().stream().skip(random.nextInt(1 + completedUploads.size() / 2)).findFirst()
                    .ifPresent(candidates::add);
        }
        Map.Entry<String, String> file = candidates.get(random.nextInt(candidates.size()));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        check(ftp, ftp.retrieveFile(file.getKey(), received), "RETR " + file.getKey());
        assertEquals(file.getValue(), sha256(received.toByteArray()), "RETR " + file.getKey() + " checksum");
        downloads.incrementAndGet();
        downloadedBytes.addAndGet(received.size());
    }

    /** RFC 959 §4.1.3: ABOR during a transfer is answered 426 for the transfer, then 226. */
    private void abortDownload(FTPClient ftp) throws IOException {
        try (InputStream in = ftp.retrieveFileStream("big.bin")) {
            check(ftp, in != null, "RETR big.bin");
            in.readNBytes(64 * 1024);
            if (!ftp.abort()) {
                assertEquals(426, ftp.getReplyCode(), ftp.getReplyString());
                assertEquals(226, ftp.getReply(), "ABOR's reply: " + ftp.getReplyString());
            }
        } catch (IOException e) {
            // closing the data stream after the server dropped the connection: nothing left to read
        }
        check(ftp, ftp.sendNoOp(), "NOOP after ABOR");
        aborts.incrementAndGet();
    }

    /** Starts a transfer and drops the session in the middle, sometimes with a reset (SO_LINGER 0). */
    private void hangUpMidTransfer(FTPClient ftp, Random random) throws IOException {
        if (random.nextBoolean()) {
            ftp.setSoLinger(true, 0);
        }
        if (random.nextBoolean()) {
            OutputStream out = ftp.storeFileStream("cut-" + names.incrementAndGet() + ".bin");
            check(ftp, out != null, "STOR for hang-up");
            out.write(bytes(random, 100_000));
            out.flush();
            ftp.disconnect();
            closeQuietly(out);
        } else {
            InputStream in = ftp.retrieveFileStream("big.bin");
            check(ftp, in != null, "RETR for hang-up");
            in.readNBytes(32 * 1024);
            ftp.disconnect();
            closeQuietly(in);
        }
        disconnects.incrementAndGet();
    }

    private void createFiles(Path root) throws IOException {
        for (int size : new int[] {0, 1, 1024, 300 * 1024, 2 << 20}) {
            byte[] content = FileTrees.randomBytes(size, size);
            Files.write(root.resolve("f-" + size + ".bin"), content);
            files.put("f-" + size + ".bin", sha256(content));
        }
        FileTrees.sparseFile(root.resolve("big.bin"), BIG);
    }

    /** One session of every kind of work, so that the JDK's lazily opened files and threads exist before counting. */
    private void warmUp() throws Exception {
        try (TestServer server = TestServer.start()) {
            createFiles(server.root());
            FTPClient ftp = new FTPClient();
            try {
                ftp.connect("127.0.0.1", server.port());
                ftp.login(TestServer.USER, TestServer.PASSWORD);
                ftp.setFileType(FTP.BINARY_FILE_TYPE);
                ftp.enterLocalPassiveMode();
                Random random = new Random(-2);
                upload(ftp, random);
                download(ftp, random);
                ftp.listFiles();
                abortDownload(ftp);
                hangUpMidTransfer(ftp, random);
            } finally {
                disconnect(ftp);
            }
            server.awaitNoSessions();
        }
        files.clear();
        completedUploads.clear();
        errors.clear();
    }

    private static void check(FTPClient ftp, boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what + ": " + ftp.getReplyString().strip());
        }
    }

    private static byte[] bytes(Random random, int size) {
        byte[] content = new byte[size];
        random.nextBytes(content);
        return content;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> platformThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** Closed sockets may take a moment to leave (a virtual thread finishing its finally): wait, boundedly. */
    private static long awaitDescriptorsAtMost(long limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long count = openDescriptors();
        while (count > limit && System.nanoTime() < deadline) {
            Thread.sleep(100);
            count = openDescriptors();
        }
        return count;
    }

    private static void disconnect(FTPClient ftp) {
        if (ftp.isConnected()) {
            try {
                ftp.disconnect();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // the server closed it first
        }
    }
}
