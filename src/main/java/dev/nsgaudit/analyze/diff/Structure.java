package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Topology;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What was added, removed or changed between two versions, by name (case-insensitive, as Azure compares names):
 * NSGs and their rules, subnets, NICs, and which NSG each subnet and NIC is attached to. One sentence per change, in
 * name order. Where a rule was declared is not a change.
 */
final class Structure {

    private Structure() {
    }

    static List<String> changes(Topology base, Topology head) {
        List<String> out = new ArrayList<>();
        byName(base.networkSecurityGroups(), head.networkSecurityGroups(), NetworkSecurityGroup::name,
                (name, b, h) -> {
                    if (b == null) {
                        out.add("NSG " + name + " added");
                    } else if (h == null) {
                        out.add("NSG " + name + " removed");
                    } else {
                        rules(name, b, h, out);
                    }
                });
        byName(base.subnets(), head.subnets(), Topology.SubnetRef::reference, (name, b, h) -> {
            if (b == null) {
                out.add("subnet " + name + " added" + attachedTo(h.subnet().networkSecurityGroup()));
            } else if (h == null) {
                out.add("subnet " + name + " removed");
            } else {
                attachment("subnet " + name, b.subnet().networkSecurityGroup(), h.subnet().networkSecurityGroup(), out);
            }
        });
        byName(base.networkInterfaces(), head.networkInterfaces(), NetworkInterface::name, (name, b, h) -> {
            if (b == null) {
                out.add("NIC " + name + " added" + attachedTo(h.networkSecurityGroup()));
            } else if (h == null) {
                out.add("NIC " + name + " removed");
            } else {
                attachment("NIC " + name, b.networkSecurityGroup(), h.networkSecurityGroup(), out);
                byName(b.ipConfigurations(), h.ipConfigurations(), IpConfiguration::name, (ip, bi, hi) -> {
                    if (bi == null || hi == null) {
                        out.add("NIC " + name + " IP configuration " + ip + (bi == null ? " added" : " removed"));
                    } else if (!withoutSource(bi).equals(withoutSource(hi))) {
                        out.add("NIC " + name + " IP configuration " + ip + " changed (address, subnet or ASGs)");
                    }
                });
            }
        });
        return out;
    }

    /** One sentence per rule of the NSG added, removed or changed ({@code NSG n: rule r added}). */
    static void rules(String nsg, NetworkSecurityGroup b, NetworkSecurityGroup h, List<String> out) {
        byName(b.securityRules(), h.securityRules(), SecurityRule::name, (name, rb, rh) -> {
            if (rb == null) {
                out.add("NSG " + nsg + ": rule " + name + " added");
            } else if (rh == null) {
                out.add("NSG " + nsg + ": rule " + name + " removed");
            } else if (!withoutSource(rb).equals(withoutSource(rh))) {
                out.add("NSG " + nsg + ": rule " + name + " changed");
            }
        });
    }

    /** The rule without where it is written: two rules that differ only there are the same rule. */
    static SecurityRule withoutSource(SecurityRule r) {
        return new SecurityRule(r.name(), r.description(), r.priority(), r.direction(), r.access(), r.protocol(),
                r.sourceAddressPrefix(), r.sourceAddressPrefixes(), r.sourceApplicationSecurityGroups(),
                r.sourcePortRange(), r.sourcePortRanges(), r.destinationAddressPrefix(), r.destinationAddressPrefixes(),
                r.destinationApplicationSecurityGroups(), r.destinationPortRange(), r.destinationPortRanges(),
                r.unresolved(), SourceRef.UNKNOWN);
    }

    private static IpConfiguration withoutSource(IpConfiguration c) {
        return new IpConfiguration(c.name(), Topology.key(c.subnet()), c.privateIPAddress(), c.privateIPAddressVersion(),
                c.applicationSecurityGroups().stream().map(Topology::key).sorted().toList(), c.unresolved(),
                SourceRef.UNKNOWN);
    }

    private static String attachedTo(String nsg) {
        return nsg == null ? " (no NSG)" : " (NSG " + nsg + ")";
    }

    private static void attachment(String what, String before, String after, List<String> out) {
        if (!Topology.key(before).equals(Topology.key(after))) {
            out.add(what + ": NSG " + (before == null ? "none" : before) + " -> " + (after == null ? "none" : after));
        }
    }

    interface Pair<T> {
        void accept(String name, T base, T head);
    }

    /** Calls {@code each} for every name of either list, in name order, with null for a side that lacks it. */
    static <T> void byName(List<T> base, List<T> head, Function<T, String> name, Pair<T> each) {
        TreeMap<String, T[]> all = new TreeMap<>();
        for (T t : base) {
            all.computeIfAbsent(Topology.key(name.apply(t)), k -> newPair())[0] = t;
        }
        for (T t : head) {
            all.computeIfAbsent(Topology.key(name.apply(t)), k -> newPair())[1] = t;
        }
        for (T[] p : all.values()) {
            each.accept(name.apply(p[1] != null ? p[1] : p[0]), p[0], p[1]);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T[] newPair() {
        return (T[]) new Object[2];
    }
}
