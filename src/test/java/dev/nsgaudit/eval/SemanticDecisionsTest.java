package dev.nsgaudit.eval;

import dev.nsgaudit.semantics.NetworkView;

import dev.nsgaudit.model.Access;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.nsgaudit.testing.Net.inbound;
import static dev.nsgaudit.testing.Net.outbound;
import static dev.nsgaudit.testing.Net.trace;
import static org.assertj.core.api.Assertions.assertThat;

/** The decisions D3, D5, D6, D7 and D8 of SPEC section 2, through the verifier. */
class SemanticDecisionsTest {

    @Nested
    class D3_noVirtualNetwork {

        private final Net net = Net.network()
                .vnet("vnet1", "10.0.0.0/16")
                .subnet("vnet1/app", "10.0.1.0/24", "nsg-attached")
                .nsg("nsg-attached")
                .nsg("nsg-loose");

        @Test
        void anNsgAttachedToNothingIsJudgedWithTheAssumedVirtualNetworkAndSaysSo() {
            Verifier.Answer answer = net.answerNsg("nsg-loose", "Inbound", "TCP", "10.200.0.4:22", "172.20.0.9:50000");

            assertThat(answer.notes()).containsExactly(NetworkView.D3_NOTE);
            assertThat(answer.result().access()).isEqualTo(Access.ALLOW);
            assertThat(answer.result().ruleName()).isEqualTo("defaultSecurityRules/AllowVnetInBound");
            assertThat(trace(answer.result())).containsExactly(
                    "nsg-loose nsg:nsg-loose defaultSecurityRules/AllowVnetInBound Allow");
        }

