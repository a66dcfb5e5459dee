package dev.ferry.cli;

import static dev.ferry.cli.FirewallFormat.ports;

import dev.ferry.cli.FirewallPlan.Opening;
import java.util.ArrayList;
import java.util.List;

/** The plan as firewall-cmd commands: permanent, then one reload; firewalld covers IPv4 and IPv6 at once. */
final class FirewalldRules {

    private static final String CMD = "firewall-cmd --permanent ";
    private static final String SERVICE = "ferry-ftp";

    private FirewalldRules() {
    }

    static List<String> write(FirewallPlan plan) {
        List<String> out = new ArrayList<>("""
                #
                # Run as root (sh FILE). --permanent changes the saved config; the reload at the end applies it.
                # The default zone gets the rules; add --zone=ZONE to each command for another one.
                """.lines().toList());
        for (Opening opening : plan.inbound()) {
            if (plan.conntrackHelper() && opening == plan.control()) {
                out.addAll(helperService(plan.control()));
            } else {
                out.add(CMD + "--add-port=" + ports(opening.ports(), "-") + "/tcp");
            }
        }
        plan.active().ifPresent(active -> {
            out.add("# firewalld lets outgoing connections out, unless a policy with ingress zone HOST drops them;");
            out.add("# with such a policy, active mode needs:");
            out.add("#   " + CMD + "--policy=POLICY --add-rich-rule='rule"
                    + (active.sourcePort() == 0 ? " port port=\"" + ports(active.clientPorts(), "-") + "\" protocol=\"tcp\""
                            : " source-port port=\"" + active.sourcePort() + "\" protocol=\"tcp\"")
                    + " accept'");
        });
        out.add("firewall-cmd --reload");
        return out;
    }

    /**
     * The control port as a service that carries the FTP helper. firewalld attaches a helper on the helper's
     * own ports, so a control port other than 21 is added to the helper too.
     */
    private static List<String> helperService(Opening control) {
        String port = ports(control.ports(), "-");
        if (port.equals("21")) {
            return List.of("# the service ftp: port 21 with the FTP conntrack helper", CMD + "--add-service=ftp");
        }
        return List.of("# a service for port " + port + " with the FTP conntrack helper, which watches port " + port + " too",
                CMD + "--new-service=" + SERVICE,
                CMD + "--service=" + SERVICE + " --add-port=" + port + "/tcp",
                CMD + "--service=" + SERVICE + " --add-helper=ftp",
                CMD + "--helper=ftp --add-port=" + port + "/tcp",
                CMD + "--add-service=" + SERVICE);
    }
}
