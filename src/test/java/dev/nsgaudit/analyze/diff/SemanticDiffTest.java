package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.nsgaudit.testing.Net.inbound;
import static org.assertj.core.api.Assertions.assertThat;

/** Exact diffs of hand-built pairs of versions (issue 12). */
class SemanticDiffTest {

    private static Net web(SecurityRule... rules) {
        return Net.network().vnet("vnet", "10.0.0.0/16").subnet("vnet/web", "10.0.1.0/24", "nsg-web")
                .asg("AsgWeb").nic("nic-web", "vnet/web", "10.0.1.4", null).nsg("nsg-web", rules);
    }

    private static DiffResult diff(Net base, Net head) {
        return new SemanticDiff(base.topology(), head.topology(), ServiceTags.bundled()).compute();
    }

    /** The one NIC target that changes (the subnet's other hosts are asserted where they matter). */
    private static TargetDiff only(DiffResult r) {
        List<TargetDiff> nics = r.targets().stream().filter(t -> t.target().startsWith("nic:")).toList();
        assertThat(nics).hasSize(1);
        return nics.get(0);
    }

    @Test
    void oneRuleAddedIsExactlyItsOwnPackets() {
        DiffResult r = diff(web(), web(inbound("Allow-SSH", 100, "Allow").protocol("Tcp")
                .sourceAddressPrefix("203.0.113.0/24").destinationPortRange("22").build()));
        TargetDiff t = only(r);
        assertThat(t.target()).isEqualTo("nic:nic-web/ipconfig1");
        assertThat(t.direction()).isEqualTo("Inbound");
        assertThat(t.newlyDenied()).isEmpty();
        assertThat(t.mayChange()).isEmpty();
        assertThat(t.newlyAllowed()).hasSize(1);
        DiffRegion region = t.newlyAllowed().get(0);
        assertThat(region.protocols()).containsExactly("Tcp");
        assertThat(region.remoteAddresses()).containsExactly("203.0.113.0/24");
        assertThat(region.destinationPorts()).isEqualTo("22");
        assertThat(region.sourcePorts()).isEqualTo("*");
        assertThat(region.localAddresses()).containsExactly("10.0.1.4/32");
        DiffWitness w = region.witness();
        assertThat(w.sourceAddress()).isEqualTo("203.0.113.0");
        assertThat(w.destinationAddress()).isEqualTo("10.0.1.4");
        assertThat(w.before().toString()).isEqualTo("Deny by nsg-web defaultSecurityRules/DenyAllInBound");
        assertThat(w.after().toString()).isEqualTo("Allow by nsg-web securityRules/Allow-SSH");
        assertThat(t.fromInternet()).isTrue();
        assertThat(r.structure()).containsExactly("NSG nsg-web: rule Allow-SSH added");
    }

    @Test
    void swappedPrioritiesNewlyDenyTheException() {
        SecurityRule.Builder allow = inbound("Allow-HTTPS", 100, "Allow").protocol("Tcp")
                .sourceAddressPrefix("Internet").destinationPortRange("443");
        SecurityRule.Builder deny = inbound("Deny-Partner", 200, "Deny").protocol("Tcp")
                .sourceAddressPrefix("198.51.100.0/24").destinationPortRange("443");
        DiffResult r = diff(web(allow.build(), deny.build()),
                web(allow.priority(200).build(), deny.priority(100).build()));
        TargetDiff t = only(r);
        assertThat(t.newlyAllowed()).isEmpty();
        assertThat(t.newlyDenied()).hasSize(1);
        DiffRegion region = t.newlyDenied().get(0);
        assertThat(region.remoteAddresses()).containsExactly("198.51.100.0/24");
        assertThat(region.destinationPorts()).isEqualTo("443");
        assertThat(region.witness().before().rule()).isEqualTo("securityRules/Allow-HTTPS");
        assertThat(region.witness().after().rule()).isEqualTo("securityRules/Deny-Partner");
    }

