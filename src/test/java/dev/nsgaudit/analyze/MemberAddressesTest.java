package dev.nsgaudit.analyze;

import dev.nsgaudit.model.ApplicationSecurityGroup;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.AddressSet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the analysis places an ASG's members: in the address space of the networks of the NICs known to be
 * members; nowhere in particular when no NIC is known to be one, or one is in a network that is not known.
 */
class MemberAddressesTest {

    private static final VirtualNetwork A = new VirtualNetwork("vnet-a", List.of("10.0.0.0/16"), List.of(), List.of(),
            List.of(new Subnet("s", List.of("10.0.1.0/24"), null, null)), null);
    private static final VirtualNetwork B = new VirtualNetwork("vnet-b", List.of("10.1.0.0/16"), List.of(), List.of(),
            List.of(new Subnet("s", List.of("10.1.1.0/24"), null, null)), null);

    private static NetworkInterface nic(String name, String subnet, String address, String... asgs) {
        return new NetworkInterface(name, List.of(new IpConfiguration("ipconfig1", subnet, address, "IPv4",
                List.of(asgs), null)), null, null);
    }

    private static NetworkInterface unknownMembership(String name, String subnet) {
        return new NetworkInterface(name, List.of(new IpConfiguration("ipconfig1", subnet, "10.1.1.9", "IPv4", List.of(),
                List.of(new UnresolvedValue("applicationSecurityGroups", "[parameters('asgs')]", "no value")), null)),
                null, null);
    }

    private static Map<String, AddressSet> where(NetworkInterface... nics) {
        List<ApplicationSecurityGroup> asgs = List.of(new ApplicationSecurityGroup("AsgWeb", null),
                new ApplicationSecurityGroup("AsgDb", null), new ApplicationSecurityGroup("AsgFree", null));
        return Analyzer.memberAddresses(new Topology(List.of(A, B), asgs, List.of(nics), List.of()));
    }

    @Test
    void membersAreInTheirNetworks() {
        Map<String, AddressSet> w = where(nic("web-1", "vnet-a/s", "10.0.1.4", "AsgWeb"),
                nic("db-1", "vnet-a/s", "10.0.1.5", "AsgDb"), nic("db-2", "vnet-b/s", "10.1.1.5", "ASGDB"));
        assertThat(w).containsOnlyKeys("asgweb", "asgdb");
        assertThat(w.get("asgweb")).isEqualTo(AddressSet.of("10.0.0.0/16"));
        assertThat(w.get("asgdb")).isEqualTo(AddressSet.of("10.0.0.0/16", "10.1.0.0/16"));
    }

    @Test
    void aNicOfUnknownMembershipWidensPlacedAsgsButPlacesNone() {
        Map<String, AddressSet> w = where(nic("web-1", "vnet-a/s", "10.0.1.4", "AsgWeb"),
                unknownMembership("maybe-1", "vnet-b/s"));
        assertThat(w).containsOnlyKeys("asgweb");
        assertThat(w.get("asgweb")).isEqualTo(AddressSet.of("10.0.0.0/16", "10.1.0.0/16"));
    }

    @Test
    void aMemberInAnUnknownNetworkLeavesItsAsgAnywhere() {
        Map<String, AddressSet> w = where(nic("web-1", "vnet-a/s", "10.0.1.4", "AsgWeb"),
                nic("web-2", "vnet-x/s", "10.9.1.4", "AsgWeb"), nic("db-1", "vnet-a/s", "10.0.1.5", "AsgDb"));
        assertThat(w).containsOnlyKeys("asgdb");
        assertThat(where(nic("web-1", "vnet-a/s", "10.0.1.4", "AsgWeb"), unknownMembership("maybe-1", "vnet-x/s")))
                .isEmpty();
    }
}
