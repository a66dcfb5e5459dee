package dev.ferry.cli;

import dev.ferry.server.config.PortRange;
import java.util.List;
import java.util.Locale;

/** The firewalls {@code ferry firewall} writes rules for; each writes the same {@link FirewallPlan}. */
enum FirewallFormat {
    NFTABLES, IPTABLES, UFW, FIREWALLD;

    /** The rules themselves, after the shared comments of {@link FirewallNotes}. */
    List<String> rules(FirewallPlan plan) {
        return switch (this) {
            case NFTABLES -> NftablesRules.write(plan);
            case IPTABLES -> IptablesRules.write(plan);
            case UFW -> UfwRules.write(plan);
            case FIREWALLD -> FirewalldRules.write(plan);
        };
    }

    /** A port or a range as most firewalls write it: {@code 21}, {@code 50000} + separator + {@code 50999}. */
    static String ports(PortRange range, String separator) {
        return range.min() == range.max() ? Integer.toString(range.min()) : range.min() + separator + range.max();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