    @Test
    void joiningAnAsgOpensWhatTheAsgIsAllowed() {
        SecurityRule rule = inbound("Allow-HTTP", 100, "Allow").protocol("Tcp").sourceAddressPrefix("Internet")
                .destinationAddressPrefix(null).destinationApplicationSecurityGroups(List.of("AsgWeb"))
                .destinationPortRange("80").build();
        Net base = web(rule);
        Net head = Net.network().vnet("vnet", "10.0.0.0/16").subnet("vnet/web", "10.0.1.0/24", "nsg-web")
                .asg("AsgWeb").nic("nic-web", "vnet/web", "10.0.1.4", null, "AsgWeb").nsg("nsg-web", rule);
        TargetDiff t = only(diff(base, head));
        assertThat(t.newlyAllowed()).hasSize(1);
        assertThat(t.newlyAllowed().get(0).destinationPorts()).isEqualTo("80");
        assertThat(t.newlyAllowed().get(0).witness().after().rule()).isEqualTo("securityRules/Allow-HTTP");
        assertThat(t.fromInternet()).isTrue();
        // Leaving it again closes the same packets.
        TargetDiff back = only(diff(head, base));
        assertThat(back.newlyAllowed()).isEmpty();
        assertThat(back.newlyDenied()).hasSize(1);
    }

    @Test
    void removingTheSubnetNsgOpensEverythingTheDefaultsDenied() {
        Net base = web();
        Net head = Net.network().vnet("vnet", "10.0.0.0/16").subnet("vnet/web", "10.0.1.0/24", null)
                .asg("AsgWeb").nic("nic-web", "vnet/web", "10.0.1.4", null).nsg("nsg-web");
        DiffResult r = diff(base, head);
        assertThat(r.structure()).contains("subnet vnet/web: NSG nsg-web -> none");
        TargetDiff in = r.targets().stream().filter(t -> t.direction().equals("Inbound")).findFirst().orElseThrow();
        assertThat(in.newlyAllowed()).isNotEmpty();
        assertThat(in.fromInternet()).isTrue();
        DiffWitness w = in.newlyAllowed().get(0).witness();
        assertThat(w.before().access()).isEqualTo("Deny");
        assertThat(w.after().access()).isEqualTo("Allow");
    }

    @Test
    void widenedFromA24ToInternetOpensTheRestOfTheInternet() {
        SecurityRule.Builder ssh = inbound("Allow-SSH", 100, "Allow").protocol("Tcp").destinationPortRange("22");
        TargetDiff t = only(diff(web(ssh.sourceAddressPrefix("203.0.113.0/24").build()),
                web(ssh.sourceAddressPrefix("Internet").build())));
        assertThat(t.newlyDenied()).isEmpty();
        assertThat(t.newlyAllowed()).isNotEmpty();
        assertThat(t.newlyAllowed()).allSatisfy(region -> {
            assertThat(region.destinationPorts()).isEqualTo("22");
            assertThat(region.remoteAddresses()).doesNotContain("203.0.113.0/24");
        });
        assertThat(t.newlyAllowed().stream().flatMap(x -> x.remoteAddresses().stream()))
                .contains("1.0.0.0/8", "203.0.114.0/23");
        assertThat(t.fromInternet()).isTrue();
    }

    @Test
    void reorderingTheRuleListChangesNothing() {
        SecurityRule a = inbound("A", 100, "Allow").protocol("Tcp").destinationPortRange("443").build();
        SecurityRule b = inbound("B", 200, "Deny").protocol("Tcp").sourceAddressPrefix("10.0.0.0/8").build();
        DiffResult r = diff(web(a, b), web(b, a));
        assertThat(r.isEmpty()).isTrue();
    }

    private static SecurityRule web(String name) {
        return inbound(name, 100, "Allow").protocol("Tcp").destinationPortRanges(List.of("80", "443"))
                .destinationPortRange(null).build();
    }

