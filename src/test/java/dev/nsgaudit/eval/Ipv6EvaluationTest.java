package dev.nsgaudit.eval;

import dev.nsgaudit.model.Access;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.nsgaudit.testing.Net.inbound;
import static dev.nsgaudit.testing.Net.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** IPv6 rules and packets on a dual-stack NIC. */
class Ipv6EvaluationTest {

    private static final String LOCAL6 = "[fd00:db8:0:1::4]";

    private final Net net = Net.network()
            .vnet("vnet1", "10.0.0.0/16", "fd00:db8::/48")
            .subnet("vnet1/app", List.of("10.0.1.0/24", "fd00:db8:0:1::/64"), "nsg")
            .nic("nic6", "vnet1/app", "fd00:db8:0:1::4", null)
            .nsg("nsg",
                    inbound("Allow-Https-Internet", 100, "Allow").protocol("Tcp").sourceAddressPrefix("Internet")
                            .destinationPortRange("443").build(),
                    inbound("Allow-Ssh-Admin6", 110, "Allow").protocol("Tcp")
                            .sourceAddressPrefix("2001:db8:ffff::/48").destinationPortRange("22").build(),
                    inbound("Allow-8080-Any4", 120, "Allow").protocol("Tcp").sourceAddressPrefix("0.0.0.0/0")
                            .destinationPortRange("8080").build(),
                    inbound("Allow-9090-Star", 130, "Allow").protocol("Tcp").destinationPortRange("9090").build(),
                    outbound("Deny-Dns6", 100, "Deny").protocol("Udp")
                            .destinationAddressPrefixes(List.of("2001:4860:4860::8888", "2001:4860:4860::8844"))
                            .destinationAddressPrefix(null).destinationPortRange("53").build());

    @Test
    void internetTagCoversPublicIpv6() {
        FlowResult r = net.verify("nic6", "Inbound", "TCP", LOCAL6 + ":443", "[2606:4700::1111]:50000");

        assertThat(r.access()).isEqualTo(Access.ALLOW);
        assertThat(r.ruleName()).isEqualTo("securityRules/Allow-Https-Internet");
    }

    @Test
    void ipv6PrefixRulesMatchOnlyTheirPrefix() {
        assertThat(net.verify("nic6", "Inbound", "TCP", LOCAL6 + ":22", "[2001:db8:ffff:1::9]:50000").ruleName())
                .isEqualTo("securityRules/Allow-Ssh-Admin6");
        FlowResult outside = net.verify("nic6", "Inbound", "TCP", LOCAL6 + ":22", "[2001:db8:fffe::9]:50000");
        assertThat(outside.access()).isEqualTo(Access.DENY);
        assertThat(outside.ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");
    }

    @Test
    void anIpv4ZeroPrefixDoesNotMatchIpv6ButStarDoes() {
        assertThat(net.verify("nic6", "Inbound", "TCP", LOCAL6 + ":8080", "[2606:4700::1111]:50000").ruleName())
                .isEqualTo("defaultSecurityRules/DenyAllInBound");
        assertThat(net.verify("nic6", "Inbound", "TCP", LOCAL6 + ":9090", "[2606:4700::1111]:50000").ruleName())
                .isEqualTo("securityRules/Allow-9090-Star");
    }

    @Test
    void virtualNetworkCoversTheVnetsIpv6SpaceOnly() {
        assertThat(net.verify("nic6", "Inbound", "TCP", LOCAL6 + ":5000", "[fd00:db8:0:2::9]:50000").ruleName())
                .isEqualTo("defaultSecurityRules/AllowVnetInBound");
        // A unique local address outside the VNet: neither VirtualNetwork nor Internet.
        assertThat(net.verify("nic6", "Inbound", "TCP", LOCAL6 + ":443", "[fd00:1::9]:50000").ruleName())
                .isEqualTo("defaultSecurityRules/DenyAllInBound");
        assertThat(net.verify("nic6", "Outbound", "TCP", LOCAL6 + ":50000", "[fd00:1::9]:443").ruleName())
                .isEqualTo("defaultSecurityRules/DenyAllOutBound");
    }

    @Test
    void outboundIpv6ToTheInternetAndAPluralPrefixRule() {
        assertThat(net.verify("nic6", "Outbound", "TCP", LOCAL6 + ":50000", "[2001:4860:4860::8888]:443").ruleName())
                .isEqualTo("defaultSecurityRules/AllowInternetOutBound");
        FlowResult dns = net.verify("nic6", "Outbound", "UDP", LOCAL6 + ":50000", "[2001:4860:4860::8844]:53");
        assertThat(dns.access()).isEqualTo(Access.DENY);
        assertThat(dns.ruleName()).isEqualTo("securityRules/Deny-Dns6");
    }

    @Test
    void bareIpv6WithoutPortIsAcceptedForPortlessProtocols() {
        FlowResult r = net.verify("nic6", "Inbound", "ICMP", "fd00:db8:0:1::4", "fd00:db8:0:2::9");

        assertThat(r.ruleName()).isEqualTo("defaultSecurityRules/AllowVnetInBound");
    }

    @Test
    void theLocalAddressMustBelongToTheNic() {
        assertThatThrownBy(() -> net.verify("nic6", "Inbound", "TCP", "[fd00:db8:0:1::5]:443", "[2606:4700::1]:5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an address of NIC nic6");
    }
}
