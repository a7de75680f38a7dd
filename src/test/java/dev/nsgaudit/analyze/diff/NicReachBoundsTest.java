package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.nsgaudit.testing.Net.inbound;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two bounds of a layer ({@link NicReach}) part where first match reads the bound, uncertain rules and ties of
 * another access, and only there: the packets they touch may change, the rest is newly allowed or denied.
 */
class NicReachBoundsTest {

    private static Net web(SecurityRule... rules) {
        return Net.network().vnet("vnet", "10.0.0.0/16").subnet("vnet/web", "10.0.1.0/24", null)
                .nic("nic-web", "vnet/web", "10.0.1.4", "nsg-web").nsg("nsg-web", rules);
    }

    private static TargetDiff inboundDiff(Net base, Net head) {
        DiffResult r = new SemanticDiff(base.topology(), head.topology(), ServiceTags.bundled()).compute();
        List<TargetDiff> t = r.targets().stream().filter(d -> d.target().startsWith("nic:")
                && d.direction().equals("Inbound")).toList();
        assertThat(t).hasSize(1);
        return t.get(0);
    }

    private static SecurityRule.Builder https(String name, String access) {
        return inbound(name, 100, access).protocol("Tcp").sourceAddressPrefix("203.0.113.0/24")
                .destinationPortRange("443");
    }

    @Test
    void rulesTiedOnPriorityWithAnotherAccessMayChangeTheirPackets() {
        TargetDiff t = inboundDiff(web(), web(https("Allow-Https", "Allow").build(), https("Deny-Https", "Deny").build()));
        assertThat(t.newlyAllowed()).isEmpty();
        assertThat(t.newlyDenied()).isEmpty();
        assertThat(t.mayChange()).hasSize(1);
        assertThat(t.mayChange().get(0).remoteAddresses()).containsExactly("203.0.113.0/24");
    }

    @Test
    void tiedRulesOfOneAccessDecideForCertain() {
        TargetDiff t = inboundDiff(web(), web(https("Allow-Https", "Allow").build(),
                https("Allow-Https-Too", "Allow").build()));
        assertThat(t.mayChange()).isEmpty();
        assertThat(t.newlyAllowed()).hasSize(1);
    }

    @Test
    void anUncertainAllowMayChangeItsPackets() {
        TargetDiff t = inboundDiff(web(), web(inbound("Allow-Unknown", 100, "Allow").protocol("Tcp")
                .sourceAddressPrefix("NoSuchServiceTag").destinationPortRange("22").build()));
        assertThat(t.newlyAllowed()).isEmpty();
        assertThat(t.mayChange()).isNotEmpty();
    }

    @Test
    void aNicWhoseNsgIsMissingSurelyAllowsNothingAndMayAllowAnything() {
        Net missing = Net.network().vnet("vnet", "10.0.0.0/16").subnet("vnet/web", "10.0.1.0/24", null)
                .nic("nic-web", "vnet/web", "10.0.1.4", "nsg-missing");
        TargetDiff t = inboundDiff(web(), missing);
        assertThat(t.newlyAllowed()).isEmpty();
        assertThat(t.newlyDenied()).isEmpty();
        assertThat(t.mayChange()).isNotEmpty();
    }
}
