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
import java.util.Optional;

/**
 * What every session of one server shares; {@code tls} is empty when the config turns TLS off. {@code bans}
 * and {@code verifiedPasswords} hold state only: their settings come from the config at each use.
 */
public record ServerContext(ServerConfig config, UserStore users, PassivePortPool passivePorts,
                            AnnouncedAddress announcedAddress, ActiveConnector activeConnector,
                            TransferLog transferLog, Optional<ServerTls> tls, AddressBans bans,
                            VerifiedPasswordCache verifiedPasswords, Limits limits) {
}
