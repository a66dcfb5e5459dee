package dev.ferry.cli;

import static dev.ferry.cli.FirewallFormat.ports;

import dev.ferry.cli.FirewallPlan.ActiveData;
import dev.ferry.cli.FirewallPlan.Opening;
import dev.ferry.cli.FirewallPlan.PortForward;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The comments every format shares: where the rules come from and what each is for, the NAT router's port
 * forwards, and the conntrack-helper alternative with its caveats. All lines start with {@code #}, a comment
 * in nft files, shell scripts and ufw or firewalld command lists alike.
 */
final class FirewallNotes {

    private FirewallNotes() {
    }

    /** The opening comment: the command, the config it read, and one line per connection the rules let through. */
    static List<String> header(FirewallPlan plan, FirewallFormat format) {
        List<String> out = new ArrayList<>();
        out.add("# Firewall rules for the Ferry FTP server, printed by 'ferry firewall --format " + format
                + (plan.conntrackHelper() ? " --conntrack-helper" : "") + "'");
        out.add("# from " + plan.source() + ".");
        out.add("# What the server needs, and what for:");
        for (Opening listener : plan.listeners()) {
            out.add(need("in", ports(listener.ports(), "-"), listener.purpose()));
        }
        plan.passive().ifPresentOrElse(passive -> out.add(need("in", ports(passive.ports(), "-"), plan.conntrackHelper()
                        ? "passive data connections (PASV/EPSV): let in one at a time by the FTP conntrack helper"
                        : passive.purpose())),
                () -> out.add("#   (passive mode is off: no passive data ports)"));
        plan.active().ifPresentOrElse(active -> out.add(need("out", activeFlow(active),
                        "active data connections (PORT/EPRT): the server connects to the port the client names")),
                () -> out.add("#   (active mode is off: the server opens no data connections)"));
        if (plan.conntrackHelper()) {
            out.add("#");
            out.addAll(helperCaveats(plan));
        }
        return out;
    }

    /**
     * The router's port forwards, for a server behind NAT: what to forward where, and an nftables example
     * (commented out: it belongs on the router, not on this host).
     */
    static List<String> forwards(PortForward forward) {
        String ports = forward.ports().stream().map(o -> ports(o.ports(), "-")).collect(Collectors.joining(", "));
        boolean placeholder = forward.lanAddress().equals(FirewallPlan.LAN_ADDRESS_PLACEHOLDER);
        boolean literal = forward.publicAddress().matches("\\d{1,3}(\\.\\d{1,3}){3}");
        List<String> out = new ArrayList<>();
        out.add("#");
        out.add("# Behind NAT: clients outside the local networks are told to connect to passive-address "
                + forward.publicAddress() + ",");
        out.add("# so the router that owns it must forward these TCP ports, unchanged, to this server at "
                + forward.lanAddress() + (placeholder ? "" : " (its bind address)") + ":");
        if (placeholder) {
            out.add("# (" + FirewallPlan.LAN_ADDRESS_PLACEHOLDER + ": the server's LAN address, which the config does not name)");
        }
        out.add("#   " + ports);
        out.add("# For example with nftables on a Linux router"
                + (literal ? ":" : " (WAN_IF: the router's interface to the internet):"));
        out.addAll("""
                #   table ip ferry_nat {
                #       chain prerouting {
                #           type nat hook prerouting priority dstnat; policy accept;
                #           %s tcp dport { %s } dnat to %s
                #       }
                #       chain forward {
                #           type filter hook forward priority filter; policy accept;
                #           ct status dnat accept comment "what prerouting forwarded, once this policy is drop"
                #       }
                #   }
                """.formatted(literal ? "ip daddr " + forward.publicAddress() : "iifname \"WAN_IF\"", ports,
                forward.lanAddress()).lines().toList());
        return out;
    }

    /** Without --conntrack-helper: the alternative, and why the rules above do not use it. */
    static List<String> helperAlternative(FirewallPlan plan) {
        List<String> out = new ArrayList<>("""
                #
                # Alternative (--conntrack-helper): open the control port only, and let the kernel's FTP conntrack
                # helper (nf_conntrack_ftp) read each control connection and let in exactly the data connection that
                # a 227/229 reply or a PORT/EPRT command announces.
                """.lines().toList());
        out.addAll(helperCaveats(plan));
        return out;
    }

    private static List<String> helperCaveats(FirewallPlan plan) {
        String control = ports(plan.control().ports(), "-");
        List<String> out = new ArrayList<>("""
                # Caveats of the FTP conntrack helper:
                #   - it must read the control connection: once that is encrypted (FTPS: AUTH TLS or implicit TLS)
                #     it sees no reply and no command, and no data connection gets in;
                """.lines().toList());
        if (plan.forward().isPresent()) {
            out.addAll("""
                    #   - behind NAT it ignores a 227 reply that names passive-address instead of this host's own
                    #     address (unless nf_conntrack_ftp loose=1): PASV fails, EPSV (no address in the reply) works;
                    """.lines().toList());
        }
        out.addAll((control.equals("21") ? """
                #   - it watches port 21 only, unless configured for another port; 21 is the control port here, but
                #     Linux attaches it only by a rule naming the port, as --conntrack-helper prints (automatic
                #     attachment, nf_conntrack_ftp ports=..., has been off by default since 4.7 and was removed in 6.0).
                """ : """
                #   - it watches port 21 only, unless configured for another port: by a rule naming the port, as
                #     --conntrack-helper prints (%1$s here), or by nf_conntrack_ftp ports=%1$s where helpers are
                #     attached automatically (off by default since Linux 4.7, removed in 6.0).
                """.formatted(control)).lines().toList());
        return out;
    }

    private static String need(String direction, String ports, String purpose) {
        return String.format("#   %-4s tcp %-20s %s", direction, ports, purpose);
    }

    private static String activeFlow(ActiveData active) {
        return (active.sourcePort() == 0 ? "any" : Integer.toString(active.sourcePort())) + " -> "
                + ports(active.clientPorts(), "-");
    }
}
