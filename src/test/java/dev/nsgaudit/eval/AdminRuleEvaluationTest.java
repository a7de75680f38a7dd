package dev.nsgaudit.eval;

import dev.nsgaudit.model.AddressPrefixItem;
import dev.nsgaudit.model.AdminRule;
import dev.nsgaudit.model.AdminRuleCollection;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkGroup;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityAdminConfiguration;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.semantics.ServiceTags;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security admin rules in front of the NSGs (DOC-AVNM): AlwaysAllow and Deny decide, Allow continues, a VNet
 * outside the rule collection's groups is unaffected, and unknown membership is inconclusive only where it matters.
 */
class AdminRuleEvaluationTest {

    /** nsg-web allows 22 from 203.0.113.0/24 and denies 8080 from anywhere; everything else hits the defaults. */
    private static final NetworkSecurityGroup NSG = new NetworkSecurityGroup("nsg-web", List.of(
            SecurityRule.builder("Allow-SSH").priority(100).access("Allow").protocol("Tcp")
                    .sourceAddressPrefix("203.0.113.0/24").sourcePortRange("*").destinationAddressPrefix("*")
                    .destinationPortRange("22").build(),
            SecurityRule.builder("Deny-8080").priority(110).access("Deny").protocol("Tcp")
                    .sourceAddressPrefix("*").sourcePortRange("*").destinationAddressPrefix("*")
                    .destinationPortRange("8080").build()), SourceRef.UNKNOWN);

    private static AdminRule rule(String name, int priority, String access, String port) {
        return AdminRule.builder(name).priority(priority).access(access).protocol("Tcp").direction("Inbound")
                .sources(List.of(AddressPrefixItem.serviceTag("Internet")))
                .destinations(List.of(AddressPrefixItem.ipPrefix("*"))).destinationPortRanges(List.of(port)).build();
    }

    private static final List<AdminRule> RULES = List.of(
            rule("deny-ssh", 10, "Deny", "22"),
            rule("always-https", 20, "AlwaysAllow", "443"),
            rule("allow-8080", 30, "Allow", "8080"));

    private static Topology topology(boolean dynamic, List<String> members) {
        VirtualNetwork prod = new VirtualNetwork("vnet-prod", List.of("10.0.0.0/16"), List.of(), List.of(),
                List.of(new Subnet("web", List.of("10.0.1.0/24"), "nsg-web", SourceRef.UNKNOWN)), SourceRef.UNKNOWN);
        VirtualNetwork dev = new VirtualNetwork("vnet-dev", List.of("10.1.0.0/16"), List.of(), List.of(),
                List.of(new Subnet("web", List.of("10.1.1.0/24"), "nsg-web", SourceRef.UNKNOWN)), SourceRef.UNKNOWN);
        NetworkInterface nicProd = new NetworkInterface("nic-prod", List.of(new IpConfiguration("ipconfig1",
                "vnet-prod/web", "10.0.1.4", "IPv4", List.of(), SourceRef.UNKNOWN)), null, SourceRef.UNKNOWN);
        NetworkInterface nicDev = new NetworkInterface("nic-dev", List.of(new IpConfiguration("ipconfig1",
                "vnet-dev/web", "10.1.1.4", "IPv4", List.of(), SourceRef.UNKNOWN)), null, SourceRef.UNKNOWN);
        NetworkGroup group = new NetworkGroup("nm", "grp", null, null, members, dynamic, List.of(), SourceRef.UNKNOWN);
        SecurityAdminConfiguration config = new SecurityAdminConfiguration("nm", "cfg", null, List.of(
                new AdminRuleCollection("coll", null, List.of("grp"), RULES, List.of(), SourceRef.UNKNOWN)),
                List.of(), SourceRef.UNKNOWN);
        return new Topology(List.of(prod, dev), List.of(), List.of(nicProd, nicDev), List.of(NSG), List.of(),
                List.of(), List.of(group), List.of(config));
    }

    private static FlowResult verify(Topology t, String nic, String local, String remote) {
        Verifier v = new Verifier(new FlowEvaluator(t, ServiceTags.of("test", List.of())));
        return v.verify(FlowQuery.parse(nic, null, "Inbound", "TCP", local, remote)).result();
    }