        @Test
        void theAssumptionDecidesWhatIsVirtualNetworkAndInternet() {
            assertThat(net.answerNsg("nsg-loose", "Inbound", "TCP", "10.200.0.4:22", "8.8.8.8:50000").result()
                    .ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");
            assertThat(net.answerNsg("nsg-loose", "Outbound", "TCP", "10.200.0.4:50000", "8.8.8.8:443").result()
                    .ruleName()).isEqualTo("defaultSecurityRules/AllowInternetOutBound");
            assertThat(net.answerNsg("nsg-loose", "Outbound", "TCP", "10.200.0.4:50000", "100.64.0.1:443").result()
                    .ruleName()).isEqualTo("defaultSecurityRules/DenyAllOutBound");
        }

        @Test
        void anAttachedNsgUsesItsVnetAndMakesNoAssumption() {
            Verifier.Answer answer = net.answerNsg("nsg-attached", "Inbound", "TCP", "10.0.1.4:22",
                    "172.20.0.9:50000");

            assertThat(answer.notes()).isEmpty();
            assertThat(answer.result().ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");
        }
    }

    @Nested
    class D5_anyProtocol {

        private final Net net = Net.network()
                .vnet("vnet1", "10.0.0.0/16")
                .subnet("vnet1/vpn", "10.0.9.0/24", "nsg")
                .nic("nic", "vnet1/vpn", "10.0.9.4", null)
                .nsg("nsg",
                        inbound("Allow-Tcp-Peer", 100, "Allow").protocol("Tcp").sourceAddressPrefix("198.51.100.0/24")
                                .build(),
                        inbound("Allow-Any-Partner", 200, "Allow").protocol("*").sourceAddressPrefix("203.0.113.0/24")
                                .build());

        @ParameterizedTest
        @ValueSource(strings = {"ESP", "AH", "ICMP", "UDP", "TCP", "esp"})
        void starMatchesAllFiveProtocols(String protocol) {
            FlowResult r = net.verify("nic", "Inbound", protocol, "10.0.9.4:500", "203.0.113.9:500");

            assertThat(r.access()).isEqualTo(Access.ALLOW);
            assertThat(r.ruleName()).isEqualTo("securityRules/Allow-Any-Partner");
        }

        @Test
        void aTcpRuleDoesNotMatchEsp() {
            FlowResult r = net.verify("nic", "Inbound", "ESP", "10.0.9.4", "198.51.100.9");

            assertThat(r.access()).isEqualTo(Access.DENY);
            assertThat(r.ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");
        }
    }

    @Nested
    class D6_portlessProtocols {

        private final Net net = Net.network()
                .vnet("vnet1", "10.0.0.0/16")
                .subnet("vnet1/app", "10.0.1.0/24", "nsg")
                .nic("nic", "vnet1/app", "10.0.1.4", null)
                .nsg("nsg",
                        inbound("Allow-Any-80", 100, "Allow").sourceAddressPrefix("Internet")
                                .destinationPortRange("80").build(),
                        inbound("Allow-Icmp-Port", 110, "Allow").protocol("Icmp").sourceAddressPrefix("Internet")
                                .destinationPortRange("7").build(),
                        inbound("Allow-Icmp-Office", 120, "Allow").protocol("Icmp")
                                .sourceAddressPrefix("198.51.100.0/24").destinationPortRange("0-65535").build(),
                        inbound("Allow-Esp-HighPorts", 130, "Allow").protocol("Esp")
                                .sourceAddressPrefix("203.0.113.0/24").sourcePortRange("1024-65535").build());

        @Test
        void icmpSkipsRulesWithRestrictedPorts() {
            FlowResult r = net.verify("nic", "Inbound", "ICMP", "10.0.1.4", "8.8.8.8");

            assertThat(r.access()).isEqualTo(Access.DENY);
            assertThat(r.ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");
        }

        @Test
        void tcpToThePortStillMatchesTheStarProtocolRule() {
            assertThat(net.verify("nic", "Inbound", "TCP", "10.0.1.4:80", "8.8.8.8:40000").ruleName())
                    .isEqualTo("securityRules/Allow-Any-80");
        }

        @Test
        void icmpMatchesARuleWhosePortsAreTheFullRange() {
            FlowResult r = net.verify("nic", "Inbound", "ICMP", "10.0.1.4", "198.51.100.7");

            assertThat(r.access()).isEqualTo(Access.ALLOW);
            assertThat(r.ruleName()).isEqualTo("securityRules/Allow-Icmp-Office");
        }

        @Test
        void espSkipsARuleWithARestrictedSourcePort() {
            FlowResult r = net.verify("nic", "Inbound", "ESP", "10.0.1.4", "203.0.113.7");

            assertThat(r.access()).isEqualTo(Access.DENY);
            assertThat(r.ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");
        }

        @Test
        void portsGivenForIcmpAreIgnored() {
            FlowResult r = net.verify("nic", "Inbound", "ICMP", "10.0.1.4:80", "198.51.100.7:7");

            assertThat(r.ruleName()).isEqualTo("securityRules/Allow-Icmp-Office");
        }
    }

    @Nested
    class D7_platformTraffic {

        private static Net withOutboundRules(dev.nsgaudit.model.SecurityRule... rules) {
            return Net.network()
                    .vnet("vnet1", "10.0.0.0/16")
                    .subnet("vnet1/app", "10.0.1.0/24", "nsg-subnet")
                    .nic("nic", "vnet1/app", "10.0.1.4", "nsg-nic")
                    .nsg("nsg-subnet")
                    .nsg("nsg-nic", rules);
        }

        private static dev.nsgaudit.model.SecurityRule denyAll() {
            return outbound("Deny-All-Out", 100, "Deny").build();
        }

        @Test
        void dnsToTheAzureHostPassesEvenADenyAllRule() {
            Net net = withOutboundRules(denyAll());

            FlowResult r = net.verify("nic", "Outbound", "UDP", "10.0.1.4:50000", "168.63.129.16:53");

            assertThat(r.access()).isEqualTo(Access.ALLOW);
            assertThat(r.ruleName()).isEqualTo("platform/DNS");
            assertThat(trace(r)).containsExactly(
                    "nsg-nic nic:nic platform/DNS Allow",
                    "nsg-subnet subnet:vnet1/app platform/DNS Allow");
        }

        @Test
        void aRuleDenyingAzurePlatformDnsBlocksIt() {
            Net net = withOutboundRules(denyAll(),
                    outbound("Deny-Platform-DNS", 200, "Deny").destinationAddressPrefix("AzurePlatformDNS").build());

            FlowResult r = net.verify("nic", "Outbound", "UDP", "10.0.1.4:50000", "168.63.129.16:53");

            assertThat(r.access()).isEqualTo(Access.DENY);
            assertThat(r.ruleName()).isEqualTo("securityRules/Deny-Platform-DNS");
            assertThat(r.networkSecurityGroup()).isEqualTo("nsg-nic");
            assertThat(trace(r)).containsExactly("nsg-nic nic:nic securityRules/Deny-Platform-DNS Deny");
        }

        @Test
        void otherPortsOfTheAzureHostAreFilteredNormally() {
            Net net = withOutboundRules(denyAll());

            FlowResult r = net.verify("nic", "Outbound", "UDP", "10.0.1.4:50000", "168.63.129.16:54");

            assertThat(r.access()).isEqualTo(Access.DENY);
            assertThat(r.ruleName()).isEqualTo("securityRules/Deny-All-Out");
        }

        @Test
        void imdsIsPlatformTrafficUnlessAzurePlatformImdsIsDenied() {
            FlowResult open = withOutboundRules(denyAll())
                    .verify("nic", "Outbound", "TCP", "10.0.1.4:50000", "169.254.169.254:80");
            assertThat(open.access()).isEqualTo(Access.ALLOW);
            assertThat(open.ruleName()).isEqualTo("platform/IMDS");

            FlowResult blocked = withOutboundRules(
                    outbound("Deny-IMDS", 300, "Deny").destinationAddressPrefix("azureplatformimds").build())
                    .verify("nic", "Outbound", "TCP", "10.0.1.4:50000", "169.254.169.254:80");
            assertThat(blocked.access()).isEqualTo(Access.DENY);
            assertThat(blocked.ruleName()).isEqualTo("securityRules/Deny-IMDS");
        }

        @Test
        void wireServerIsPlatformTraffic() {
            FlowResult r = withOutboundRules(denyAll())
                    .verify("nic", "Outbound", "TCP", "10.0.1.4:50000", "168.63.129.16:32526");

            assertThat(r.access()).isEqualTo(Access.ALLOW);
            assertThat(r.ruleName()).isEqualTo("platform/WireServer");
        }

        @Test
        void inboundFromTheAzureHostIsNotExempt() {
            Net net = Net.network()
                    .vnet("vnet1", "10.0.0.0/16")
                    .subnet("vnet1/app", "10.0.1.0/24", "nsg")
                    .nic("nic", "vnet1/app", "10.0.1.4", null)
                    .nsg("nsg", inbound("Deny-All-In", 100, "Deny").build());

            FlowResult r = net.verify("nic", "Inbound", "TCP", "10.0.1.4:80", "168.63.129.16:50000");

            assertThat(r.access()).isEqualTo(Access.DENY);
            assertThat(r.ruleName()).isEqualTo("securityRules/Deny-All-In");
        }
    }

    @Nested
    class D8_dynamicAsgMembers {

        private Net net(boolean staticHostAt10) {
            Net n = Net.network()
                    .vnet("vnet1", "10.0.0.0/16")
                    .subnet("vnet1/logic", "10.0.2.0/24", null)
                    .subnet("vnet1/db", "10.0.3.0/24", "nsg-db")
                    .asg("AsgLogic", "AsgDb")
                    .nic("nic-logic", "vnet1/logic", null, null, "AsgLogic")
                    .nic("nic-db", "vnet1/db", "10.0.3.4", null, "AsgDb")
                    .nsg("nsg-db",
                            inbound("Allow-Logic", 110, "Allow").protocol("Tcp")
                                    .sourceAddressPrefix(null).sourceApplicationSecurityGroups(List.of("AsgLogic"))
                                    .destinationPortRange("1433").build(),
                            inbound("Deny-Sql", 120, "Deny").destinationPortRange("1433").build());
            if (staticHostAt10) {
                n.nic("nic-other", "vnet1/logic", "10.0.2.10", null);
            }
            return n;
        }

        @Test
        void anAddressADynamicMemberCouldHoldIsInconclusiveWhenTheAnswerDiffers() {
            FlowResult r = net(false).verify("nic-db", "Inbound", "TCP", "10.0.3.4:1433", "10.0.2.10:50000");

            assertThat(r.conclusive()).isFalse();
            assertThat(r.access()).isNull();
            assertThat(r.ruleName()).isNull();
            assertThat(r.reasons()).singleElement().asString().contains("D8").contains("nic-logic");
            assertThat(r.alternatives()).extracting(FlowResult::ruleName)
                    .containsExactlyInAnyOrder("securityRules/Deny-Sql", "securityRules/Allow-Logic");
        }

        @Test
        void theReservedAddressesOfTheSubnetCannotBeADynamicMember() {
            Net net = net(false);
            for (String reserved : List.of("10.0.2.0", "10.0.2.3", "10.0.2.255")) {
                FlowResult r = net.verify("nic-db", "Inbound", "TCP", "10.0.3.4:1433", reserved + ":50000");
                assertThat(r.conclusive()).as(reserved).isTrue();
                assertThat(r.ruleName()).as(reserved).isEqualTo("securityRules/Deny-Sql");
            }
            for (String usable : List.of("10.0.2.4", "10.0.2.254")) {
                assertThat(net.verify("nic-db", "Inbound", "TCP", "10.0.3.4:1433", usable + ":50000").conclusive())
                        .as(usable).isFalse();
            }
        }

        @Test
        void whenEveryCandidateGetsTheSameAnswerItIsConclusive() {
            FlowResult r = net(false).verify("nic-db", "Inbound", "TCP", "10.0.3.4:22", "10.0.2.10:50000");

            assertThat(r.conclusive()).isTrue();
            assertThat(r.ruleName()).isEqualTo("defaultSecurityRules/AllowVnetInBound");
        }

        @Test
        void aNicWithThatStaticAddressIsWhoTheAddressIs() {
            FlowResult r = net(true).verify("nic-db", "Inbound", "TCP", "10.0.3.4:1433", "10.0.2.10:50000");

            assertThat(r.conclusive()).isTrue();
            assertThat(r.access()).isEqualTo(Access.DENY);
            assertThat(r.ruleName()).isEqualTo("securityRules/Deny-Sql");
        }

        @Test
        void theDynamicNicItselfCanBeVerifiedAtAnyUsableAddress() {
            FlowResult r = net(false).verify("nic-logic", "Outbound", "TCP", "10.0.2.77:50000", "10.0.3.4:1433");

            assertThat(r.access()).isEqualTo(Access.ALLOW);
            assertThat(r.ruleName()).isNull();
        }
    }
}
