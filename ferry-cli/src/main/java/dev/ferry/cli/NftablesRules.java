package dev.ferry.cli;

import static dev.ferry.cli.FirewallFormat.ports;

import dev.ferry.cli.FirewallPlan.Opening;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan as one nftables table, {@code inet ferry} (IPv4 and IPv6), loadable with {@code nft -f}. An accept
 * in one table does not spare a packet from another table's drop, so the table is a whole input firewall
 * (policy drop) rather than a list of accepts to merge; the comments say how to merge them instead.
 */
final class NftablesRules {

    static final String TABLE = "ferry";
    private static final String HELPER = "ftp-control";

    private NftablesRules() {
    }

    static List<String> write(FirewallPlan plan) {
        List<String> out = new ArrayList<>("""
                #
                # Load as root with: nft -f FILE. The table drops every other incoming connection, so it is this
                # host's whole input firewall (keep the ssh rule, or change its port, not to lock yourself out).
                # A host that has an nftables firewall already: copy the rules that mention ferry into its input
                # chain instead, as a packet that one table accepts is still dropped by another table's drop.
                # 'table' then 'delete table' make loading the file again replace the table, not add to it.
                """.lines().toList());
        out.add("table inet " + TABLE);
        out.add("delete table inet " + TABLE);
        out.add("table inet " + TABLE + " {");
        if (plan.conntrackHelper()) {
            out.add("\tct helper " + HELPER + " {");
            out.add("\t\ttype \"ftp\" protocol tcp; l3proto inet;");
            out.add("\t}");
            out.add("");
            out.add("\tchain conntrack_helpers {");
            out.add("\t\ttype filter hook prerouting priority filter; policy accept;");
            out.add("\t\ttcp dport " + ports(plan.control().ports(), "-") + " ct helper set \"" + HELPER + "\""
                    + " comment \"ferry: the FTP helper reads these control connections\"");
            out.add("\t}");
            out.add("");
        }
        out.add("\tchain input {");
        out.add("\t\ttype filter hook input priority filter; policy drop;");
        out.add("\t\tct state established,related accept comment \""
                + (plan.conntrackHelper() ? "replies, and the data connections the FTP helper expects" : "replies") + "\"");
        out.add("\t\tct state invalid drop");
        out.add("\t\tiif \"lo\" accept");
        out.add("\t\tmeta l4proto { icmp, ipv6-icmp } accept comment \"ping, path MTU discovery, IPv6 neighbour discovery\"");
        out.add("\t\ttcp dport 22 accept comment \"ssh (not Ferry's): keep it, or this table locks you out\"");
        for (Opening opening : plan.inbound()) {
            out.add("\t\ttcp dport " + ports(opening.ports(), "-") + " counter accept comment \"ferry " + opening.name() + "\"");
        }
        out.add("\t}");
        plan.active().ifPresent(active -> {
            out.add("");
            out.add("\t# Only counts until this chain's policy is drop: then it is what lets active mode out.");
            out.add("\tchain output {");
            out.add("\t\ttype filter hook output priority filter; policy accept;");
            out.add("\t\t" + (active.sourcePort() == 0 ? "" : "tcp sport " + active.sourcePort() + " ")
                    + "tcp dport " + ports(active.clientPorts(), "-") + " counter accept comment \"ferry active data\"");
            out.add("\t}");
        });
        out.add("}");
        return out;
    }
}
