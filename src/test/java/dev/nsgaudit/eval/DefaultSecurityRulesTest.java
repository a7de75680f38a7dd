package dev.nsgaudit.eval;

import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.DefaultRules;

import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.nsgaudit.testing.Net.inbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The six default rules of every NSG (SPEC section 2), as declared and as they decide packets. */
class DefaultSecurityRulesTest {

    /** One NIC at 10.0.1.4 in vnet1 (10.0.0.0/16, peered with vnet2 and with on-premises 192.168.50.0/24). */
    private static Net onlyDefaults() {
        return Net.network()
                .vnet("vnet1", "10.0.0.0/16")
                .vnet("vnet2", "10.1.0.0/16")
                .peering("vnet1", "vnet2")
                .onPremises("vnet1", "192.168.50.0/24")
                .subnet("vnet1/app", "10.0.1.0/24", "nsg-app")
                .nic("nic-app", "vnet1/app", "10.0.1.4", null)
                .nsg("nsg-app");
    }

    @Test
    void theSixDefaultRulesHaveTheApiSpellingPrioritiesDirectionsAndAccess() {
        assertThat(DefaultRules.ALL)
                .extracting(SecurityRule::name, SecurityRule::priority, SecurityRule::direction, SecurityRule::access)
                .containsExactly(
                        tuple("AllowVnetInBound", 65000, "Inbound", "Allow"),
                        tuple("AllowAzureLoadBalancerInBound", 65001, "Inbound", "Allow"),
                        tuple("DenyAllInBound", 65500, "Inbound", "Deny"),
                        tuple("AllowVnetOutBound", 65000, "Outbound", "Allow"),
                        tuple("AllowInternetOutBound", 65001, "Outbound", "Allow"),
                        tuple("DenyAllOutBound", 65500, "Outbound", "Deny"));
        assertThat(DefaultRules.ALL)
                .extracting(SecurityRule::sourceAddressPrefix, SecurityRule::destinationAddressPrefix)
                .containsExactly(
                        tuple("VirtualNetwork", "VirtualNetwork"),
                        tuple("AzureLoadBalancer", "*"),
                        tuple("*", "*"),
                        tuple("VirtualNetwork", "VirtualNetwork"),
                        tuple("*", "Internet"),
                        tuple("*", "*"));
        assertThat(DefaultRules.ALL).allSatisfy(r -> {
            assertThat(r.protocol()).isEqualTo("*");
            assertThat(r.sourcePortRange()).isEqualTo("*");
            assertThat(r.destinationPortRange()).isEqualTo("*");
        });
    }

    @Test
    void compiledNsgPutsTheDefaultsLastInPriorityOrderWithTheirReportedNames() {
        Net net = Net.network().nsg("n", inbound("Mine", 4096, "Allow").build());
        FlowEvaluator evaluator = new FlowEvaluator(net.topology(), dev.nsgaudit.semantics.ServiceTags.bundled());
        CompiledNsg nsg = evaluator.compiled("n", evaluator.view(null));

        assertThat(nsg.rules(Direction.INBOUND)).extracting(CompiledRule::displayName).containsExactly(
                "securityRules/Mine",
                "defaultSecurityRules/AllowVnetInBound",
                "defaultSecurityRules/AllowAzureLoadBalancerInBound",
                "defaultSecurityRules/DenyAllInBound");
        assertThat(nsg.rules(Direction.OUTBOUND)).extracting(CompiledRule::displayName).containsExactly(
                "defaultSecurityRules/AllowVnetOutBound",
                "defaultSecurityRules/AllowInternetOutBound",
                "defaultSecurityRules/DenyAllOutBound");
    }

    @Test
    void azureLoadBalancerProbesAreAllowedInbound() {
        FlowResult r = onlyDefaults().verify("nic-app", "Inbound", "TCP", "10.0.1.4:80", "168.63.129.16:55000");

        assertThat(r.access()).isEqualTo(Access.ALLOW);
        assertThat(r.ruleName()).as("168.63.129.16 is part of VirtualNetwork, and AllowVnetInBound comes first")
                .isEqualTo("defaultSecurityRules/AllowVnetInBound");
    }

    @Test
    void azureLoadBalancerRuleDecidesWhenTheDestinationIsOutsideVirtualNetwork() {
        // Judged on its own (--nsg), a destination outside VirtualNetwork leaves AllowVnetInBound out of play.
        Net net = onlyDefaults();
        FlowResult r = net.answerNsg("nsg-app", "Inbound", "TCP", "20.0.0.1:443", "168.63.129.16:55000").result();

        assertThat(r.access()).isEqualTo(Access.ALLOW);
        assertThat(r.ruleName()).isEqualTo("defaultSecurityRules/AllowAzureLoadBalancerInBound");
    }

