package dev.nsgaudit.eval;

import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static dev.nsgaudit.testing.Net.inbound;
import static dev.nsgaudit.testing.Net.outbound;
import static dev.nsgaudit.testing.Net.trace;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenarios of the NSG overview (seed 003, "Verkeer evalueren"): TCP port 80 from and to the Internet for
 * VM1 (NSG1 on Subnet1, NSG2 on its NIC), VM2 (Subnet1, no NIC NSG), VM3 (Subnet2 without NSG, NSG2 on its
 * NIC) and VM4 (Subnet3, no NSG at all).
 */
class SeedTrafficEvaluationTest {

    private static final String INTERNET_CLIENT = "203.0.113.7:50000";
    private static final String INTERNET_SERVER = "13.107.21.200:80";

    private static final String SUBNET1 = "subnet:vnet1/Subnet1";
    private static final String VM1_NIC = "nic:vm1-nic";
    private static final String VM3_NIC = "nic:vm3-nic";

    private static SecurityRule allowHttpFromInternet(String name) {
        return inbound(name, 100, "Allow").protocol("Tcp").sourceAddressPrefix("Internet")
                .destinationPortRange("80").build();
    }

    private static SecurityRule denyHttpToInternet(String name) {
        return outbound(name, 100, "Deny").protocol("Tcp").destinationAddressPrefix("Internet")
                .destinationPortRange("80").build();
    }

    private static SecurityRule allowHttpToInternet(String name) {
        return outbound(name, 100, "Allow").protocol("Tcp").destinationAddressPrefix("Internet")
                .destinationPortRange("80").build();
    }

    /** The picture of the overview, with the given rules in NSG1 and NSG2. */
    private static Net scenario(SecurityRule[] nsg1Rules, SecurityRule[] nsg2Rules) {
        return Net.network()
                .vnet("vnet1", "10.0.0.0/16")
                .subnet("vnet1/Subnet1", "10.0.1.0/24", "NSG1")
                .subnet("vnet1/Subnet2", "10.0.2.0/24", null)
                .subnet("vnet1/Subnet3", "10.0.3.0/24", null)
                .nic("vm1-nic", "vnet1/Subnet1", "10.0.1.4", "NSG2")
                .nic("vm2-nic", "vnet1/Subnet1", "10.0.1.5", null)
                .nic("vm3-nic", "vnet1/Subnet2", "10.0.2.4", "NSG2")
                .nic("vm4-nic", "vnet1/Subnet3", "10.0.3.4", null)
                .nsg("NSG1", nsg1Rules)
                .nsg("NSG2", nsg2Rules);
    }

    private static SecurityRule[] rules(SecurityRule... rules) {
        return rules;
    }

    @Nested
    class Inbound {

