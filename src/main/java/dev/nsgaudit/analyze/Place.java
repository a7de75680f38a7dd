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
 */
record Place(Kind kind, String description, NetworkInterface nic, IpConfiguration ipConfiguration,
             Topology.SubnetRef subnet, AddressSet addresses, Set<String> membership) {

    enum Kind { NIC, SUBNET_HOSTS, EXTERNAL }
}
