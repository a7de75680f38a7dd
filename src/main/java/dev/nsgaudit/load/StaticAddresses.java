package dev.nsgaudit.load;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.net.IpPrefix;
import dev.nsgaudit.rules.Findings;

import java.util.ArrayList;
import java.util.List;

/**
 * A static private address must lie in its subnet and must not be one Azure reserves there (the first four
 * addresses and the last of each IPv4 prefix): Azure rejects such a NIC at deployment, so the model would describe
 * a network that cannot exist ({@code invalid-ip-configuration}, an input error).
 */
final class StaticAddresses {

    private StaticAddresses() {
    }

    static void check(NetworkInterface nic, IpConfiguration ip, IpAddress address, Topology.SubnetRef subnet,
                      List<Finding> out) {
        if (subnet.subnet().isUnresolved("addressPrefix") || subnet.subnet().isUnresolved("addressPrefixes")) {
            return;
        }
        List<IpPrefix> prefixes = new ArrayList<>();
        for (String p : subnet.subnet().addressPrefixes()) {
            try {
                prefixes.add(IpPrefix.of(p));
            } catch (IllegalArgumentException e) {
                return; // reported as a bad prefix; the address cannot be judged against it
            }
        }
        if (prefixes.isEmpty()) {
            return;
        }
        String what = "privateIPAddress " + address + " of network interface " + nic.name() + " (IP configuration "
                + ip.name() + ")";
        String where = subnet.reference() + " (" + String.join(", ", prefixes.stream().map(IpPrefix::toString).toList())
                + ")";
        for (IpPrefix p : prefixes) {
            if (p.contains(address)) {
                if (p.family() == IpFamily.V4 && p.length() <= 29 && reserved(p, address)) {
                    out.add(Findings.of("invalid-ip-configuration", ip.source(), what + " is reserved"
                            + " by Azure in subnet " + where + ": the first four addresses and the last of a subnet"
                            + " cannot be assigned; Azure rejects it. Use " + p.first().next().next().next().next()
                            + " or later"));
                }
                return;
            }
        }
        out.add(Findings.of("invalid-ip-configuration", ip.source(), what + " is outside its subnet "
                + where + "; Azure rejects it: use an address of the subnet"));
    }

    /** {@code privateIPAddressVersion: IPv4} with an IPv6 address (or the reverse): which one was meant? */
    static void checkVersion(NetworkInterface nic, IpConfiguration ip, IpAddress address, List<Finding> out) {
        String family = address.family() == IpFamily.V4 ? "IPv4" : "IPv6";
        if (!ip.isUnresolved("privateIPAddressVersion") && !family.equalsIgnoreCase(ip.privateIPAddressVersion())) {
            out.add(Findings.of("invalid-ip-configuration", ip.source(), "IP configuration " + ip.name()
                    + " of network interface " + nic.name() + " has privateIPAddressVersion "
                    + ip.privateIPAddressVersion() + (family.equals("IPv6") ? " (the default when not given)" : "")
                    + " but the " + family + " address " + address
                    + "; Azure rejects it: make them agree"));
        }
    }

    private static boolean reserved(IpPrefix p, IpAddress a) {
        IpAddress r = p.first();
        for (int i = 0; i < 4; i++) {
            if (r.equals(a)) {
                return true;
            }
            r = r.next();
        }
        return a.equals(p.last());
    }
}
