package dev.nsgaudit.eval;

import dev.nsgaudit.semantics.NetworkView;

import dev.nsgaudit.model.Access;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Test;

import static dev.nsgaudit.testing.Net.inbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the input leaves an answer open the verifier says so instead of guessing; elsewhere it decides. */
class VerifierEdgeCasesTest {

    private static Net oneNic(dev.nsgaudit.model.SecurityRule... rules) {
        return Net.network()
                .vnet("vnet1", "10.0.0.0/16")
                .subnet("vnet1/app", "10.0.1.0/24", "nsg")
                .nic("nic", "vnet1/app", "10.0.1.4", null)
                .nsg("nsg", rules);
    }

    @Test
    void aStarSourcePortIsInconclusiveWhenARuleDependsOnIt() {
        Net net = oneNic(inbound("Allow-High-Src", 100, "Allow").sourcePortRange("1024-65535")
                .destinationPortRange("443").build());

        FlowResult any = net.verify("nic", "Inbound", "TCP", "10.0.1.4:443", "8.8.8.8:*");
        assertThat(any.conclusive()).isFalse();
        assertThat(any.reasons()).singleElement().asString().contains("source port");
        assertThat(any.alternatives()).extracting(FlowResult::ruleName).containsExactlyInAnyOrder(
                "securityRules/Allow-High-Src", "defaultSecurityRules/DenyAllInBound");

        assertThat(net.verify("nic", "Inbound", "TCP", "10.0.1.4:443", "8.8.8.8:50000").ruleName())
                .isEqualTo("securityRules/Allow-High-Src");
        assertThat(net.verify("nic", "Inbound", "TCP", "10.0.1.4:443", "8.8.8.8:1023").ruleName())
                .isEqualTo("defaultSecurityRules/DenyAllInBound");
    }

