package dev.nsgaudit.analyze;

import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.eval.FlowQuery;
import dev.nsgaudit.eval.Verifier;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.ApplicationSecurityGroup;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 items 3-5 as concrete cases, on both engines: a dynamic NIC to itself has no packet; a subnet to itself
 * never has a host's traffic to its own address (nor a reserved address) as witness; a NIC in an unpeered network
 * that reuses an address is seen, from the source, as whoever holds that address there, as {@code verify} reads it.
 * Each failed before (the witness was 10.0.1.4 -> 10.0.1.4, 10.0.1.0 -> 10.0.1.0, and a Deny verify does not give).
 */
class SelfTrafficAndUnpeeredTest {

    private static SecurityRule out(String name, int priority, String access, String destination, List<String> asgs) {
        SecurityRule.Builder b = SecurityRule.builder(name).priority(priority).direction("Outbound").access(access)
                .protocol("*").sourceAddressPrefix("*").sourcePortRange("*").destinationPortRange("*");
        return (asgs.isEmpty() ? b.destinationAddressPrefix(destination) : b.destinationApplicationSecurityGroups(asgs))
                .build();
    }

    private static NetworkInterface nic(String name, String subnet, String address, String nsg, String... asgs) {
        return new NetworkInterface(name, List.of(new IpConfiguration("ipconfig1", subnet, address, "IPv4",
                List.of(asgs), null)), nsg, null);
    }

    private static VirtualNetwork vnet(String name, String space, String nsg) {
        return new VirtualNetwork(name, List.of(space), List.of(), List.of(),
                List.of(new Subnet("s", List.of("10.0.1.0/29"), nsg, null)), null);
    }

    private static Policy policy(String from, String to, Policy.Expect expect) {
        return new Policy("p", null, from, to, "Tcp", "22", "*", expect, Severity.ERROR, SourceRef.UNKNOWN);
    }

    /** The policy on box lists and on BDDs: both must give the same result, which is returned. */
    private static PolicyResult check(Topology t, Policy p) {
        try (Analyzer analyzer = new Analyzer(t, ServiceTags.bundled())) {
            PolicyResult boxes = analyzer.policyChecker(true).check(p);
            PolicyResult bdds = analyzer.policyChecker(false).check(p);
            assertThat(boxes).isEqualTo(bdds);
            return boxes;
        }
    }

    @Test
    void aDynamicNicToItselfHasNoPacket() {
        Topology t = new Topology(List.of(vnet("va", "10.0.0.0/16", null)), List.of(),
                List.of(nic("d", "va/s", null, "nsg-d")),
                List.of(new NetworkSecurityGroup("nsg-d", List.of(out("Deny-All", 4096, "Deny", "*", List.of())), null)));
        PolicyResult r = check(t, policy("nic:d", "nic:d", Policy.Expect.ALLOW));
        assertThat(r.status()).isEqualTo(PolicyResult.Status.INCONCLUSIVE);
        assertThat(r.message()).contains("no packet from nic:d to nic:d");
    }

    @Test
    void aSubnetToItselfNeverWitnessesAHostToItselfNorAReservedAddress() {
        // The subnet's hosts may send only to 10.0.1.5: the smallest failing packet is 10.0.1.5 -> 10.0.1.4, not
        // 10.0.1.4 -> 10.0.1.4 (one host) nor 10.0.1.0 -> 10.0.1.0 (reserved).
        Topology t = new Topology(List.of(vnet("va", "10.0.0.0/16", "nsg-s")), List.of(), List.of(),
                List.of(new NetworkSecurityGroup("nsg-s", List.of(out("Allow-Five", 100, "Allow", "10.0.1.5", List.of()),
                        out("Deny-All", 4096, "Deny", "*", List.of())), null)));
        PolicyResult r = check(t, policy("subnet:va/s", "subnet:va/s", Policy.Expect.ALLOW));
        assertThat(r.status()).isEqualTo(PolicyResult.Status.FAIL);
        assertThat(r.witness().sourceAddress() + " -> " + r.witness().destinationAddress())
                .isEqualTo("10.0.1.5 -> 10.0.1.4");
        assertThat(r.witness().direction()).isEqualTo("Outbound");
    }

    @Test
    void anUnpeeredNetworkIsSeenAsVerifyReadsTheAddress() {
        // vb reuses va's addresses (allowed: not peered). From src, 10.0.1.4 is a1 (AsgX), whom src may reach on 22;
        // b1 at 10.0.1.4 in vb is in no ASG, but src's rules never see it.
        Topology t = new Topology(List.of(vnet("va", "10.0.0.0/16", null), vnet("vb", "10.0.0.0/16", null)),
                List.of(new ApplicationSecurityGroup("AsgX", null)),
                List.of(nic("a1", "va/s", "10.0.1.4", null, "AsgX"), nic("src", "va/s", "10.0.1.5", "nsg-src"),
                        nic("b1", "vb/s", "10.0.1.4", null)),
                List.of(new NetworkSecurityGroup("nsg-src", List.of(out("Allow-X", 100, "Allow", null, List.of("AsgX")),
                        out("Deny-All", 4096, "Deny", "*", List.of())), null)));
        PolicyResult r = check(t, policy("nic:src", "nic:b1", Policy.Expect.ALLOW));
        assertThat(r.status()).as(r.message()).isEqualTo(PolicyResult.Status.PASS);

        Verifier verifier = new Verifier(new FlowEvaluator(t, ServiceTags.bundled()));
        var answer = verifier.verify(new FlowQuery("src", null, Direction.OUTBOUND, Protocol.TCP,
                IpAddress.parse("10.0.1.5"), 40000, IpAddress.parse("10.0.1.4"), 22));
        assertThat(answer.result().access()).isEqualTo(Access.ALLOW);
    }

    @Test
    void anUnpeeredSourceIsSeenAddressByAddress() {
        // vb's hosts at 10.0.1.4-6 seen from d in va: 10.0.1.4 is a1 (AsgX), whom d denies; 10.0.1.5 a host in no
        // ASG, allowed by AllowVnetInBound (10.0.1.6 is d's own address). The allowed packet is from 10.0.1.5.
        SecurityRule denyX = SecurityRule.builder("Deny-X").priority(100).direction("Inbound").access("Deny")
                .protocol("*").sourceApplicationSecurityGroups(List.of("AsgX")).sourcePortRange("*")
                .destinationAddressPrefix("*").destinationPortRange("*").build();
        Topology t = new Topology(List.of(vnet("va", "10.0.0.0/16", null), vnet("vb", "10.0.0.0/16", null)),
                List.of(new ApplicationSecurityGroup("AsgX", null)),
                List.of(nic("a1", "va/s", "10.0.1.4", null, "AsgX"), nic("d", "va/s", "10.0.1.6", "nsg-d")),
                List.of(new NetworkSecurityGroup("nsg-d", List.of(denyX), null)));
        PolicyResult r = check(t, policy("subnet:vb/s", "nic:d", Policy.Expect.DENY));
        assertThat(r.status()).isEqualTo(PolicyResult.Status.FAIL);
        assertThat(r.witness().sourceAddress() + " -> " + r.witness().destinationAddress())
                .isEqualTo("10.0.1.5 -> 10.0.1.6");
    }
}
