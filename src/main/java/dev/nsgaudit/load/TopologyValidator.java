package dev.nsgaudit.load;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpPrefix;
import dev.nsgaudit.rules.Findings;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks that every name the input refers to exists (NSGs of subnets and NICs, subnets of NICs, ASGs of NICs
 * and rules, peered VNets) and that addresses of the topology parse. A dangling reference is an error: the
 * tool cannot know what the missing object would allow.
 */
public final class TopologyValidator {

    private TopologyValidator() {
    }

    public static List<Finding> references(Topology t) {
        List<Finding> out = new ArrayList<>();
        for (VirtualNetwork vnet : t.virtualNetworks()) {
            unresolved(out, vnet.source(), "virtual network " + vnet.name(), vnet.unresolved());
            for (String prefix : vnet.addressSpace()) {
                checkPrefix(out, vnet.source(), "addressSpace of virtual network " + vnet.name(), prefix);
            }
            for (String prefix : vnet.onPremisesPrefixes()) {
                checkPrefix(out, vnet.source(), "onPremisesPrefixes of virtual network " + vnet.name(), prefix);
            }
            for (String peer : vnet.peerings()) {
                if (t.virtualNetwork(peer).isEmpty()) {
                    out.add(dangling(vnet.source(), "virtual network " + vnet.name() + " is peered with '" + peer
                            + "', which is not defined; add that virtual network to the input"));
                }
            }
            for (Subnet subnet : vnet.subnets()) {
                for (String prefix : subnet.addressPrefixes()) {
                    checkPrefix(out, subnet.source(), "addressPrefix of subnet " + vnet.name() + "/" + subnet.name(),
                            prefix);
                }
                unresolved(out, subnet.source(), "subnet " + vnet.name() + "/" + subnet.name(), subnet.unresolved());
                if (subnet.networkSecurityGroup() != null && !subnet.isUnresolved("networkSecurityGroup")
                        && t.networkSecurityGroup(subnet.networkSecurityGroup()).isEmpty()) {
                    out.add(dangling(subnet.source(), "subnet " + vnet.name() + "/" + subnet.name()
                            + " names network security group '" + subnet.networkSecurityGroup()
                            + "', which is not defined"));
                }
            }
        }
        for (NetworkInterface nic : t.networkInterfaces()) {
            unresolved(out, nic.source(), "network interface " + nic.name(), nic.unresolved());
            if (nic.networkSecurityGroup() != null && !nic.isUnresolved("networkSecurityGroup")
                    && t.networkSecurityGroup(nic.networkSecurityGroup()).isEmpty()) {
                out.add(dangling(nic.source(), "network interface " + nic.name() + " names network security group '"
                        + nic.networkSecurityGroup() + "', which is not defined"));
            }
            for (IpConfiguration ip : nic.ipConfigurations()) {
                unresolved(out, ip.source(), "IP configuration " + ip.name() + " of network interface " + nic.name(),
                        ip.unresolved());
                if (ip.subnet() != null && t.subnet(ip.subnet()).isEmpty()) {
                    out.add(dangling(ip.source(), "network interface " + nic.name() + " is in subnet '" + ip.subnet()
                            + "', which is not defined; write it as <vnet>/<subnet>"));
                }
                for (String asg : ip.applicationSecurityGroups()) {
                    if (t.applicationSecurityGroup(asg).isEmpty()) {
                        out.add(dangling(ip.source(), "network interface " + nic.name()
                                + " is a member of application security group '" + asg + "', which is not defined"));
                    }
                }
                if (ip.privateIPAddress() != null) {
                    try {
                        IpAddress address = IpAddress.parse(ip.privateIPAddress().trim());
                        StaticAddresses.checkVersion(nic, ip, address, out);
                        t.subnet(ip.subnet()).ifPresent(s -> StaticAddresses.check(nic, ip, address, s, out));
                    } catch (IllegalArgumentException e) {
                        out.add(Findings.of("input-error", ip.source(), "privateIPAddress of network"
                                + " interface " + nic.name() + ": " + e.getMessage()));
                    }
                }
            }
        }
        for (NetworkSecurityGroup nsg : t.networkSecurityGroups()) {
            unresolved(out, nsg.source(), "network security group " + nsg.name(), nsg.unresolved());
            for (SecurityRule rule : nsg.securityRules()) {
                List<String> asgs = new ArrayList<>(rule.sourceApplicationSecurityGroups());
                asgs.addAll(rule.destinationApplicationSecurityGroups());
                for (String asg : asgs) {
                    if (t.applicationSecurityGroup(asg).isEmpty()) {
                        out.add(Findings.of("dangling-reference", "rule " + rule.name() + " of "
                                + nsg.name() + " names application security group '" + asg
                                + "', which is not defined; add it under applicationSecurityGroups",
                                rule.source(), nsg.name(), rule.name(), List.of()));
                    }
                }
            }
        }
        return out;
    }

    /** Values the loader could not determine: reported, and what depends on them is inconclusive. */
    private static void unresolved(List<Finding> out, SourceRef at, String what, List<UnresolvedValue> values) {
        for (UnresolvedValue u : values) {
            out.add(Findings.of("unresolved-value", at, what + ": " + u.property()
                    + " cannot be determined offline (" + u.expression() + "): " + u.reason()
                    + "; flows that depend on it are inconclusive"));
        }
    }

    private static void checkPrefix(List<Finding> out, SourceRef at, String what, String prefix) {
        try {
            IpPrefix.parse(prefix);
        } catch (IllegalArgumentException e) {
            out.add(Findings.of("input-error", at, what + ": " + e.getMessage()
                    + "; use CIDR notation such as 10.0.0.0/16"));
        }
    }

    private static Finding dangling(SourceRef at, String message) {
        return Findings.of("dangling-reference", at, message);
    }
}
