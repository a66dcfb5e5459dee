package dev.ferry.server.session;

import dev.ferry.server.auth.UserStore;
import dev.ferry.server.config.ServerConfig;
import dev.ferry.server.data.ActiveConnector;
import dev.ferry.server.data.AnnouncedAddress;
import dev.ferry.server.data.PassivePortPool;

/** What every session of one server shares. */
public record ServerContext(ServerConfig config, UserStore users, PassivePortPool passivePorts,
                            AnnouncedAddress announcedAddress, ActiveConnector activeConnector,
                            TransferLog transferLog) {
}
