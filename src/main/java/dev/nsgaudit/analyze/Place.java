package dev.nsgaudit.analyze;

import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.net.AddressSet;

import java.util.Set;

/**
 * One kind of host a policy endpoint stands for: a NIC IP configuration (behind its subnet's NSG and its own), the
 * other addresses of a subnet (hosts in no ASG, behind the subnet NSG only), or addresses outside every modeled
 * network (no NSG).
 *
 * @param membership the exact ASG membership (lower-cased), or null when it is not known
 * @param maybe whether the place may not belong to the endpoint at all (a NIC of unknown ASG membership for an
 *     {@code asg:} endpoint): it can make a policy inconclusive, never fail it
 */
public record Place(Kind kind, String description, NetworkInterface nic, IpConfiguration ipConfiguration,
             Topology.SubnetRef subnet, AddressSet addresses, Set<String> membership, boolean maybe) {

    public Place(Kind kind, String description, NetworkInterface nic, IpConfiguration ipConfiguration,
          Topology.SubnetRef subnet, AddressSet addresses, Set<String> membership) {
        this(kind, description, nic, ipConfiguration, subnet, addresses, membership, false);
    }

    public enum Kind { NIC, SUBNET_HOSTS, EXTERNAL }
}