    @Test
    void renamedRulesWithTheSameMeaningChangeNoPacket() {
        DiffResult r = diff(web(web("Allow-Web")), web(web("Allow-HTTP-HTTPS")));
        assertThat(r.targets()).isEmpty();
        assertThat(r.newFindings()).isEmpty();
        assertThat(r.fixedFindings()).isEmpty();
        assertThat(r.structure()).containsExactly("NSG nsg-web: rule Allow-HTTP-HTTPS added",
                "NSG nsg-web: rule Allow-Web removed");
    }

    @Test
    void aNewNicIsEverythingItAllowsAndANewShadowedRuleIsANewFinding() {
        Net base = web(inbound("Deny-All", 100, "Deny").build());
        Net head = web(inbound("Deny-All", 100, "Deny").build(),
                inbound("Allow-SSH", 200, "Allow").protocol("Tcp").destinationPortRange("22").build())
                .nic("nic-two", "vnet/web", "10.0.1.5", null);
        DiffResult r = diff(base, head);
        assertThat(r.structure()).contains("NIC nic-two added (no NSG)");
        assertThat(r.newFindings()).extracting(f -> f.id() + " " + f.rule())
                .contains("shadowed-rule Allow-SSH");
        assertThat(r.targets()).extracting(TargetDiff::target).containsOnly("nic:nic-two/ipconfig1");
    }

    @Test
    void theSubnetsOtherHostsAreComparedThroughTheSubnetLayerOnly() {
        // The rule opens SSH to the whole subnet; nic-web has its own NSG that denies it, the other hosts have none.
        SecurityRule ssh = inbound("Allow-SSH", 100, "Allow").protocol("Tcp").sourceAddressPrefix("203.0.113.0/24")
                .destinationPortRange("22").build();
        SecurityRule denySsh = inbound("Deny-SSH", 100, "Deny").protocol("Tcp").destinationPortRange("22").build();
        Net base = Net.network().vnet("vnet", "10.0.0.0/16").subnet("vnet/web", "10.0.1.0/28", "nsg-web")
                .nic("nic-web", "vnet/web", "10.0.1.4", "nsg-nic").nsg("nsg-web").nsg("nsg-nic", denySsh);
        Net head = Net.network().vnet("vnet", "10.0.0.0/16").subnet("vnet/web", "10.0.1.0/28", "nsg-web")
                .nic("nic-web", "vnet/web", "10.0.1.4", "nsg-nic").nsg("nsg-web", ssh).nsg("nsg-nic", denySsh);
        DiffResult r = diff(base, head);
        assertThat(r.targets()).extracting(TargetDiff::target).containsExactly("subnet:vnet/web/other-hosts");
        TargetDiff t = r.targets().get(0);
        assertThat(t.direction()).isEqualTo("Inbound");
        assertThat(t.newlyDenied()).isEmpty();
        assertThat(t.mayChange()).isEmpty();
        assertThat(t.newlyAllowed()).hasSize(1);
        DiffRegion region = t.newlyAllowed().get(0);
        // 10.0.1.0/28 less the first four, the last, and nic-web's 10.0.1.4.
        assertThat(region.localAddresses()).containsExactly("10.0.1.5/32", "10.0.1.6/31", "10.0.1.8/30",
                "10.0.1.12/31", "10.0.1.14/32");
        assertThat(region.remoteAddresses()).containsExactly("203.0.113.0/24");
        assertThat(region.destinationPorts()).isEqualTo("22");
        assertThat(region.witness().before().toString())
                .isEqualTo("Deny by nsg-web defaultSecurityRules/DenyAllInBound");
        assertThat(region.witness().after().toString()).isEqualTo("Allow by nsg-web securityRules/Allow-SSH");
        assertThat(region.changedRules()).containsExactly(new ChangedRule("nsg-web", "Allow-SSH", "added", true));
        // Without an NSG on the subnet in either version the other hosts are not compared.
        java.util.function.Function<SecurityRule[], Net> bare = rules -> Net.network().vnet("vnet", "10.0.0.0/16")
                .subnet("vnet/web", "10.0.1.0/28", null).nic("nic-web", "vnet/web", "10.0.1.4", "nsg-nic")
                .nsg("nsg-nic", rules);
        DiffResult none = diff(bare.apply(new SecurityRule[] {denySsh}), bare.apply(new SecurityRule[] {denySsh,
                inbound("Allow-RDP", 200, "Allow").protocol("Tcp").destinationPortRange("3389").build()}));
        assertThat(none.targets()).extracting(TargetDiff::target).containsExactly("nic:nic-web/ipconfig1");
    }

