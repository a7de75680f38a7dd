package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.nsgaudit.testing.Net.inbound;
import static org.assertj.core.api.Assertions.assertThat;

/** The changed rules named behind a region are found from the rule sets at the target, not from names or fields. */
class ChangedRulesTest {

    private static Net web(SecurityRule... rules) {
        return Net.network().vnet("vnet", "10.0.0.0/16").subnet("vnet/web", "10.0.1.0/24", "nsg-web")
                .asg("AsgWeb", "AsgDb").nic("nic-web", "vnet/web", "10.0.1.4", null, "AsgWeb")
                .nic("nic-db", "vnet/web", "10.0.1.5", null, "AsgDb").nsg("nsg-web", rules);
    }

    private static SecurityRule.Builder telnet(String name, int priority, String access) {
        return inbound(name, priority, access).protocol("Tcp").sourceAddressPrefix("203.0.113.0/24");
    }

    private static DiffRegion onlyAllowedAtWeb(DiffResult r) {
        List<TargetDiff> web = r.targets().stream().filter(t -> t.target().equals("nic:nic-web/ipconfig1")).toList();
        assertThat(web).hasSize(1);
        assertThat(web.get(0).newlyDenied()).isEmpty();
        assertThat(web.get(0).newlyAllowed()).hasSize(1);
        return web.get(0).newlyAllowed().get(0);
    }

    @Test
    void ofTwoChangedRulesOnlyTheOneThatMattersAtTheTargetIsNamed() {
        // Both rules change port 23 for the same sources; the second applies only to AsgDb, which nic-web is not in.
        SecurityRule.Builder ssh = telnet("Allow-SSH", 100, "Allow").destinationPortRange("22");
        SecurityRule.Builder db = telnet("Allow-Db", 200, "Allow").destinationAddressPrefix(null)
                .destinationApplicationSecurityGroups(List.of("AsgDb")).destinationPortRange("23");
        DiffResult r = new SemanticDiff(web(ssh.build(), db.build()).topology(),
                web(ssh.destinationPortRange("22-23").build(), db.destinationPortRange("23-24").build()).topology(),
                ServiceTags.bundled()).compute();
        DiffRegion region = onlyAllowedAtWeb(r);
        assertThat(region.destinationPorts()).isEqualTo("23");
        assertThat(region.changedRules()).containsExactly(new ChangedRule("nsg-web", "Allow-SSH", "changed", true));
        // At nic-db the other rule is behind its region (port 24).
        TargetDiff db1 = r.targets().stream().filter(t -> t.target().equals("nic:nic-db/ipconfig1")).findFirst()
                .orElseThrow();
        assertThat(db1.newlyAllowed()).hasSize(1);
        assertThat(db1.newlyAllowed().get(0).destinationPorts()).isEqualTo("24");
        assertThat(db1.newlyAllowed().get(0).changedRules())
                .containsExactly(new ChangedRule("nsg-web", "Allow-Db", "changed", true));
    }

    @Test
    void aChangedRuleThatOverlapsWithoutDecidingIsNamedAndOneOnOtherPortsIsNot() {
        SecurityRule.Builder ssh = telnet("Allow-SSH", 100, "Allow").destinationPortRange("22");
        DiffResult r = new SemanticDiff(web(ssh.build()).topology(), web(ssh.destinationPortRange("22-23").build(),
                telnet("Deny-Telnet", 300, "Deny").destinationPortRange("23").build(),
                telnet("Deny-RDP", 310, "Deny").destinationPortRange("3389").build()).topology(),
                ServiceTags.bundled()).compute();
        DiffRegion region = onlyAllowedAtWeb(r);
        assertThat(region.changedRules()).containsExactly(
                new ChangedRule("nsg-web", "Allow-SSH", "changed", true),
                new ChangedRule("nsg-web", "Deny-Telnet", "added", false));
    }
}
