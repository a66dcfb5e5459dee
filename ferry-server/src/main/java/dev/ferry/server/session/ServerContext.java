package dev.ferry.server.session;

import dev.ferry.server.auth.AddressBans;
import dev.ferry.server.auth.UserStore;
import dev.ferry.server.auth.VerifiedPasswordCache;
import dev.ferry.server.config.ServerConfig;
import dev.ferry.server.data.ActiveConnector;
import dev.ferry.server.data.AnnouncedAddress;
import dev.ferry.server.data.PassivePortPool;
import dev.ferry.server.limits.Limits;
import dev.ferry.server.tls.ServerTls;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every session of one server shares. What a reload may change, the config and the parts built from
 * it, is one immutable {@link Settings} swapped whole, so no reader sees half a reload. Readers call the
 * accessors at the moment of use, not once per session: a running session follows a reload from its next
 * command on.
 *
 * @param settings the current settings; only {@code FtpServer.reload} swaps them
 * @param bans failed logins and bans per address; state only, its settings come from the config at each use
 * @param verifiedPasswords recent successful password checks; state only, like {@code bans}
 * @param limits the server-wide bandwidth buckets
 */
public record ServerContext(AtomicReference<Settings> settings, TransferLog transferLog, AddressBans bans,
                            VerifiedPasswordCache verifiedPasswords, Limits limits) {

    /** The parts of the context that a reload replaces together; {@code tls} is empty when TLS is off. */
    public record Settings(ServerConfig config, UserStore users, PassivePortPool passivePorts,
                           AnnouncedAddress announcedAddress, ActiveConnector activeConnector,
                           Optional<ServerTls> tls) {
    }

    public ServerContext {
        Objects.requireNonNull(settings.get(), "settings");
    }

    public ServerContext(Settings initial, TransferLog transferLog) {
        this(new AtomicReference<>(initial), transferLog, new AddressBans(), new VerifiedPasswordCache(), new Limits());
    }

    public ServerConfig config() {
        return settings.get().config();
    }

    public UserStore users() {
        return settings.get().users();
    }

    public PassivePortPool passivePorts() {
        return settings.get().passivePorts();
    }

    public AnnouncedAddress announcedAddress() {
        return settings.get().announcedAddress();
    }

    public ActiveConnector activeConnector() {
        return settings.get().activeConnector();
    }

    /** The TLS setup new handshakes use; a session keeps the one its control connection was secured with. */
    public Optional<ServerTls> tls() {
        return settings.get().tls();
    }
}
