package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.cli.client.Ferry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ferry firewall} in this JVM: each format's rules for a few configs, the header, warnings, errors. */
class FirewallCommandTest {

    @TempDir
    Path dir;

    /** A config (as flags), a format, lines the output must have (compared stripped), and text it must not have. */
    record Case(String config, String format, List<String> lines, List<String> absent) {
        List<String> args() {
            List<String> args = new ArrayList<>(List.of("firewall", "--format", format));
            if (!config.isEmpty()) {
                args.addAll(List.of(config.split(" ")));
            }
            return args;
        }

        @Override
        public String toString() {
            return format + " " + (config.isEmpty() ? "(defaults)" : config);
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // the defaults: control 2121, passive 50000-50999, active from 2120
                new Case("", "nftables", List.of(
                        "tcp dport 2121 counter accept comment \"ferry control\"",
                        "tcp dport 50000-50999 counter accept comment \"ferry passive data\"",
                        "tcp sport 2120 tcp dport 1024-65535 counter accept comment \"ferry active data\"",
                        "table inet ferry {", "type filter hook input priority filter; policy drop;",
                        "ct state established,related accept comment \"replies\""),
                        List.of("dnat", "ct helper")),
                new Case("", "iptables", List.of(
                        "iptables -I INPUT 1 -m conntrack --ctstate ESTABLISHED,RELATED -m comment --comment \"replies\" -j ACCEPT",
                        "iptables -I INPUT 2 -p tcp --dport 2121 -m comment --comment \"ferry control\" -j ACCEPT",
                        "iptables -I INPUT 3 -p tcp --dport 50000:50999 -m comment --comment \"ferry passive data\" -j ACCEPT",
                        "iptables -I OUTPUT 1 -p tcp --sport 2120 --dport 1024:65535 -m comment --comment \"ferry active data\" -j ACCEPT",
                        "ip6tables -I INPUT 2 -p tcp --dport 2121 -m comment --comment \"ferry control\" -j ACCEPT",
                        "ip6tables -I INPUT 3 -p tcp --dport 50000:50999 -m comment --comment \"ferry passive data\" -j ACCEPT"),
                        List.of("dnat", "CT --helper")),
                new Case("", "ufw", List.of(
                        "ufw allow 2121/tcp comment 'ferry control'",
                        "ufw allow 50000:50999/tcp comment 'ferry passive data'",
                        "ufw allow out proto tcp from any port 2120 to any port 1024:65535 comment 'ferry active data'"),
                        List.of("before.init")),
                new Case("", "firewalld", List.of(
                        "firewall-cmd --permanent --add-port=2121/tcp",
                        "firewall-cmd --permanent --add-port=50000-50999/tcp",
                        "#   firewall-cmd --permanent --policy=POLICY --add-rich-rule='rule source-port port=\"2120\" protocol=\"tcp\" accept'",
                        "firewall-cmd --reload"),
                        List.of("--add-service", "helper=")),
                // an implicit FTPS listener is a second control port
                new Case("--implicit-port 990", "nftables", List.of(
                        "tcp dport 2121 counter accept comment \"ferry control\"",
                        "tcp dport 990 counter accept comment \"ferry implicit FTPS\""), List.of()),
                new Case("--implicit-port 990", "ufw", List.of("ufw allow 990/tcp comment 'ferry implicit FTPS'"), List.of()),
                // passive mode off: no passive range anywhere
                new Case("--passive-mode false", "nftables", List.of("#   (passive mode is off: no passive data ports)",
                        "tcp dport 2121 counter accept comment \"ferry control\""), List.of("50000", "passive data\"")),
                new Case("--passive-mode false", "iptables", List.of(
                        "iptables -I INPUT 2 -p tcp --dport 2121 -m comment --comment \"ferry control\" -j ACCEPT"),
                        List.of("50000", "INPUT 3")),
                new Case("--passive-mode false", "ufw", List.of("ufw allow 2121/tcp comment 'ferry control'"), List.of("50000")),
                new Case("--passive-mode false", "firewalld", List.of("firewall-cmd --permanent --add-port=2121/tcp"),
                        List.of("50000")),
                // active mode off: nothing goes out
                new Case("--active-mode false", "nftables", List.of("#   (active mode is off: the server opens no data connections)",
                        "tcp dport 50000-50999 counter accept comment \"ferry passive data\""),
                        List.of("chain output", "2120")),
                new Case("--active-mode false", "iptables", List.of(
                        "iptables -I INPUT 3 -p tcp --dport 50000:50999 -m comment --comment \"ferry passive data\" -j ACCEPT"),
                        List.of("OUTPUT", "2120")),
                new Case("--active-mode false", "ufw", List.of("ufw allow 50000:50999/tcp comment 'ferry passive data'"),
                        List.of("allow out", "2120")),
                new Case("--active-mode false", "firewalld", List.of("firewall-cmd --permanent --add-port=50000-50999/tcp"),
                        List.of("rich-rule", "2120")),
                // a data port of its own; port 0 means any source port; active-allow-foreign lets ports below 1024 in
                new Case("--port 21 --data-port 2000", "nftables", List.of("tcp dport 21 counter accept comment \"ferry control\"",
                        "tcp sport 2000 tcp dport 1024-65535 counter accept comment \"ferry active data\"",
                        "#   out  tcp 2000 -> 1024-65535   active data connections (PORT/EPRT): the server connects to the port the client names"),
                        List.of("sport 20 ")),
                new Case("--port 21 --data-port 2000", "iptables", List.of(
                        "iptables -I OUTPUT 1 -p tcp --sport 2000 --dport 1024:65535 -m comment --comment \"ferry active data\" -j ACCEPT"),
                        List.of()),
                new Case("--port 21 --data-port 2000", "ufw", List.of(
                        "ufw allow out proto tcp from any port 2000 to any port 1024:65535 comment 'ferry active data'"), List.of()),
                new Case("--port 21 --data-port 2000", "firewalld", List.of(
                        "#   firewall-cmd --permanent --policy=POLICY --add-rich-rule='rule source-port port=\"2000\" protocol=\"tcp\" accept'"),
                        List.of()),
                new Case("--data-port 0", "nftables", List.of("tcp dport 1024-65535 counter accept comment \"ferry active data\""),
                        List.of("sport")),
                new Case("--data-port 0 --active-allow-foreign", "iptables", List.of(
                        "iptables -I OUTPUT 1 -p tcp --dport 1:65535 -m comment --comment \"ferry active data\" -j ACCEPT"),
                        List.of("--sport")),
                new Case("--data-port 0", "firewalld", List.of(
                        "#   firewall-cmd --permanent --policy=POLICY --add-rich-rule='rule port port=\"1024-65535\" protocol=\"tcp\" accept'"),
                        List.of("source-port")),
                // behind NAT: the router's forwards, to a placeholder or to the bind address
                new Case("--passive-address 203.0.113.7", "nftables", List.of(
                        "#           ip daddr 203.0.113.7 tcp dport { 2121, 50000-50999 } dnat to SERVER_LAN_IP",
                        "#   2121, 50000-50999",
                        "tcp dport 50000-50999 counter accept comment \"ferry passive data\""),
                        List.of()),
                new Case("--passive-address 203.0.113.7 --bind 10.0.0.5 --passive-ports 40000-40099", "iptables", List.of(
                        "#           ip daddr 203.0.113.7 tcp dport { 2121, 40000-40099 } dnat to 10.0.0.5"),
                        List.of("SERVER_LAN_IP")),
                new Case("--passive-address ftp.example.org", "ufw", List.of(
                        "#           iifname \"WAN_IF\" tcp dport { 2121, 50000-50999 } dnat to SERVER_LAN_IP"),
                        List.of("ip daddr")),
                new Case("--passive-address 203.0.113.7 --port 21", "firewalld", List.of(
                        "#           ip daddr 203.0.113.7 tcp dport { 21, 50000-50999 } dnat to SERVER_LAN_IP"),
                        List.of()),
                // the conntrack helper instead of the passive range
                new Case("--port 21 --conntrack-helper", "nftables", List.of(
                        "type \"ftp\" protocol tcp; l3proto inet;",
                        "tcp dport 21 ct helper set \"ftp-control\" comment \"ferry: the FTP helper reads these control connections\"",
                        "tcp dport 21 counter accept comment \"ferry control\""),
                        List.of("50000-50999 counter", "# Alternative")),
                new Case("--conntrack-helper", "iptables", List.of(
                        "iptables -t raw -I PREROUTING 1 -p tcp --dport 2121 -m comment --comment \"ferry: the FTP helper reads these control connections\" -j CT --helper ftp",
                        "ip6tables -t raw -I PREROUTING 1 -p tcp --dport 2121 -m comment --comment \"ferry: the FTP helper reads these control connections\" -j CT --helper ftp"),
                        List.of("50000:50999")),
                new Case("--conntrack-helper", "ufw", List.of(
                        "#           start) $ipt -t raw -A PREROUTING -p tcp --dport 2121 -j CT --helper ftp ;;",
                        "ufw allow 2121/tcp comment 'ferry control'"),
                        List.of("50000:50999/tcp")),
                new Case("--conntrack-helper --port 21", "firewalld", List.of("firewall-cmd --permanent --add-service=ftp"),
                        List.of("--add-port")),
                new Case("--conntrack-helper", "firewalld", List.of(
                        "firewall-cmd --permanent --service=ferry-ftp --add-port=2121/tcp",
                        "firewall-cmd --permanent --service=ferry-ftp --add-helper=ftp",
                        "firewall-cmd --permanent --helper=ftp --add-port=2121/tcp",
                        "firewall-cmd --permanent --add-service=ferry-ftp"),
                        List.of("--add-port=50000", "--permanent --add-port=2121")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsEachFormatsRules(Case c) {
        Ferry.Result result = Ferry.run(c.args().toArray(String[]::new));
        assertEquals(0, result.exit(), result::toString);
        List<String> lines = result.out().lines().map(String::strip).toList();
        for (String expected : c.lines()) {
            assertTrue(lines.contains(expected.strip()), () -> "no line '" + expected + "' in:\n" + result.out());
        }
        for (String unwanted : c.absent()) {
            assertFalse(result.out().contains(unwanted), () -> "'" + unwanted + "' in:\n" + result.out());
        }
        assertTrue(lines.getFirst().startsWith("# Firewall rules for the Ferry FTP server, printed by 'ferry firewall --format "
                + c.format()), result::out);
        assertEquals("", result.err(), "no warning for a sound config");
    }

    @Test
    void headerNamesTheConfigAndWhatEachRuleIsFor() throws Exception {
        Path config = Files.writeString(dir.resolve("ferry.yml"), "port: 21\npassive-ports: 40000-40099\n");
        Ferry.Result result = Ferry.run("firewall", "--config", config.toString(), "--port", "2100");
        List<String> lines = result.out().lines().toList();
        assertEquals("# from the config file " + config + " and the flags --port 2100, defaults for the rest.", lines.get(1));
        assertTrue(lines.contains("#   in   tcp 2100                 control connections: commands and replies"), result::out);
        assertTrue(lines.contains("#   in   tcp 40000-40099          passive data connections (PASV/EPSV): "
                + "clients connect to the port the server names"), result::out);
        assertTrue(lines.contains("#   out  tcp 2099 -> 1024-65535   active data connections (PORT/EPRT): "
                + "the server connects to the port the client names"), result::out);
        int firstRule = lines.indexOf("table inet ferry");
        assertTrue(lines.subList(0, firstRule).stream().allMatch(l -> l.startsWith("#")), "comments come first");

        assertEquals("# from the defaults (no --config, no flags).", Ferry.run("firewall").out().lines().toList().get(1));
    }

    @Test
    void readsTheConfigServeWouldRun() throws Exception {
        Path config = Files.writeString(dir.resolve("ferry.yml"), "port: 21\npassive-ports: 40000-40099\nactive-mode: false\n");
        String[] flags = {"--config", config.toString(), "--passive-ports", "41000-41009"};
        String served = Ferry.run(Stream.concat(Stream.of("serve", "--print-config"), Stream.of(flags)).toArray(String[]::new)).out();
        assertTrue(served.contains("port: 21\n") && served.contains("passive-ports: 41000-41009\n")
                && served.contains("active-mode: false\n"), served);
        String rules = Ferry.run(Stream.concat(Stream.of("firewall"), Stream.of(flags)).toArray(String[]::new)).out();
        assertTrue(rules.contains("tcp dport 21 counter accept") && rules.contains("tcp dport 41000-41009 counter accept")
                && !rules.contains("chain output"), rules);
    }

    @Test
    void warnsOfARangeThatOpensNearlyEverything() {
        Ferry.Result result = Ferry.run("firewall", "--passive-ports", "1000-65535");
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.out().contains("tcp dport 1000-65535 counter accept"), result::out);
        List<String> warnings = result.err().lines().toList();
        assertEquals(3, warnings.size(), result::err);
        assertTrue(warnings.get(0).startsWith("ferry firewall: warning: passive-ports 1000-65535 opens 64536 ports"), result::err);
        assertTrue(warnings.get(1).contains("includes ports below 1024"), result::err);
        assertTrue(warnings.get(2).endsWith("includes the control port 2121"), result::err);
    }

    @Test
    void warnsOfALoopbackBindAndOfAPassiveAddressWithoutPassiveMode() {
        Ferry.Result result = Ferry.run("firewall", "--bind", "127.0.0.1", "--passive-mode", "false",
                "--passive-address", "203.0.113.7");
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.err().contains("passive-address is set but passive mode is off"), result::err);
        assertTrue(result.err().contains("the server binds 127.0.0.1, reachable from this host only"), result::err);
        assertTrue(result.out().contains("#           ip daddr 203.0.113.7 tcp dport { 2121 } dnat to 127.0.0.1"), result::out);
    }

    @Test
    void refusesAnInvalidConfigOrARandomControlPort() {
        Ferry.Result inverted = Ferry.run("firewall", "--passive-ports", "60000-50000");
        assertEquals(2, inverted.exit());
        assertTrue(inverted.err().startsWith("ferry firewall: invalid config: passive-ports: range is inverted"), inverted::err);
        assertEquals("", inverted.out());

        Ferry.Result random = Ferry.run("firewall", "--port", "0");
        assertEquals(2, random.exit());
        assertTrue(random.err().contains("port: 0 picks a free port at each start"), random::err);
    }

    @Test
    void helpListsTheFormatsAndServesFlags() {
        String help = Ferry.run("firewall", "--help").out();
        for (String expected : List.of("--format=FORMAT", "nftables (default", "iptables", "ufw", "firewalld",
                "--conntrack-helper", "--config=FILE", "--passive-ports=MIN-MAX", "--data-port=N", "--passive-address=HOST")) {
            assertTrue(help.contains(expected), () -> expected + " missing from:\n" + help);
        }
        assertTrue(Ferry.run("--help").out().contains("firewall"));
    }
}
