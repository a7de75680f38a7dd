package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.model.AddressPrefixItem;
import dev.nsgaudit.model.AdminRule;
import dev.nsgaudit.model.AdminRuleCollection;
import dev.nsgaudit.model.NetworkGroup;
import dev.nsgaudit.model.SecurityAdminConfiguration;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.nsgaudit.testing.Net.inbound;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security admin rules in {@code diff}: an admin rule added, changed or removed is a change of the packets of the
 * NICs and subnet hosts of the VNets it applies to, even when no NSG changed, and the focus on changed rules
 * ({@link ChangeFocus}) gives exactly what comparing everything gives.
 */
class AdminRulesDiffTest {

    private static Topology web(SecurityRule... rules) {
        return Net.network().vnet("vnet", "10.0.0.0/16").subnet("vnet/web", "10.0.1.0/24", "nsg-web")
                .nic("nic-web", "vnet/web", "10.0.1.4", null).nsg("nsg-web", rules).topology();
    }

    private static Topology withAdmin(Topology t, AdminRule... rules) {
        NetworkGroup group = new NetworkGroup("nm", "prod", null, null, List.of("vnet"), false, null, null);
        SecurityAdminConfiguration configuration = new SecurityAdminConfiguration("nm", "baseline", null,
                List.of(new AdminRuleCollection("guardrails", null, List.of("prod"), List.of(rules), null, null)), null,
                null);
        return t.withNetworkManagers(List.of(group), List.of(configuration));
    }

    private static AdminRule ssh(String access, int priority) {
        return AdminRule.builder("Ssh").priority(priority).direction("Inbound").access(access).protocol("Tcp")
                .sources(List.of(AddressPrefixItem.serviceTag("Internet"))).destinationPortRanges(List.of("22")).build();
    }

    /** The diff, checked to be the same with and without the focus on changed rules. */
    private static DiffResult diff(Topology base, Topology head) {
        DiffResult focused = new SemanticDiff(base, head, ServiceTags.bundled(), SemanticDiff.REGION_CAP, true).compute();
        DiffResult everything = new SemanticDiff(base, head, ServiceTags.bundled(), SemanticDiff.REGION_CAP, false)
                .compute();
        assertThat(focused.targets()).as("focused and whole diffs").isEqualTo(everything.targets());
        return focused;
    }

    private static TargetDiff nic(DiffResult r) {
        List<TargetDiff> nics = r.targets().stream().filter(t -> t.target().startsWith("nic:")).toList();
        assertThat(nics).hasSize(1);
        return nics.get(0);
    }

    @Test
    void anAlwaysAllowAdminRuleAddedNewlyAllowsWhatTheNsgDenies() {
        DiffResult r = diff(web(), withAdmin(web(), ssh("AlwaysAllow", 10)));
        TargetDiff t = nic(r);
        assertThat(t.target()).isEqualTo("nic:nic-web/ipconfig1");
        assertThat(t.direction()).isEqualTo("Inbound");
        assertThat(t.newlyDenied()).isEmpty();
        assertThat(t.mayChange()).isEmpty();
        assertThat(t.newlyAllowed()).isNotEmpty().allSatisfy(region -> {
            assertThat(region.protocols()).containsExactly("Tcp");
            assertThat(region.destinationPorts()).isEqualTo("22");
            assertThat(region.localAddresses()).containsExactly("10.0.1.4/32");
        });
        assertThat(t.fromInternet()).isTrue();
        assertThat(r.targets()).extracting(TargetDiff::target).contains(SubnetHosts.target("vnet/web"));
    }

    @Test
    void anAdminRuleRemovedOrTurnedToDenyNewlyDenies() {
        Topology open = web(inbound("Allow-Ssh", 100, "Allow").protocol("Tcp").destinationPortRange("22").build());
        TargetDiff removed = nic(diff(withAdmin(web(), ssh("AlwaysAllow", 10)), web()));
        assertThat(removed.newlyAllowed()).isEmpty();
        assertThat(removed.newlyDenied()).isNotEmpty();

        TargetDiff denied = nic(diff(withAdmin(open, ssh("Allow", 10)), withAdmin(open, ssh("Deny", 10))));
        assertThat(denied.newlyAllowed()).isEmpty();
        assertThat(denied.newlyDenied()).isNotEmpty().allSatisfy(region -> assertThat(region.destinationPorts())
                .isEqualTo("22"));
    }

    @Test
    void anAdminRuleThatChangesNoVerdictChangesNoPacket() {
        // Allow only continues to the NSG, which decides as before; a renamed rule is the same rule.
        assertThat(diff(web(), withAdmin(web(), ssh("Allow", 10))).targets()).isEmpty();
        AdminRule renamed = AdminRule.builder("Ssh-Renamed").priority(10).direction("Inbound").access("AlwaysAllow")
                .protocol("Tcp").sources(List.of(AddressPrefixItem.serviceTag("Internet")))
                .destinationPortRanges(List.of("22")).build();
        assertThat(diff(withAdmin(web(), ssh("AlwaysAllow", 10)), withAdmin(web(), renamed)).targets()).isEmpty();
    }

    @Test
    void aRuleOpenedBehindAnAdminDenyOpensNothing() {
        // The admin rule denies SSH from the Internet before the NSG is read: the new NSG rule decides none of it.
        Topology open = web(inbound("Allow-Ssh", 100, "Allow").protocol("Tcp").destinationPortRange("22").build());
        TargetDiff t = nic(diff(withAdmin(web(), ssh("Deny", 10)), withAdmin(open, ssh("Deny", 10))));
        assertThat(t.newlyAllowed()).isNotEmpty().allSatisfy(region -> {
            assertThat(region.destinationPorts()).isEqualTo("22");
            assertThat(region.remoteAddresses()).doesNotContain("0.0.0.0/0");
        });
        assertThat(t.fromInternet()).isFalse();
        assertThat(t.mayChange()).isEmpty();
    }
}