        @Test
        void vm1_nsg1WithoutAllowRuleDeniesByDefaultAndNsg2IsNeverEvaluated() {
            Net net = scenario(rules(), rules(allowHttpFromInternet("Allow-HTTP-NIC")));

            FlowResult r = net.verify("vm1-nic", "Inbound", "TCP", "10.0.1.4:80", INTERNET_CLIENT);

            assertThat(r.access()).isEqualTo(Access.DENY);
            assertThat(r.ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");
            assertThat(r.networkSecurityGroup()).isEqualTo("NSG1");
            assertThat(trace(r)).containsExactly("NSG1 " + SUBNET1 + " defaultSecurityRules/DenyAllInBound Deny");
        }

        @Test
        void vm1_bothNsgsAllowing_isAllowedAndReportsTheNicNsgRule_D1() {
            Net net = scenario(rules(allowHttpFromInternet("Allow-HTTP-Subnet")),
                    rules(allowHttpFromInternet("Allow-HTTP-NIC")));

            FlowResult r = net.verify("vm1-nic", "Inbound", "TCP", "10.0.1.4:80", INTERNET_CLIENT);

            assertThat(r.access()).isEqualTo(Access.ALLOW);
            assertThat(r.ruleName()).isEqualTo("securityRules/Allow-HTTP-NIC");
            assertThat(r.networkSecurityGroup()).isEqualTo("NSG2");
            assertThat(trace(r)).containsExactly(
                    "NSG1 " + SUBNET1 + " securityRules/Allow-HTTP-Subnet Allow",
                    "NSG2 " + VM1_NIC + " securityRules/Allow-HTTP-NIC Allow");
        }

        @Test
        void vm1_subnetAllowsButNicNsgHasOnlyDefaults_isDeniedByNsg2() {
            Net net = scenario(rules(allowHttpFromInternet("Allow-HTTP-Subnet")), rules());

            FlowResult r = net.verify("vm1-nic", "Inbound", "TCP", "10.0.1.4:80", INTERNET_CLIENT);

            assertThat(r.access()).isEqualTo(Access.DENY);
            assertThat(r.ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");
            assertThat(r.networkSecurityGroup()).isEqualTo("NSG2");
            assertThat(trace(r)).containsExactly(
                    "NSG1 " + SUBNET1 + " securityRules/Allow-HTTP-Subnet Allow",
                    "NSG2 " + VM1_NIC + " defaultSecurityRules/DenyAllInBound Deny");
        }

        @Test
        void vm2_getsWhateverNsg1Decides() {
            Net allowing = scenario(rules(allowHttpFromInternet("Allow-HTTP-Subnet")), rules());
            FlowResult allowed = allowing.verify("vm2-nic", "Inbound", "TCP", "10.0.1.5:80", INTERNET_CLIENT);
            assertThat(allowed.access()).isEqualTo(Access.ALLOW);
            assertThat(allowed.ruleName()).isEqualTo("securityRules/Allow-HTTP-Subnet");
            assertThat(allowed.networkSecurityGroup()).isEqualTo("NSG1");
            assertThat(trace(allowed)).containsExactly("NSG1 " + SUBNET1 + " securityRules/Allow-HTTP-Subnet Allow");

            Net denying = scenario(rules(), rules(allowHttpFromInternet("Allow-HTTP-NIC")));
            FlowResult denied = denying.verify("vm2-nic", "Inbound", "TCP", "10.0.1.5:80", INTERNET_CLIENT);
            assertThat(denied.access()).isEqualTo(Access.DENY);
            assertThat(trace(denied)).containsExactly("NSG1 " + SUBNET1 + " defaultSecurityRules/DenyAllInBound Deny");
        }

        @Test
        void vm3_subnetWithoutNsgLetsTrafficThroughToNsg2() {
            Net allowing = scenario(rules(), rules(allowHttpFromInternet("Allow-HTTP-NIC")));
            FlowResult allowed = allowing.verify("vm3-nic", "Inbound", "TCP", "10.0.2.4:80", INTERNET_CLIENT);
            assertThat(allowed.access()).isEqualTo(Access.ALLOW);
            assertThat(allowed.ruleName()).isEqualTo("securityRules/Allow-HTTP-NIC");
            assertThat(allowed.networkSecurityGroup()).isEqualTo("NSG2");
            assertThat(trace(allowed)).containsExactly("NSG2 " + VM3_NIC + " securityRules/Allow-HTTP-NIC Allow");

            Net denying = scenario(rules(allowHttpFromInternet("Allow-HTTP-Subnet")), rules());
            FlowResult denied = denying.verify("vm3-nic", "Inbound", "TCP", "10.0.2.4:80", INTERNET_CLIENT);
            assertThat(denied.access()).isEqualTo(Access.DENY);
            assertThat(denied.networkSecurityGroup()).isEqualTo("NSG2");
            assertThat(trace(denied)).containsExactly("NSG2 " + VM3_NIC + " defaultSecurityRules/DenyAllInBound Deny");
        }

        @Test
        void vm4_withoutAnyNsgIsAllowedWithNoRuleName() {
            Net net = scenario(rules(), rules());

            FlowResult r = net.verify("vm4-nic", "Inbound", "TCP", "10.0.3.4:80", INTERNET_CLIENT);

            assertThat(r.access()).isEqualTo(Access.ALLOW);
            assertThat(r.ruleName()).isNull();
            assertThat(r.networkSecurityGroup()).isNull();
            assertThat(r.evaluations()).isEmpty();
            assertThat(r.conclusive()).isTrue();
        }
    }

    @Nested
    class Outbound {

        @Test
        void vm1_defaultRulesInBothNsgsAllowAndTheSubnetNsgIsReported_D1() {
            Net net = scenario(rules(), rules());

            FlowResult r = net.verify("vm1-nic", "Outbound", "TCP", "10.0.1.4:50000", INTERNET_SERVER);

            assertThat(r.access()).isEqualTo(Access.ALLOW);
            assertThat(r.ruleName()).isEqualTo("defaultSecurityRules/AllowInternetOutBound");
            assertThat(r.networkSecurityGroup()).isEqualTo("NSG1");
            assertThat(trace(r)).containsExactly(
                    "NSG2 " + VM1_NIC + " defaultSecurityRules/AllowInternetOutBound Allow",
                    "NSG1 " + SUBNET1 + " defaultSecurityRules/AllowInternetOutBound Allow");
        }

        @Test
        void vm1_nsg2DenyingPort80DecidesAndNsg1IsNeverEvaluated() {
            Net net = scenario(rules(allowHttpToInternet("Allow-HTTP-Out-Subnet")),
                    rules(denyHttpToInternet("Deny-HTTP-Out")));

            FlowResult r = net.verify("vm1-nic", "Outbound", "TCP", "10.0.1.4:50000", INTERNET_SERVER);

            assertThat(r.access()).isEqualTo(Access.DENY);
            assertThat(r.ruleName()).isEqualTo("securityRules/Deny-HTTP-Out");
            assertThat(r.networkSecurityGroup()).isEqualTo("NSG2");
            assertThat(trace(r)).containsExactly("NSG2 " + VM1_NIC + " securityRules/Deny-HTTP-Out Deny");
        }

        @Test
        void vm1_eitherNsgDenyingIsEnough() {
            Net net = scenario(rules(denyHttpToInternet("Deny-HTTP-Out-Subnet")), rules());

            FlowResult r = net.verify("vm1-nic", "Outbound", "TCP", "10.0.1.4:50000", INTERNET_SERVER);

            assertThat(r.access()).isEqualTo(Access.DENY);
            assertThat(r.ruleName()).isEqualTo("securityRules/Deny-HTTP-Out-Subnet");
            assertThat(r.networkSecurityGroup()).isEqualTo("NSG1");
            assertThat(trace(r)).containsExactly(
                    "NSG2 " + VM1_NIC + " defaultSecurityRules/AllowInternetOutBound Allow",
                    "NSG1 " + SUBNET1 + " securityRules/Deny-HTTP-Out-Subnet Deny");
        }

        @Test
        void vm1_otherPortsAreNotAffectedByTheDenyOn80() {
            Net net = scenario(rules(), rules(denyHttpToInternet("Deny-HTTP-Out")));

            FlowResult r = net.verify("vm1-nic", "Outbound", "TCP", "10.0.1.4:50000", "13.107.21.200:443");

            assertThat(r.access()).isEqualTo(Access.ALLOW);
            assertThat(r.ruleName()).isEqualTo("defaultSecurityRules/AllowInternetOutBound");
            assertThat(r.networkSecurityGroup()).isEqualTo("NSG1");
        }

        @Test
        void vm2_onlyNsg1IsProcessed() {
            Net net = scenario(rules(denyHttpToInternet("Deny-HTTP-Out-Subnet")),
                    rules(allowHttpToInternet("Allow-HTTP-Out")));

            FlowResult r = net.verify("vm2-nic", "Outbound", "TCP", "10.0.1.5:50000", INTERNET_SERVER);

            assertThat(r.access()).isEqualTo(Access.DENY);
            assertThat(trace(r)).containsExactly("NSG1 " + SUBNET1 + " securityRules/Deny-HTTP-Out-Subnet Deny");
        }

        @Test
        void vm3_isDecidedByNsg2Only() {
            Net denying = scenario(rules(allowHttpToInternet("Allow-HTTP-Out-Subnet")),
                    rules(denyHttpToInternet("Deny-HTTP-Out")));
            FlowResult denied = denying.verify("vm3-nic", "Outbound", "TCP", "10.0.2.4:50000", INTERNET_SERVER);
            assertThat(denied.access()).isEqualTo(Access.DENY);
            assertThat(denied.ruleName()).isEqualTo("securityRules/Deny-HTTP-Out");
            assertThat(trace(denied)).containsExactly("NSG2 " + VM3_NIC + " securityRules/Deny-HTTP-Out Deny");

            Net allowing = scenario(rules(denyHttpToInternet("Deny-HTTP-Out-Subnet")),
                    rules(allowHttpToInternet("Allow-HTTP-Out")));
            FlowResult allowed = allowing.verify("vm3-nic", "Outbound", "TCP", "10.0.2.4:50000", INTERNET_SERVER);
            assertThat(allowed.access()).isEqualTo(Access.ALLOW);
            assertThat(allowed.ruleName()).isEqualTo("securityRules/Allow-HTTP-Out");
            assertThat(allowed.networkSecurityGroup()).isEqualTo("NSG2");
            assertThat(trace(allowed)).containsExactly("NSG2 " + VM3_NIC + " securityRules/Allow-HTTP-Out Allow");
        }

        @Test
        void vm4_allTrafficIsAllowedWithoutRuleName() {
            Net net = scenario(rules(denyHttpToInternet("Deny-HTTP-Out-Subnet")),
                    rules(denyHttpToInternet("Deny-HTTP-Out")));

            FlowResult r = net.verify("vm4-nic", "Outbound", "TCP", "10.0.3.4:50000", INTERNET_SERVER);

            assertThat(r.access()).isEqualTo(Access.ALLOW);
            assertThat(r.ruleName()).isNull();
            assertThat(r.evaluations()).isEmpty();
        }
    }
}
