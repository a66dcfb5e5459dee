package dev.ferry.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigKeysTest {

    @TempDir
    Path dir;

    private static ServerConfig.Builder apply(String key, String value) throws ConfigException {
        ServerConfig.Builder b = ServerConfig.builder();
        ConfigKeys.byName(key).orElseThrow().apply(b, value);
        return b;
    }

    @Test
    void defaultsAreSafe() throws ConfigException {
        ServerConfig c = ServerConfig.builder().build();
        assertEquals(2121, c.port());
        assertFalse(c.anonymous());
        assertFalse(c.activeAllowForeign());
        assertFalse(c.passiveAllowForeign());
        assertEquals(new PortRange(50000, 50999), c.passivePorts());
        assertEquals(2120, c.effectiveDataPort(2121));
        assertEquals(20, c.effectiveDataPort(21));
        assertTrue(c.atomicUploads(), "uploads replace a file only when complete");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "passive-ports; 60000-50000; passive-ports: range is inverted: 60000 is above 50000",
            "passive-ports; 0-100; passive-ports: ports must be within 1-65535, got 0-100",
            "passive-ports; 50000-70000; passive-ports: ports must be within 1-65535, got 50000-70000",
            "passive-ports; lots; passive-ports: expected MIN-MAX (for example 50000-50999), got 'lots'",
            "port; 21x; port: expected a whole number, got '21x'",
            "anonymous; maybe; anonymous: expected true or false, got 'maybe'",
            "idle-timeout; soon; idle-timeout: expected a duration such as 30s, 5m, 1h or 250ms, got 'soon'",
            "local-networks; 10.0.0.0/33; local-networks: prefix length must be within 0-32: 33",
            "max-download-rate; fast; max-download-rate: expected a byte count such as 0, 512, 64K, 10M or 2G, got 'fast'",
            "login-timeout; later; login-timeout: expected a duration such as 30s, 5m, 1h or 250ms, got 'later'"})
    void badValuesNameTheKeyAndTheProblem(String key, String value, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> apply(key, value));
        assertEquals(key, e.key());
        assertEquals(message, e.getMessage());
    }

    @Test
    void limitsReadSuffixesAndDefaultToUnlimited() throws ConfigException {
        ServerConfig defaults = ServerConfig.builder().build();
        assertEquals(0, defaults.maxDownloadRate());
        assertEquals(0, defaults.maxUploadRate());
        assertEquals(0, defaults.minDataRate());
        assertEquals(Duration.ofMinutes(1), defaults.loginTimeout());
        ServerConfig c = apply("max-download-rate", "10M").build();
        assertEquals(10L << 20, c.maxDownloadRate());
        assertEquals(512L << 10, apply("max-upload-rate", "512K").build().maxUploadRate());
        assertEquals(Duration.ofSeconds(20), apply("login-timeout", "20s").build().loginTimeout());
        assertTrue(ConfigKeys.toYaml(c).contains("max-download-rate: 10M\n"), ConfigKeys.toYaml(c));
    }

    @Test
    void outOfRangeValuesAreCaughtAtBuild() throws ConfigException {
        assertEquals("port: must be within 0-65535, got 70000",
                assertThrows(ConfigException.class, () -> apply("port", "70000").build()).getMessage());
        assertEquals("max-sessions",
                assertThrows(ConfigException.class, () -> apply("max-sessions", "0").build()).key());
        ServerConfig.Builder b = apply("passive-mode", "off");
        ConfigKeys.byName("active-mode").orElseThrow().apply(b, "false");
        assertEquals("passive-mode", assertThrows(ConfigException.class, b::build).key());
    }

    @Test
    void durationsAndListsParse() throws ConfigException {
        ServerConfig c = apply("idle-timeout", "5m").build();
        assertEquals(Duration.ofMinutes(5), c.idleTimeout());
        assertEquals(Duration.ofMillis(250), apply("data-timeout", "250ms").build().dataTimeout());
        assertEquals(Duration.ofSeconds(42), apply("data-timeout", "42").build().dataTimeout());
        assertEquals(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8")),
                apply("local-networks", "10.1.2.3/8, fd00::/8").build().localNetworks());
    }

    @Test
    void printedConfigReadsBackToTheSameConfig() throws Exception {
        ServerConfig.Builder b = ServerConfig.builder().port(21).passivePorts(new PortRange(40000, 40100))
                .passiveAddress("ftp.example.org").anonymous(true).banner("Hello: yes")
                .localNetworks(List.of(Cidr.parse("192.168.0.0/16"))).idleTimeout(Duration.ofSeconds(90))
                .banAllow(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1/128"))).loginCacheTtl(Duration.ZERO)
                .banTimeMax(Duration.ofHours(48));
        ServerConfig original = b.build();
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, ConfigKeys.toYaml(original));
        ServerConfig.Builder reread = ServerConfig.builder();
        ConfigFile.apply(file, reread);
        assertEquals(original, reread.build());
    }

    @Test
    void loginDefenceKeysParseAndAreChecked() throws ConfigException {
        ServerConfig defaults = ServerConfig.builder().build();
        assertEquals(10, defaults.banAfter());
        assertEquals(List.of(), defaults.banAllow(), "no address is exempt unless named");
        assertEquals(20, defaults.maxCommandsBeforeLogin());
        assertEquals(Duration.ofMinutes(5), defaults.loginCacheTtl());
        assertEquals(List.of(Cidr.parse("127.0.0.2/32"), Cidr.parse("fd00::/8")),
                apply("ban-allow", "127.0.0.2, fd00::/8").build().banAllow());
        assertEquals(Duration.ZERO, apply("login-cache-ttl", "0").build().loginCacheTtl());
        assertEquals(0, apply("ban-after", "0").build().banAfter());
        assertEquals("ban-time-max: must be at least ban-time (15m), got 10m",
                assertThrows(ConfigException.class, () -> apply("ban-time-max", "10m").build()).getMessage());
        for (String[] bad : new String[][] {{"ban-after", "-1"}, {"ban-window", "0"}, {"ban-time", "0"},
                {"max-commands-before-login", "0"}}) {
            assertEquals(bad[0], assertThrows(ConfigException.class, () -> apply(bad[0], bad[1]).build()).key());
        }
    }

    @Test
    void configFileRejectsUnknownKeysAndBadYaml() throws IOException {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, "port: 21\npasive-ports: 1-2\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.apply(file, ServerConfig.builder()));
        assertEquals("pasive-ports", e.key());
        Files.writeString(file, "port: [1, 2\n");
        assertEquals("config", assertThrows(ConfigException.class, () -> ConfigFile.apply(file, ServerConfig.builder())).key());
        assertEquals("config", assertThrows(ConfigException.class,
                () -> ConfigFile.apply(dir.resolve("missing.yml"), ServerConfig.builder())).key());
    }

    @Test
    void cidrContainment() throws Exception {
        Cidr net = Cidr.parse("10.77.0.0/16");
        assertTrue(net.contains(InetAddress.getByName("10.77.2.10")));
        assertFalse(net.contains(InetAddress.getByName("10.78.0.1")));
        assertFalse(net.contains(InetAddress.getByName("::1")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("198.18.0.3")));
        assertTrue(Cidr.parse("fe80::/10").contains(InetAddress.getByName("fe80::1")));
        assertEquals("10.77.0.0/16", Cidr.parse("10.77.9.9/16").toString());
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com/8"));
    }
}