    @Test
    void anNsgAttachedToNothingIsListedWithItsChangesAndChangesNoPacket() {
        SecurityRule ssh = inbound("Allow-SSH", 100, "Allow").protocol("Tcp").sourceAddressPrefix("Internet")
                .destinationPortRange("22").build();
        SecurityRule rdp = inbound("Allow-RDP", 110, "Allow").protocol("Tcp").sourceAddressPrefix("Internet")
                .destinationPortRange("3389").build();
        Net base = web().nsg("nsg-spare", ssh).nsg("nsg-later");
        Net head = web().nsg("nsg-spare", ssh, rdp).nsg("nsg-later", rdp).nsg("nsg-new", ssh)
                .nic("nic-two", "vnet/web", "10.0.1.5", "nsg-later");
        DiffResult r = diff(base, head);
        assertThat(r.notes()).containsExactly(
                "NSG nsg-new is attached to nothing in either version: its changes (added) change no packet until"
                        + " it is attached",
                "NSG nsg-spare is attached to nothing in either version: its changes (rule Allow-RDP added) change"
                        + " no packet until it is attached");
        // nsg-later is attached in head: its rule is packets at nic-two, not a note.
        assertThat(r.targets()).extracting(TargetDiff::target).containsOnly("nic:nic-two/ipconfig1");
    }

    @Test
    void topologyWithoutChangesGivesAnEmptyDiff() {
        Topology t = web(inbound("A", 100, "Allow").build()).topology();
        assertThat(new SemanticDiff(t, t, ServiceTags.bundled()).compute().isEmpty()).isTrue();
    }

    @Test
    void theOtherHostsOfASubnetAreTheUsableAddressesOfEveryPrefixV4AndV6() {
        Net base = Net.network().vnet("vnet", "10.0.0.0/16", "fd00:db8::/48")
                .subnet("vnet/web", List.of("10.0.1.0/24", "10.0.2.0/24", "fd00:db8:0:1::/64"), "nsg-web")
                .nsg("nsg-web");
        Net head = Net.network().vnet("vnet", "10.0.0.0/16", "fd00:db8::/48")
                .subnet("vnet/web", List.of("10.0.1.0/24", "10.0.2.0/24", "fd00:db8:0:1::/64"), "nsg-web")
                .nsg("nsg-web", inbound("Allow-SSH", 100, "Allow").protocol("Tcp").sourceAddressPrefix("*")
                        .destinationPortRange("22").build());
        DiffResult r = diff(base, head);
        TargetDiff t = r.targets().stream().filter(x -> x.target().equals("subnet:vnet/web/other-hosts")
                && x.direction().equals("Inbound")).findFirst().orElseThrow();
        List<String> local = t.newlyAllowed().stream().flatMap(g -> g.localAddresses().stream()).distinct().toList();
        // Each prefix's usable range: not Azure's first four and last.
        assertThat(local).contains("10.0.1.4/30", "10.0.2.4/30", "10.0.2.254/32", "fd00:db8:0:1::4/126")
                .noneMatch(p -> p.startsWith("10.0.2.0/") || p.equals("10.0.2.255/32"));
        assertThat(t.newlyAllowed()).allSatisfy(g -> assertThat(g.changedRules()).extracting(ChangedRule::rule)
                .containsExactly("Allow-SSH"));
    }
}
