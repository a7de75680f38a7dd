package dev.nsgaudit.analyze;

import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.TopologyIndex;
import dev.nsgaudit.model.VirtualNetwork;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where each NSG is attached: the subnets and NICs that name it, and the virtual networks it is seen from. */
public final class Attachments {

    private final Topology topology;
    // Candidates by TopologyIndex.bucket of the name they give, in input order; each answer still compares the
    // names with equalsIgnoreCase. A scan of every subnet and NIC per NSG was quadratic on large estates.
    private final Map<String, List<Topology.SubnetRef>> subnetsByNsg = new HashMap<>();
    private final Map<String, List<NetworkInterface>> nicsByNsg = new HashMap<>();
    private final Map<String, List<NetworkInterface>> nicsBySubnet = new HashMap<>();

    public Attachments(Topology topology) {
        this.topology = topology;
        for (Topology.SubnetRef s : topology.subnets()) {
            if (s.subnet().networkSecurityGroup() != null) {
                subnetsByNsg.computeIfAbsent(TopologyIndex.bucket(s.subnet().networkSecurityGroup()),
                        k -> new ArrayList<>(1)).add(s);
            }
        }
        for (NetworkInterface nic : topology.networkInterfaces()) {
            if (nic.networkSecurityGroup() != null) {
                nicsByNsg.computeIfAbsent(TopologyIndex.bucket(nic.networkSecurityGroup()), k -> new ArrayList<>(1))
                        .add(nic);
            }
            for (IpConfiguration ip : nic.ipConfigurations()) {
                if (ip.subnet() != null) {
                    List<NetworkInterface> in = nicsBySubnet.computeIfAbsent(TopologyIndex.bucket(ip.subnet()),
                            k -> new ArrayList<>());
                    if (in.isEmpty() || in.get(in.size() - 1) != nic) {
                        in.add(nic);
                    }
                }
            }
        }
    }

    public List<Topology.SubnetRef> subnets(NetworkSecurityGroup nsg) {
        List<Topology.SubnetRef> out = new ArrayList<>();
        for (Topology.SubnetRef s : subnetsByNsg.getOrDefault(TopologyIndex.bucket(nsg.name()), List.of())) {
            if (nsg.name().equalsIgnoreCase(s.subnet().networkSecurityGroup())) {
                out.add(s);
            }
        }
        return out;
    }

    public List<NetworkInterface> nics(NetworkSecurityGroup nsg) {
        return nicsByNsg.getOrDefault(TopologyIndex.bucket(nsg.name()), List.of()).stream()
                .filter(n -> nsg.name().equalsIgnoreCase(n.networkSecurityGroup())).toList();
    }

    public boolean isAttached(NetworkSecurityGroup nsg) {
        return !subnets(nsg).isEmpty() || !nics(nsg).isEmpty();
    }

    /** The virtual networks the NSG is seen from, in input order; empty when attached nowhere known (D3). */
    public List<VirtualNetwork> views(NetworkSecurityGroup nsg) {
        Map<String, VirtualNetwork> out = new LinkedHashMap<>();
        for (Topology.SubnetRef s : subnets(nsg)) {
            out.put(Topology.key(s.virtualNetwork().name()), s.virtualNetwork());
        }
        for (NetworkInterface nic : nics(nsg)) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                topology.subnet(ip.subnet()).ifPresent(s ->
                        out.put(Topology.key(s.virtualNetwork().name()), s.virtualNetwork()));
            }
        }
        return new ArrayList<>(out.values());
    }

    /** The NICs with an IP configuration in the subnet. */
    public List<NetworkInterface> nicsIn(Topology.SubnetRef subnet) {
        List<NetworkInterface> out = new ArrayList<>();
        for (NetworkInterface nic : nicsBySubnet.getOrDefault(TopologyIndex.bucket(subnet.reference()), List.of())) {
            if (nic.ipConfigurations().stream().anyMatch(ip -> subnet.reference().equalsIgnoreCase(ip.subnet()))) {
                out.add(nic);
            }
        }
        return out;
    }
}
