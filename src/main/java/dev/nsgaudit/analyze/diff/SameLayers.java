package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Topology;

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

    SameLayers(Topology base, Topology head) {
        this.base = base;
        this.head = head;
        this.sameHosts = networks(base).equals(networks(head)) && hosts(base).equals(hosts(head));
    }

    boolean unchanged(NetworkInterface b, IpConfiguration bIp, NetworkInterface h, IpConfiguration hIp) {
        if (!sameHosts || !Objects.equals(ip(bIp), ip(hIp))) {
            return false;
        }
        Optional<Topology.SubnetRef> bs = base.subnet(bIp.subnet());
        Optional<Topology.SubnetRef> hs = head.subnet(hIp.subnet());
        if (bs.isEmpty() || hs.isEmpty()) {
            return false;
        }
        return sameNsg(bs.get().subnet().networkSecurityGroup(), bs.get().subnet().isUnresolved("networkSecurityGroup"),
                hs.get().subnet().networkSecurityGroup(), hs.get().subnet().isUnresolved("networkSecurityGroup"))
                && sameNsg(b.networkSecurityGroup(), b.isUnresolved("networkSecurityGroup"), h.networkSecurityGroup(),
                h.isUnresolved("networkSecurityGroup"));
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
                c.applicationSecurityGroups().stream().map(Topology::key).sorted().toList(), c.unresolved().isEmpty());
    }

    private static List<List<Object>> networks(Topology t) {
        return t.virtualNetworks().stream().map(v -> List.<Object>of(Topology.key(v.name()), v.addressSpace(),
                v.peerings().stream().map(Topology::key).sorted().toList(), v.onPremisesPrefixes(),
                v.subnets().stream().map(SameLayers::subnet).toList(), v.unresolved().isEmpty())).toList();
    }

    private static List<Object> subnet(Subnet s) {
        return List.of(Topology.key(s.name()), s.addressPrefixes(), s.unresolved().isEmpty());
    }

    private static List<List<Object>> hosts(Topology t) {
        return t.networkInterfaces().stream().map(n -> List.<Object>of(Topology.key(n.name()),
                n.ipConfigurations().stream().map(SameLayers::ip).toList())).toList();
    }
}
