package dev.ferry.client;

import dev.ferry.server.TestServer;
import dev.ferry.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/** Ferry's own {@link TestServer} as a {@link PeerServer}: read-write user {@value TestServer#USER}. */
final class FerryPeer implements PeerServer {

    private final TestServer server;

    private FerryPeer(TestServer server) {
        this.server = server;
    }

    static FerryPeer start() {
        return new FerryPeer(TestServer.start());
    }

    /** A server whose config {@code customize} changes after the test defaults. */
    static FerryPeer start(Consumer<ServerConfig.Builder> customize) {
        return new FerryPeer(TestServer.start(customize));
    }

    /** The fixture underneath, for what only Ferry has (its config, session counts). */
    TestServer testServer() {
        return server;
    }

    @Override
    public String name() {
        return "Ferry";
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public String user() {
        return TestServer.USER;
    }

    @Override
    public String password() {
        return TestServer.PASSWORD;
    }

    @Override
    public Path root() {
        return server.root();
    }

    /** Everything, less the data-connection modes that the config turned off. */
    @Override
    public Set<Feature> features() {
        ServerConfig config = server.server().config();
        Set<Feature> features = EnumSet.allOf(Feature.class);
        if (!config.passiveMode()) {
            features.removeAll(EnumSet.of(Feature.PASV, Feature.EPSV));
        }
        if (!config.activeMode()) {
            features.removeAll(EnumSet.of(Feature.PORT, Feature.EPRT));
        }
        return features;
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return name() + " on " + host() + ":" + port();
    }
}
