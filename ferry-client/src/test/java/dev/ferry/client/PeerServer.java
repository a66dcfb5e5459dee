package dev.ferry.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * A running FTP server that the client's integration tests talk to on loopback: Ferry ({@link FerryPeer}),
 * vsftpd ({@link VsftpdServer}) or Apache FtpServer ({@link ApachePeer}). Start one through {@link Peer} to
 * parameterize a test over all of them. {@link #close} stops the server, checks that nothing it ran was left
 * behind (sessions, threads, the listening port) and deletes its files.
 */
interface PeerServer extends AutoCloseable {

    /** What a server can do where the peers differ; a test that needs one checks {@link #supports} first. */
    enum Feature {
        /** PASV (RFC 959 §4.1.1). Off in a vsftpd started with {@code passive(false)}. */
        PASV,
        /** EPSV (RFC 2428 §3). Off with PASV in vsftpd: both are its {@code pasv_enable}. */
        EPSV,
        /** PORT (RFC 959 §4.1.1). Off in a vsftpd started with {@code active(false)}. */
        PORT,
        /** EPRT (RFC 2428 §2). Off with PORT in vsftpd: both are its {@code port_enable}. */
        EPRT,
        /** MLSD and MLST (RFC 3659 §7). Not in vsftpd. */
        MLSD,
        /** MFMT, setting a file's modification time (draft-somers-ftp-mfxx). Not in vsftpd. */
        MFMT,
        /** HOST (RFC 7151). Only Ferry. */
        HOST,
        /**
         * TYPE A converts line ends (RFC 959 §3.1.1.1). vsftpd accepts TYPE A but, by default, sends and
         * stores the bytes unchanged.
         */
        ASCII_CONVERSION
    }

    /** The server's name, for test display names and messages. */
    String name();

    /** Every peer listens on loopback only. */
    default String host() {
        return "127.0.0.1";
    }

    int port();

    /** A user who may read, write, rename and delete everything under {@link #root}. */
    String user();

    String password();

    /** The real directory that {@link #user} sees as {@code /}. */
    Path root();

    Set<Feature> features();

    default boolean supports(Feature feature) {
        return features().contains(feature);
    }

    /**
     * Writes a file under {@link #root} ({@code path} is relative to it, parents are made), owned so that
     * {@link #user} may overwrite or delete it: use this rather than {@link Files#write} to give the server
     * files to serve.
     */
    default Path createFile(String path, byte[] content) {
        Path file = underRoot(path);
        try {
            makeDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        handOver(file);
        return file;
    }

    /** Makes a folder and its parents under {@link #root}, owned so that {@link #user} may write into it. */
    default Path createDirectories(String path) {
        Path dir = underRoot(path);
        try {
            makeDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    private Path underRoot(String path) {
        Path resolved = root().resolve(path).normalize();
        if (!resolved.startsWith(root()) || resolved.equals(root())) {
            throw new IllegalArgumentException(path + " is not a path under the root " + root());
        }
        return resolved;
    }

    /** Each missing folder is made and handed over from the top down, so none is left the test's own. */
    private void makeDirectories(Path dir) throws IOException {
        Path current = root();
        for (Path name : root().relativize(dir)) {
            current = current.resolve(name);
            if (!Files.isDirectory(current)) {
                Files.createDirectory(current);
                handOver(current);
            }
        }
    }

    /**
     * Gives a file or folder that the test made under {@link #root} to the server's user. Nothing to do where
     * the server runs in the test's JVM or as the test's user; vsftpd serves a different Unix user.
     */
    default void handOver(Path path) {
    }

    /** Stops the server; fails the test if it left a session, thread or port behind. */
    @Override
    void close();
}