    @Test
    void aStarSourcePortIsConclusiveWhenNoRuleDependsOnIt() {
        Net net = oneNic(inbound("Allow-High-Src", 100, "Allow").sourcePortRange("1024-65535")
                .destinationPortRange("443").build());

        FlowResult r = net.verify("nic", "Inbound", "TCP", "10.0.1.4:22", "8.8.8.8:*");

        assertThat(r.conclusive()).isTrue();
        assertThat(r.ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");
    }

    @Test
    void duplicatePrioritiesWithDifferentAccessMakeTheAnswerInconclusive() {
        Net net = oneNic(
                inbound("Allow-Web", 100, "Allow").destinationPortRange("80").build(),
                inbound("Deny-Web", 100, "Deny").destinationPortRange("80").build());

        FlowResult r = net.verify("nic", "Inbound", "TCP", "10.0.1.4:80", "8.8.8.8:50000");

        assertThat(r.conclusive()).isFalse();
        assertThat(r.reasons()).singleElement().asString().contains("same priority 100");
        assertThat(net.verify("nic", "Inbound", "TCP", "10.0.1.4:81", "8.8.8.8:50000").conclusive()).isTrue();
    }

    @Test
    void anUnresolvableRuleOnlyMattersWhereItCouldMatchFirst() {
        Net net = oneNic(
                inbound("Allow-Web", 100, "Allow").destinationPortRange("80").build(),
                inbound("Deny-Unknown", 200, "Deny").sourceAddressPrefix("NoSuchTag").build());

        FlowResult decidedEarlier = net.verify("nic", "Inbound", "TCP", "10.0.1.4:80", "8.8.8.8:50000");
        assertThat(decidedEarlier.conclusive()).isTrue();
        assertThat(decidedEarlier.ruleName()).isEqualTo("securityRules/Allow-Web");

        FlowResult open = net.verify("nic", "Inbound", "TCP", "10.0.1.4:22", "8.8.8.8:50000");
        assertThat(open.conclusive()).isFalse();
        assertThat(open.access()).isNull();
        assertThat(open.reasons()).singleElement().asString().contains("Deny-Unknown").contains("NoSuchTag");
    }

    @Test
    void anUnknownDirectionMayMatchEitherWay() {
        Net net = oneNic(inbound("Sideways", 100, "Deny").direction("Sideways").build());

        assertThat(net.verify("nic", "Inbound", "TCP", "10.0.1.4:80", "10.0.2.4:5").conclusive()).isFalse();
        assertThat(net.verify("nic", "Outbound", "TCP", "10.0.1.4:5", "10.0.2.4:80").conclusive()).isFalse();
    }

    @Test
    void anNsgSeenFromTwoVnetsIsInconclusiveOnlyWhereTheirViewsDisagree() {
        Net net = Net.network()
                .vnet("vnet-a", "10.0.0.0/16")
                .vnet("vnet-b", "10.1.0.0/16")
                .subnet("vnet-a/app", "10.0.1.0/24", "shared")
                .subnet("vnet-b/app", "10.1.1.0/24", "shared")
                .nsg("shared");

        FlowResult differs = net.answerNsg("shared", "Inbound", "TCP", "10.0.1.4:22", "10.0.0.5:50000").result();
        assertThat(differs.conclusive()).isFalse();
        assertThat(differs.reasons()).singleElement().asString().contains("several virtual networks");

        FlowResult agrees = net.answerNsg("shared", "Inbound", "TCP", "10.0.1.4:22", "8.8.8.8:50000").result();
        assertThat(agrees.access()).isEqualTo(Access.DENY);
    }

    @Test
    void aNicInAnUndefinedSubnetIsInconclusiveAndNotesTheAssumption() {
        Net net = Net.network().nic("lost", "vnet-x/none", "10.0.1.4", null);

        Verifier.Answer answer = net.answer("lost", "Inbound", "TCP", "10.0.1.4:22", "8.8.8.8:50000");

        assertThat(answer.result().conclusive()).isFalse();
        assertThat(answer.result().reasons()).singleElement().asString().contains("vnet-x/none");
        assertThat(answer.notes()).containsExactly(NetworkView.D3_NOTE);
    }

    @Test
    void nicAndNsgNamesAreCaseInsensitive() {
        Net net = oneNic(inbound("Allow-Web", 100, "Allow").destinationPortRange("80").build());

        assertThat(net.verify("NIC", "inbound", "tcp", "10.0.1.4:80", "8.8.8.8:1").ruleName())
                .isEqualTo("securityRules/Allow-Web");
        assertThat(net.answerNsg("NSG", "Inbound", "TCP", "10.0.1.4:80", "8.8.8.8:1").result().networkSecurityGroup())
                .isEqualTo("nsg");
    }

    @Test
    void queryEndpointsAreParsedStrictly() {
        assertThat(FlowQuery.parse("n", null, "Inbound", "TCP", "[2001:db8::4]:443", "[2001:db8::9]:*"))
                .satisfies(q -> {
                    assertThat(q.localPort()).isEqualTo(443);
                    assertThat(q.remotePort()).isNull();
                    assertThat(q.localAddress()).hasToString("2001:db8::4");
                });
        assertThatThrownBy(() -> FlowQuery.parse("n", null, "Inbound", "TCP", "[2001:db8::4]443", "1.2.3.4:1"))
                .hasMessageContaining("expected ':' after ']'");
        assertThatThrownBy(() -> FlowQuery.parse("n", null, "Inbound", "TCP", "[2001:db8::4:443", "1.2.3.4:1"))
                .hasMessageContaining("missing ']'");
        assertThatThrownBy(() -> FlowQuery.parse("n", null, "Inbound", "TCP", "2001:db8::4:443", "1.2.3.4:1"))
                .as("a bare IPv6 address has no port").hasMessageContaining("has no port");
        assertThatThrownBy(() -> FlowQuery.parse("n", null, "Inbound", "TCP", "10.0.0.4:\u0668\u0660", "1.2.3.4:1"))
                .hasMessageContaining("must be an integer");
        assertThatThrownBy(() -> FlowQuery.parse("n", "m", "Inbound", "TCP", "10.0.0.4:80", "1.2.3.4:1"))
                .hasMessageContaining("exactly one of nic and nsg");
    }
}
