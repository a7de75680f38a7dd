package dev.nsgaudit.eval;

import dev.nsgaudit.model.Access;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.nsgaudit.testing.Net.inbound;
import static dev.nsgaudit.testing.Net.trace;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application security group example of the NSG overview (seed 003): NIC1 and NIC2 in AsgWeb, NIC3 in
 * AsgLogic, NIC4 in AsgDb, NSG1 on both subnets with the rules Allow-HTTP-Inbound-Internet (100),
 * Allow-Database-BusinessLogic (110) and Deny-Database-All (120). No NIC has an NSG of its own.
 */
class SeedAsgExampleTest {

    private static final String NIC1 = "10.0.1.4";
    private static final String NIC2 = "10.0.1.5";
    private static final String NIC3 = "10.0.2.4";
    private static final String NIC4 = "10.0.2.5";

    private final Net net = Net.network()
            .vnet("VNet1", "10.0.0.0/16")
            .subnet("VNet1/Subnet1", "10.0.1.0/24", "NSG1")
            .subnet("VNet1/Subnet2", "10.0.2.0/24", "NSG1")
            .asg("AsgWeb", "AsgLogic", "AsgDb")
            .nic("NIC1", "VNet1/Subnet1", NIC1, null, "AsgWeb")
            .nic("NIC2", "VNet1/Subnet1", NIC2, null, "AsgWeb")
            .nic("NIC3", "VNet1/Subnet2", NIC3, null, "AsgLogic")
            .nic("NIC4", "VNet1/Subnet2", NIC4, null, "AsgDb")
            .nsg("NSG1",
                    inbound("Allow-HTTP-Inbound-Internet", 100, "Allow").protocol("Tcp")
                            .sourceAddressPrefix("Internet")
                            .destinationAddressPrefix(null).destinationApplicationSecurityGroups(List.of("AsgWeb"))
                            .destinationPortRange("80").build(),
                    inbound("Allow-Database-BusinessLogic", 110, "Allow").protocol("Tcp")
                            .sourceAddressPrefix(null).sourceApplicationSecurityGroups(List.of("AsgLogic"))
                            .destinationAddressPrefix(null).destinationApplicationSecurityGroups(List.of("AsgDb"))
                            .destinationPortRange("1433").build(),
                    inbound("Deny-Database-All", 120, "Deny").protocol("*")
                            .destinationAddressPrefix(null).destinationApplicationSecurityGroups(List.of("AsgDb"))
                            .destinationPortRange("1433").build());

    @Test
    void internetReachesTheWebServersOnPort80ByRule100() {
        for (String[] web : new String[][] {{"NIC1", NIC1}, {"NIC2", NIC2}}) {
            FlowResult r = net.verify(web[0], "Inbound", "TCP", web[1] + ":80", "198.51.100.20:40000");
            assertThat(r.access()).as(web[0]).isEqualTo(Access.ALLOW);
            assertThat(r.ruleName()).isEqualTo("securityRules/Allow-HTTP-Inbound-Internet");
            assertThat(r.networkSecurityGroup()).isEqualTo("NSG1");
            assertThat(trace(r)).containsExactly(
                    "NSG1 subnet:VNet1/Subnet1 securityRules/Allow-HTTP-Inbound-Internet Allow");
        }
    }

    @Test
    void internetToTheDatabaseOnPort80IsDeniedByDenyAllInBound() {
        FlowResult r = net.verify("NIC4", "Inbound", "TCP", NIC4 + ":80", "198.51.100.20:40000");

        assertThat(r.access()).isEqualTo(Access.DENY);
        assertThat(r.ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");
        assertThat(trace(r)).containsExactly("NSG1 subnet:VNet1/Subnet2 defaultSecurityRules/DenyAllInBound Deny");
    }

    @Test
    void internetToTheLogicTierOnPort80IsDenied() {
        FlowResult r = net.verify("NIC3", "Inbound", "TCP", NIC3 + ":80", "198.51.100.20:40000");

        assertThat(r.access()).isEqualTo(Access.DENY);
        assertThat(r.ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");
    }

    @Test
    void logicTierReachesTheDatabaseByRule110() {
        FlowResult r = net.verify("NIC4", "Inbound", "TCP", NIC4 + ":1433", NIC3 + ":50000");

        assertThat(r.access()).isEqualTo(Access.ALLOW);
        assertThat(r.ruleName()).isEqualTo("securityRules/Allow-Database-BusinessLogic");
        assertThat(r.networkSecurityGroup()).isEqualTo("NSG1");
    }

    @Test
    void webTierToTheDatabaseIsDeniedByDenyDatabaseAll() {
        FlowResult r = net.verify("NIC4", "Inbound", "TCP", NIC4 + ":1433", NIC1 + ":50000");

        assertThat(r.access()).isEqualTo(Access.DENY);
        assertThat(r.ruleName()).isEqualTo("securityRules/Deny-Database-All");
        assertThat(trace(r)).containsExactly("NSG1 subnet:VNet1/Subnet2 securityRules/Deny-Database-All Deny");
    }

    @Test
    void anUnmodeledHostInTheSubnetIsInNoAsgAndIsDenied() {
        FlowResult r = net.verify("NIC4", "Inbound", "TCP", NIC4 + ":1433", "10.0.2.100:50000");

        assertThat(r.access()).isEqualTo(Access.DENY);
        assertThat(r.ruleName()).isEqualTo("securityRules/Deny-Database-All");
    }

    @Test
    void denyDatabaseAllCoversEveryProtocolOnPort1433() {
        FlowResult r = net.verify("NIC4", "Inbound", "UDP", NIC4 + ":1433", NIC3 + ":50000");

        assertThat(r.access()).isEqualTo(Access.DENY);
        assertThat(r.ruleName()).isEqualTo("securityRules/Deny-Database-All");
    }

    @Test
    void outboundFromTheLogicTierToTheDatabaseUsesAllowVnetOutBound() {
        FlowResult r = net.verify("NIC3", "Outbound", "TCP", NIC3 + ":50000", NIC4 + ":1433");

        assertThat(r.access()).isEqualTo(Access.ALLOW);
        assertThat(r.ruleName()).isEqualTo("defaultSecurityRules/AllowVnetOutBound");
    }

    @Test
    void webServersReachEachOtherThroughAllowVnetInBound() {
        FlowResult r = net.verify("NIC2", "Inbound", "TCP", NIC2 + ":8080", NIC1 + ":50000");

        assertThat(r.access()).isEqualTo(Access.ALLOW);
        assertThat(r.ruleName()).isEqualTo("defaultSecurityRules/AllowVnetInBound");
    }
}
