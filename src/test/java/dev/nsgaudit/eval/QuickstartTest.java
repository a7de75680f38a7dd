package dev.nsgaudit.eval;

import dev.nsgaudit.model.Access;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Network Watcher quickstart (VM at 10.0.0.4 in a 10.0.0.0/16 VNet whose NSG has only the default rules)
 * and the answers the documentation gives for it.
 */
class QuickstartTest {

    private final Net net = Net.network()
            .vnet("myVNet", "10.0.0.0/16")
            .subnet("myVNet/mySubnet", "10.0.0.0/24", null)
            .nic("myVmNic", "myVNet/mySubnet", "10.0.0.4", "myVmNSG")
            .nsg("myVmNSG");

    @Test
    void outboundToAPublicAddressIsAllowedByAllowInternetOutBound() {
        FlowResult r = net.verify("myVmNic", "Outbound", "TCP", "10.0.0.4:60000", "13.107.21.200:80");

        assertThat(r.access()).isEqualTo(Access.ALLOW);
        assertThat(r.ruleName()).isEqualTo("defaultSecurityRules/AllowInternetOutBound");
        assertThat(r.networkSecurityGroup()).isEqualTo("myVmNSG");
    }

    @Test
    void outboundInsideTheVnetAddressSpaceIsAllowedByAllowVnetOutBound() {
        FlowResult r = net.verify("myVmNic", "Outbound", "TCP", "10.0.0.4:60000", "10.0.1.10:80");

        assertThat(r.access()).isEqualTo(Access.ALLOW);
        assertThat(r.ruleName()).isEqualTo("defaultSecurityRules/AllowVnetOutBound");
    }

    @Test
    void outboundToAPrivateAddressOutsideTheVnetIsDeniedByDenyAllOutBound() {
        FlowResult r = net.verify("myVmNic", "Outbound", "TCP", "10.0.0.4:60000", "10.10.10.10:80");

        assertThat(r.access()).isEqualTo(Access.DENY);
        assertThat(r.ruleName()).isEqualTo("defaultSecurityRules/DenyAllOutBound");
    }

    @Test
    void inboundFromAPrivateAddressOutsideTheVnetIsDeniedByDenyAllInBound() {
        FlowResult r = net.verify("myVmNic", "Inbound", "TCP", "10.0.0.4:80", "10.10.10.10:60000");

        assertThat(r.access()).isEqualTo(Access.DENY);
        assertThat(r.ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");
    }

    @Test
    void theSourcePortMayBeAStarWhenNoRuleDependsOnIt() {
        FlowResult out = net.verify("myVmNic", "Outbound", "TCP", "10.0.0.4:*", "13.107.21.200:80");
        FlowResult in = net.verify("myVmNic", "Inbound", "TCP", "10.0.0.4:80", "10.10.10.10:*");

        assertThat(out.ruleName()).isEqualTo("defaultSecurityRules/AllowInternetOutBound");
        assertThat(in.ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");
    }
}
