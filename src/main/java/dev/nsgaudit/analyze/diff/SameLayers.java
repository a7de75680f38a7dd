package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.semantics.AdminRules;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether one NIC IP configuration sees exactly the same things in both versions, so that no packet can change there
 * and its sets need not be built: the same networks and hosts everywhere (which decide VirtualNetwork, Internet and
 * who holds a remote address, D8), the same configuration, and the same NSGs with the same rules on its subnet and
 * NIC. Where things are declared does not count.
 */
final class SameLayers {

    private final Topology base;
    private final Topology head;
    private final boolean sameHosts;
    private final AdminRules baseAdmin;
    private final AdminRules headAdmin;

    SameLayers(Topology base, Topology head, AdminRules baseAdmin, AdminRules headAdmin) {
        this.base = base;
        this.head = head;
        this.baseAdmin = baseAdmin;
        this.headAdmin = headAdmin;
        this.sameHosts = networks(base).equals(networks(head)) && hosts(base).equals(hosts(head));
    }

    boolean unchanged(NetworkInterface b, IpConfiguration bIp, NetworkInterface h, IpConfiguration hIp) {
        if (!sameSurroundings(b, bIp, h, hIp)) {
            return false;
        }
        Optional<Topology.SubnetRef> bs = base.subnet(bIp.subnet());
        Optional<Topology.SubnetRef> hs = head.subnet(hIp.subnet());
        // The security admin rules in front of the NSGs count too: a change of them alone changes packets here.
        return AdminChanges.same(baseAdmin.layer(bs.get()), headAdmin.layer(hs.get()))
                && sameNsg(bs.get().subnet().networkSecurityGroup(), bs.get().subnet().isUnresolved("networkSecurityGroup"),
                hs.get().subnet().networkSecurityGroup(), hs.get().subnet().isUnresolved("networkSecurityGroup"))
                && sameNsg(b.networkSecurityGroup(), b.isUnresolved("networkSecurityGroup"), h.networkSecurityGroup(),
                h.isUnresolved("networkSecurityGroup"));
    }

    /**
     * Whether the configuration sees the same things in both versions but for the rules of its NSGs: the same
     * networks and hosts, the same configuration, its subnet known in both, and the same NSG names (each known, or
     * missing, in both) on its subnet and its NIC. Then its packets are the same in both versions and only the rule
     * lists can decide them differently ({@link ChangeFocus}).
     */
    boolean sameSurroundings(NetworkInterface b, IpConfiguration bIp, NetworkInterface h, IpConfiguration hIp) {
        if (!sameHosts || !Objects.equals(ip(bIp), ip(hIp))) {
            return false;
        }
        Optional<Topology.SubnetRef> bs = base.subnet(bIp.subnet());
        Optional<Topology.SubnetRef> hs = head.subnet(hIp.subnet());
        if (bs.isEmpty() || hs.isEmpty()) {
            return false;
        }
        return sameName(bs.get().subnet().networkSecurityGroup(), bs.get().subnet().isUnresolved("networkSecurityGroup"),
                hs.get().subnet().networkSecurityGroup(), hs.get().subnet().isUnresolved("networkSecurityGroup"))
                && sameName(b.networkSecurityGroup(), b.isUnresolved("networkSecurityGroup"), h.networkSecurityGroup(),
                h.isUnresolved("networkSecurityGroup"));
    }

    /** The same NSG name attached, resolved, and defined in both versions or in neither. */
    private boolean sameName(String bName, boolean bUnresolved, String hName, boolean hUnresolved) {
        if (bUnresolved || hUnresolved) {
            return false;
        }
        if (bName == null || hName == null) {
            return bName == null && hName == null;
        }
        return Topology.key(bName).equals(Topology.key(hName))
                && base.networkSecurityGroup(bName).isPresent() == head.networkSecurityGroup(hName).isPresent();
    }

    private boolean sameNsg(String bName, boolean bUnresolved, String hName, boolean hUnresolved) {
        if (bUnresolved || hUnresolved) {
            return false;
        }
        if (bName == null || hName == null) {
            return bName == null && hName == null;
        }
        Optional<NetworkSecurityGroup> bn = base.networkSecurityGroup(bName);
        Optional<NetworkSecurityGroup> hn = head.networkSecurityGroup(hName);
        if (bn.isEmpty() || hn.isEmpty()) {
            return false;
        }
        return bn.get().unresolved().isEmpty() && hn.get().unresolved().isEmpty()
                && rules(bn.get()).equals(rules(hn.get()));
    }

    private static List<List<Object>> rules(NetworkSecurityGroup n) {
        return n.securityRules().stream().map(r -> List.<Object>of(
                Objects.toString(r.name(), ""), Objects.toString(r.priority(), ""), Objects.toString(r.direction(), ""),
                Objects.toString(r.access(), ""), Objects.toString(r.protocol(), ""),
                Objects.toString(r.sourceAddressPrefix(), ""), r.sourceAddressPrefixes(),
                r.sourceApplicationSecurityGroups(), Objects.toString(r.sourcePortRange(), ""), r.sourcePortRanges(),
                Objects.toString(r.destinationAddressPrefix(), ""), r.destinationAddressPrefixes(),
                r.destinationApplicationSecurityGroups(), Objects.toString(r.destinationPortRange(), ""),
                r.destinationPortRanges(), r.unresolved().isEmpty())).toList();
    }

    private static List<Object> ip(IpConfiguration c) {
        return c == null ? null : List.of(Objects.toString(c.name(), ""), Topology.key(c.subnet()),
                Objects.toString(c.privateIPAddress(), ""), c.privateIPAddressVersion(),
                c.applicationSecurityGroups().stream().map(Topology::key).sorted().toList(), unresolved(c.unresolved()));
    }

    private static List<List<Object>> networks(Topology t) {
        return t.virtualNetworks().stream().map(v -> List.<Object>of(Topology.key(v.name()), v.addressSpace(),
                v.peerings().stream().map(Topology::key).sorted().toList(), v.onPremisesPrefixes(),
                v.subnets().stream().map(SameLayers::subnet).toList(), unresolved(v.unresolved()))).toList();
    }

    private static List<Object> subnet(Subnet s) {
        return List.of(Topology.key(s.name()), s.addressPrefixes(), unresolved(s.unresolved()));
    }

    /** Which properties are unresolved, and how: two configurations unresolved in different ways differ. */
    private static List<List<String>> unresolved(List<UnresolvedValue> values) {
        return values.stream().map(u -> List.of(Objects.toString(u.property(), ""), Objects.toString(u.expression(), "")))
                .sorted(java.util.Comparator.comparing(Object::toString)).toList();
    }

    private static List<List<Object>> hosts(Topology t) {
        return t.networkInterfaces().stream().map(n -> List.<Object>of(Topology.key(n.name()),
                n.ipConfigurations().stream().map(SameLayers::ip).toList())).toList();
    }
}
