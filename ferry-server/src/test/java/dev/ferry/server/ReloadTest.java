package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.server.config.ConfigException;
import dev.ferry.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which keys a reload applies, and which keep their running value until a restart. */
class ReloadTest {

    private static ServerConfig running() throws ConfigException {
        return ServerConfig.builder().port(2121).usersFile(Path.of("users.yml")).tlsPassword("one").build();
    }

    @Test
    void sameConfigChangesNothing() throws ConfigException {
        Reload reload = Reload.plan(running(), running());
        assertTrue(reload.report().changedNothing());
        assertEquals(running(), reload.effective());
    }

    @Test
    void liveKeysAreAppliedInTableOrder() throws ConfigException {
        ServerConfig next = running().toBuilder().banner("Hi").maxSessions(5).idleTimeout(Duration.ofMinutes(1))
                .passivePorts(new dev.ferry.server.config.PortRange(40000, 40010)).build();
        Reload reload = Reload.plan(running(), next);
        assertEquals(List.of("passive-ports", "idle-timeout", "max-sessions", "banner"), reload.applied());
        assertEquals(next, reload.effective());
        assertTrue(reload.changed("banner", "tls-cert"));
    }

    @Test
    void restartKeysKeepTheirRunningValueAndTheRestApplies() throws ConfigException {
        ServerConfig next = running().toBuilder().port(2200).bindAddress("127.0.0.1").root(Path.of("elsewhere"))
                .implicitPort(990).transferLog(Path.of("x.log")).banner("Hi").build();
        Reload reload = Reload.plan(running(), next);
        assertEquals(List.of("banner"), reload.applied());
        assertEquals(List.of("bind", "port", "root", "implicit-port", "transfer-log"), reload.needsRestart());
        assertEquals(running().toBuilder().banner("Hi").build(), reload.effective());
    }

    @Test
    void aChangedTlsPasswordCountsThoughItPrintsMasked() throws ConfigException {
        Reload reload = Reload.plan(running(), running().toBuilder().tlsPassword("two").build());
        assertEquals(List.of("tls-password"), reload.applied());
    }

    @Test
    void droppingTheUsersFileNeedsARestart() throws ConfigException {
        Reload reload = Reload.plan(running(), running().toBuilder().usersFile(null).banner("Hi").build());
        assertEquals(List.of("banner"), reload.applied());
        assertEquals(List.of("users"), reload.needsRestart());
        assertEquals(running().usersFile(), reload.effective().usersFile());
    }
}
