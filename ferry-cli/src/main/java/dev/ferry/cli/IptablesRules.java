package dev.ferry.cli;

import static dev.ferry.cli.FirewallFormat.ports;

import dev.ferry.cli.FirewallPlan.Opening;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan as iptables commands, then the same for ip6tables. Each inserts at a fixed position at the top of
 * its chain, so the accepts come before an existing final DROP or REJECT and keep the order printed.
 */
final class IptablesRules {

    private IptablesRules() {
    }

    static List<String> write(FirewallPlan plan) {
        List<String> out = new ArrayList<>("""
                #
                # Run as root (sh FILE). These rules accept; the chain's policy (iptables -P INPUT DROP) or a final
                # rule must drop the rest, as on any host with a firewall. To keep them after a reboot, save them with
                # your distribution's tool (iptables-save > /etc/iptables/rules.v4, netfilter-persistent save, ...).
                """.lines().toList());
        for (String command : List.of("iptables", "ip6tables")) {
            out.add("");
            out.add("# " + (command.equals("iptables") ? "IPv4" : "IPv6"));
            int position = 1;
            if (plan.conntrackHelper()) {
                out.add(command + " -t raw -I PREROUTING 1 -p tcp --dport " + ports(plan.control().ports(), ":")
                        + comment("ferry: the FTP helper reads these control connections") + " -j CT --helper ftp");
            }
            out.add(command + " -I INPUT " + position++ + " -m conntrack --ctstate ESTABLISHED,RELATED"
                    + comment(plan.conntrackHelper() ? "replies, and data connections the FTP helper expects" : "replies")
                    + " -j ACCEPT");
            for (Opening opening : plan.inbound()) {
                out.add(command + " -I INPUT " + position++ + " -p tcp --dport " + ports(opening.ports(), ":")
                        + comment("ferry " + opening.name()) + " -j ACCEPT");
            }
            plan.active().ifPresent(active -> {
                out.add("# lets active mode out where OUTPUT drops by default; elsewhere it only counts");
                out.add(command + " -I OUTPUT 1 -p tcp" + (active.sourcePort() == 0 ? "" : " --sport " + active.sourcePort())
                        + " --dport " + ports(active.clientPorts(), ":") + comment("ferry active data") + " -j ACCEPT");
            });
        }
        return out;
    }

    private static String comment(String text) {
        return " -m comment --comment \"" + text + "\"";
    }
}