    @Test
    void aUserRuleOverridesTheLoadBalancerDefault() {
        Net net = onlyDefaults();
        Net blocking = Net.network()
                .vnet("vnet1", "10.0.0.0/16")
                .subnet("vnet1/app", "10.0.1.0/24", "nsg-app")
                .nic("nic-app", "vnet1/app", "10.0.1.4", null)
                .nsg("nsg-app", inbound("Deny-LB", 4000, "Deny").sourceAddressPrefix("AzureLoadBalancer").build());

        FlowResult r = blocking.verify("nic-app", "Inbound", "TCP", "10.0.1.4:80", "168.63.129.16:55000");

        assertThat(r.access()).isEqualTo(Access.DENY);
        assertThat(r.ruleName()).isEqualTo("securityRules/Deny-LB");
        assertThat(net.verify("nic-app", "Inbound", "TCP", "10.0.1.4:80", "168.63.129.16:55000").access())
                .isEqualTo(Access.ALLOW);
    }

    @Test
    void trafficInsideTheVirtualNetworkIsAllowedBothWays() {
        Net net = onlyDefaults();

        FlowResult in = net.verify("nic-app", "Inbound", "TCP", "10.0.1.4:22", "10.0.2.9:50000");
        assertThat(in.access()).isEqualTo(Access.ALLOW);
        assertThat(in.ruleName()).isEqualTo("defaultSecurityRules/AllowVnetInBound");

        FlowResult out = net.verify("nic-app", "Outbound", "UDP", "10.0.1.4:50000", "10.0.200.1:5000");
        assertThat(out.access()).isEqualTo(Access.ALLOW);
        assertThat(out.ruleName()).isEqualTo("defaultSecurityRules/AllowVnetOutBound");
    }

    @Test
    void virtualNetworkIncludesPeeredVnetsAndOnPremisesPrefixes() {
        Net net = onlyDefaults();

        assertThat(net.verify("nic-app", "Inbound", "TCP", "10.0.1.4:22", "10.1.7.7:50000").ruleName())
                .isEqualTo("defaultSecurityRules/AllowVnetInBound");
        assertThat(net.verify("nic-app", "Inbound", "TCP", "10.0.1.4:22", "192.168.50.10:50000").ruleName())
                .isEqualTo("defaultSecurityRules/AllowVnetInBound");
        assertThat(net.verify("nic-app", "Outbound", "TCP", "10.0.1.4:50000", "10.1.0.5:443").ruleName())
                .isEqualTo("defaultSecurityRules/AllowVnetOutBound");
        // Private, but neither in the VNet, a peer nor on-premises.
        FlowResult other = net.verify("nic-app", "Inbound", "TCP", "10.0.1.4:22", "10.2.0.5:50000");
        assertThat(other.access()).isEqualTo(Access.DENY);
        assertThat(other.ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");
        assertThat(net.verify("nic-app", "Inbound", "TCP", "10.0.1.4:22", "192.168.51.10:50000").ruleName())
                .isEqualTo("defaultSecurityRules/DenyAllInBound");
    }

    @Test
    void peeringDeclaredOnTheOtherSideCountsToo() {
        Net net = Net.network()
                .vnet("hub", "10.50.0.0/16")
                .vnet("spoke", "10.60.0.0/16")
                .peering("hub", "spoke")
                .subnet("spoke/app", "10.60.1.0/24", "nsg")
                .nic("nic", "spoke/app", "10.60.1.4", null)
                .nsg("nsg");

        assertThat(net.verify("nic", "Inbound", "TCP", "10.60.1.4:22", "10.50.3.3:50000").ruleName())
                .isEqualTo("defaultSecurityRules/AllowVnetInBound");
    }

    @Test
    void internetInboundIsDeniedAndOutboundAllowed() {
        Net net = onlyDefaults();

        FlowResult in = net.verify("nic-app", "Inbound", "TCP", "10.0.1.4:443", "8.8.8.8:50000");
        assertThat(in.access()).isEqualTo(Access.DENY);
        assertThat(in.ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");
        assertThat(in.networkSecurityGroup()).isEqualTo("nsg-app");

        FlowResult out = net.verify("nic-app", "Outbound", "TCP", "10.0.1.4:50000", "8.8.8.8:443");
        assertThat(out.access()).isEqualTo(Access.ALLOW);
        assertThat(out.ruleName()).isEqualTo("defaultSecurityRules/AllowInternetOutBound");
    }

    @Test
    void outboundToNonPublicAddressesOutsideTheVnetIsDeniedByDenyAllOutBound() {
        Net net = onlyDefaults();

        for (String remote : List.of("10.99.0.1:443", "100.64.0.1:443", "172.16.0.1:443", "169.254.1.1:443")) {
            FlowResult r = net.verify("nic-app", "Outbound", "TCP", "10.0.1.4:50000", remote);
            assertThat(r.access()).as(remote).isEqualTo(Access.DENY);
            assertThat(r.ruleName()).as(remote).isEqualTo("defaultSecurityRules/DenyAllOutBound");
        }
    }
}
