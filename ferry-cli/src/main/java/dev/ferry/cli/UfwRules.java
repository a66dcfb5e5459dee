package dev.ferry.cli;

import static dev.ferry.cli.FirewallFormat.ports;

import dev.ferry.cli.FirewallPlan.Opening;
import java.util.ArrayList;
import java.util.List;

/** The plan as ufw commands, which cover IPv4 and IPv6 at once. */
final class UfwRules {

    private UfwRules() {
    }

    static List<String> write(FirewallPlan plan) {
        String control = ports(plan.control().ports(), ":");
        List<String> out = new ArrayList<>("""
                #
                # Run as root (sh FILE); ufw applies each rule at once, to IPv4 and IPv6. If ufw is not active yet,
                # 'ufw allow ssh' before 'ufw enable', or enabling it locks you out.
                """.lines().toList());
        if (plan.conntrackHelper()) {
            out.addAll("""
                    # ufw has no command for a conntrack helper: attach it from /etc/ufw/before.init (mode 755),
                    # which ufw runs with 'start' or 'stop' as it starts or stops; ufw's own rules already accept
                    # the related connections the helper expects.
                    #   #!/bin/sh
                    #   for ipt in iptables ip6tables; do
                    #       case "$1" in
                    #           start) $ipt -t raw -A PREROUTING -p tcp --dport %1$s -j CT --helper ftp ;;
                    #           stop) $ipt -t raw -D PREROUTING -p tcp --dport %1$s -j CT --helper ftp ;;
                    #       esac
                    #   done
                    #   exit 0
                    """.formatted(control).lines().toList());
        }
        for (Opening opening : plan.inbound()) {
            out.add("ufw allow " + ports(opening.ports(), ":") + "/tcp comment 'ferry " + opening.name() + "'");
        }
        plan.active().ifPresent(active -> {
            out.add("# lets active mode out after 'ufw default deny outgoing'; by default ufw lets everything out");
            out.add("ufw allow out proto tcp from any" + (active.sourcePort() == 0 ? "" : " port " + active.sourcePort())
                    + " to any port " + ports(active.clientPorts(), ":") + " comment 'ferry active data'");
        });
        return out;
    }
}
