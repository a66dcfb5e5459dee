package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import dev.ferry.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;

/**
 * A {@link TestServer} and the Commons Net clients a test opened against it. {@link #close} ends the clients,
 * then closes the server, whose checks find any session, passive port, acceptor thread or open file left behind.
 */
final class CommonsNetFixture implements AutoCloseable {

    /** Long enough for a slow CI machine, short enough that a hang fails the test instead of the build. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);

    private final TestServer server;
    private final Map<FTPClient, Transcript> clients = new IdentityHashMap<>();

    private CommonsNetFixture(TestServer server) {
        this.server = server;
    }

    static CommonsNetFixture start() {
        return new CommonsNetFixture(TestServer.start());
    }

    static CommonsNetFixture start(Consumer<ServerConfig.Builder> customize) {
        return new CommonsNetFixture(TestServer.start(customize));
    }

    TestServer server() {
        return server;
    }

    Path root() {
        return server.root();
    }

    /** A client connected (greeting read), not logged in, speaking UTF-8 on the control connection. */
    FTPClient connect() throws IOException {
        FTPClient client = new CommonsNetClient();
        client.setControlEncoding("UTF-8");
        client.setConnectTimeout((int) CLIENT_TIMEOUT.toMillis());
        client.setDefaultTimeout((int) CLIENT_TIMEOUT.toMillis());
        client.setDataTimeout(CLIENT_TIMEOUT);
        Transcript transcript = new Transcript();
        client.addProtocolCommandListener(transcript);
        clients.put(client, transcript);
        client.connect("127.0.0.1", server.port());
        assertEquals(FTPReply.SERVICE_READY, client.getReplyCode(), client.getReplyString());
        return client;
    }

    /** A client logged in as {@code user}, in binary mode, opening data connections as {@code mode} says. */
    FTPClient login(String user, DataMode mode) throws IOException {
        FTPClient client = connect();
        ok(client, client.login(user, TestServer.PASSWORD));
        ok(client, client.setFileType(FTP.BINARY_FILE_TYPE));
        mode.apply(client);
        return client;
    }

    FTPClient login(DataMode mode) throws IOException {
        return login(TestServer.USER, mode);
    }

    Transcript transcript(FTPClient client) {
        return clients.get(client);
    }

    /** Checks that every data connection of {@code client} was prepared with the verb of {@code mode}, and some was. */
    void assertOnlyMode(FTPClient client, DataMode mode) {
        List<String> verbs = transcript(client).verbs();
        assertTrue(verbs.contains(mode.verb()), () -> mode.verb() + " never sent: " + verbs);
        for (DataMode other : DataMode.values()) {
            if (other != mode) {
                assertTrue(!verbs.contains(other.verb()), () -> other.verb() + " sent in " + mode + " mode: " + verbs);
            }
        }
    }

    /** Fails with the server's reply when a Commons Net call reports failure. */
    static void ok(FTPClient client, boolean result) {
        assertTrue(result, () -> "server replied: " + client.getReplyString().strip());
    }

    static byte[] randomBytes(int size, long seed) {
        return FileTrees.randomBytes(size, seed);
    }

    static void store(FTPClient client, String name, byte[] content) throws IOException {
        ok(client, client.storeFile(name, new ByteArrayInputStream(content)));
    }

    static byte[] retrieve(FTPClient client, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ok(client, client.retrieveFile(name, out));
        return out.toByteArray();
    }

    @Override
    public void close() {
        for (FTPClient client : clients.keySet()) {
            if (client.isConnected()) {
                try {
                    client.logout();
                } catch (IOException ignored) {
                    // the test may have left the connection broken on purpose; disconnect anyway
                } finally {
                    try {
                        client.disconnect();
                    } catch (IOException ignored) {
                        // nothing more to release on our side
                    }
                }
            }
        }
        try {
            server.close(); // checks sessions, passive ports, the acceptor thread and open files; deletes the root
        } finally {
            // When a check failed, TestServer.close stopped before stopping the server: stop it here, so that
            // its sessions do not outlive the test and disturb the next ones.
            server.server().close();
        }
    }
}
