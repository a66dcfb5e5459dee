package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.cli.client.Ferry;
import dev.ferry.server.PeerRequirement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The printed rules as the real tools read them: {@code nft -c -f} checks the nftables table (and the NAT
 * router example) without loading it; the iptables commands run in a network namespace of their own
 * ({@code unshare -rn}), so the host's firewall is never touched. A missing tool skips, or fails with
 * FERRY_REQUIRE_PEERS=1.
 */
class FirewallRulesIT {

    @TempDir
    Path dir;

    static Stream<String> configs() {
        return Stream.of("", "--passive-mode false", "--active-mode false", "--port 21 --data-port 2000",
                "--data-port 0 --active-allow-foreign", "--passive-ports 40000", "--passive-address 203.0.113.7",
                "--conntrack-helper", "--conntrack-helper --port 21 --passive-address 203.0.113.7");
    }

    @ParameterizedTest(name = "nftables {0}")
    @MethodSource("configs")
    void nftAcceptsTheTable(String config) throws Exception {
        String rules = firewall("nftables", config);
        Result check = nftCheck(write("ferry.nft", rules));
        assertEquals(0, check.exit(), () -> check.err() + "\n" + rules);
    }

    @ParameterizedTest(name = "iptables {0}")
    @MethodSource("configs")
    void iptablesRunsTheCommands(String config) throws Exception {
        if (!onPath("iptables") || !onPath("ip6tables")) {
            PeerRequirement.missing("iptables is not installed (apt-get install iptables)");
        }
        String rules = firewall("iptables", config);
        // -e: the first command iptables refuses fails the run; unshare -rn: a fresh namespace, this host untouched
        Result run = inNewNetns(List.of("sh", "-e", write("ferry.sh", rules).toString()));
        assertEquals(0, run.exit(), () -> run.err() + "\n" + rules);
    }

    @Test
    void nftAcceptsTheRouterExample() throws Exception {
        String rules = firewall("nftables", "--passive-address 203.0.113.7 --port 21");
        List<String> example = new ArrayList<>();
        boolean in = false;
        for (String line : rules.lines().toList()) {
            in |= line.equals("#   table ip ferry_nat {");
            if (in) {
                example.add(line.substring("#   ".length()).replace("SERVER_LAN_IP", "10.77.2.10"));
                in = !line.equals("#   }");
            }
        }
        assertTrue(example.size() > 5, rules);
        Result check = nftCheck(write("router.nft", String.join("\n", example) + "\n"));
        assertEquals(0, check.exit(), () -> check.err() + "\n" + example);
    }

    @Test
    void theCheckRejectsABrokenTable() throws Exception {
        String broken = firewall("nftables", "").replace("tcp dport 2121 counter", "tcp dport 99999 counter");
        assertNotEquals(0, nftCheck(write("broken.nft", broken)).exit(), "nft -c must catch an impossible port");
    }

    private static String firewall(String format, String config) {
        List<String> args = new ArrayList<>(List.of("firewall", "--format", format));
        if (!config.isEmpty()) {
            args.addAll(List.of(config.split(" ")));
        }
        Ferry.Result result = Ferry.run(args.toArray(String[]::new));
        assertEquals(0, result.exit(), result::toString);
        return result.out();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    record Result(int exit, String err) {
    }

    /** {@code nft -c -f FILE}: parsed and checked by the kernel, never committed. */
    private static Result nftCheck(Path file) throws Exception {
        if (!onPath("nft")) {
            PeerRequirement.missing("nft is not installed (apt-get install nftables)");
        }
        return inNewNetns(List.of("nft", "-c", "-f", file.toString()));
    }

    /** Runs {@code command} as root of a new user and network namespace, or skips where that is not allowed. */
    private static Result inNewNetns(List<String> command) throws Exception {
        if (!onPath("unshare")) {
            PeerRequirement.missing("unshare is not installed (util-linux)");
        }
        List<String> all = new ArrayList<>(List.of("unshare", "-rn"));
        all.addAll(command);
        Result result = run(all);
        if (result.exit() != 0 && result.err().startsWith("unshare:")) {
            PeerRequirement.missing("cannot make a user and network namespace here (" + result.err().strip() + ")");
        }
        return result;
    }

    private static Result run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PATH", String.join(":", path()));
        Process p = builder.start();
        p.getOutputStream().close();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        return new Result(p.exitValue(), new String(err, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String program) {
        return path().stream().anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    /** PATH, and the sbin folders where nft and iptables live though a user's PATH may lack them. */
    private static List<String> path() {
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")), Stream.of("/usr/sbin", "/sbin"))
                .filter(d -> !d.isEmpty()).distinct().toList();
    }
}