    private static final Topology PROD_MEMBER = topology(false, List.of("vnet-prod"));

    @Test
    void denyBeatsAnNsgAllow() {
        FlowResult r = verify(PROD_MEMBER, "nic-prod", "10.0.1.4:22", "203.0.113.7:50000");
        assertThat(r.access()).isEqualTo(dev.nsgaudit.model.Access.DENY);
        assertThat(r.ruleName()).isEqualTo("securityAdminRules/nm/cfg/coll/deny-ssh");
        assertThat(r.evaluations()).extracting(Evaluation::appliedTo).containsExactly("vnet:vnet-prod");
    }

    @Test
    void alwaysAllowBeatsAnNsgDeny() {
        FlowResult r = verify(PROD_MEMBER, "nic-prod", "10.0.1.4:443", "203.0.113.7:50000");
        assertThat(r.access()).isEqualTo(dev.nsgaudit.model.Access.ALLOW);
        assertThat(r.ruleName()).isEqualTo("securityAdminRules/nm/cfg/coll/always-https");
        assertThat(r.evaluations()).hasSize(1);
    }

    @Test
    void allowContinuesToAnNsgDeny() {
        FlowResult r = verify(PROD_MEMBER, "nic-prod", "10.0.1.4:8080", "203.0.113.7:50000");
        assertThat(r.access()).isEqualTo(dev.nsgaudit.model.Access.DENY);
        assertThat(r.ruleName()).isEqualTo("securityRules/Deny-8080");
        assertThat(r.evaluations()).extracting(Evaluation::matchedRule)
                .containsExactly("securityAdminRules/nm/cfg/coll/allow-8080", "securityRules/Deny-8080");
    }

    @Test
    void aVnetOutsideTheGroupIsUnaffected() {
        FlowResult r = verify(PROD_MEMBER, "nic-dev", "10.1.1.4:22", "203.0.113.7:50000");
        assertThat(r.access()).isEqualTo(dev.nsgaudit.model.Access.ALLOW);
        assertThat(r.ruleName()).isEqualTo("securityRules/Allow-SSH");
        assertThat(verify(PROD_MEMBER, "nic-dev", "10.1.1.4:443", "203.0.113.7:50000").ruleName())
                .isEqualTo("defaultSecurityRules/DenyAllInBound");
    }

    @Test
    void dynamicMembershipIsInconclusiveOnlyWhereItMatters() {
        Topology dynamic = topology(true, List.of("vnet-prod"));
        // vnet-dev may be added by Azure Policy: deny-ssh would turn the NSG's Allow into a Deny.
        FlowResult ssh = verify(dynamic, "nic-dev", "10.1.1.4:22", "203.0.113.7:50000");
        assertThat(ssh.conclusive()).isFalse();
        assertThat(ssh.reasons().get(0)).contains("deny-ssh").contains("Azure Policy");
        // allow-8080 continues to the NSG's Deny either way: the answer stands, decided by the NSG.
        FlowResult http = verify(dynamic, "nic-dev", "10.1.1.4:8080", "203.0.113.7:50000");
        assertThat(http.access()).isEqualTo(dev.nsgaudit.model.Access.DENY);
        assertThat(http.ruleName()).isEqualTo("securityRules/Deny-8080");
        // Port 3389 matches no admin rule: nothing is open.
        assertThat(verify(dynamic, "nic-dev", "10.1.1.4:3389", "203.0.113.7:50000").conclusive()).isTrue();
        // A static member is certain.
        assertThat(verify(dynamic, "nic-prod", "10.0.1.4:22", "203.0.113.7:50000").ruleName())
                .isEqualTo("securityAdminRules/nm/cfg/coll/deny-ssh");
    }

    @Test
    void withoutAdminRulesNothingChanges() {
        Topology none = topology(false, List.of("vnet-prod")).withNetworkManagers(List.of(), List.of());
        assertThat(verify(none, "nic-prod", "10.0.1.4:22", "203.0.113.7:50000").ruleName())
                .isEqualTo("securityRules/Allow-SSH");
    }
}
