package dev.nsgaudit.analyze;

import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.nsgaudit.testing.Net.inbound;
import static dev.nsgaudit.testing.Net.outbound;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hand-built cases for every finding id of the analysis (SPEC section 6), each checked against what it claims:
 * the blocking rules of a shadowed rule really cover it and none of them is superfluous, removing a redundant rule
 * leaves the allowed set exactly as it was, and the rules that are not findings are not reported.
 */
class FindingCasesTest {

    /** The findings of a topology; every shadowed and redundant finding is also checked exactly. */
    private static List<Finding> analyse(Topology t) {
        try (Analyzer a = Exact.analyzer(t)) {
            List<Finding> out = a.ruleFindings();
            for (Finding f : out) {
                if (!f.id().equals("shadowed-rule") && !f.id().equals("redundant-rule")) {
                    continue;
                }
                Direction d = f.message().endsWith("[Inbound]") ? Direction.INBOUND : Direction.OUTBOUND;
                VirtualNetwork view = viewOf(t, f.networkSecurityGroup());
                var producible = a.space().producible(a.hosts(view));
                boolean covered = a.sets(f.networkSecurityGroup(), d, view)
                        .reachable(Exact.index(a.sets(f.networkSecurityGroup(), d, view), f.rule()))
                        .and(producible).isZero();
                boolean neverMatches = a.sets(f.networkSecurityGroup(), d, view)
                        .match(Exact.index(a.sets(f.networkSecurityGroup(), d, view), f.rule()))
                        .and(producible).isZero();
                if (neverMatches) {
                    assertThat(f.relatedRules()).as("%s matches no producible packet", f.rule()).isEmpty();
                } else if (f.id().equals("shadowed-rule") || covered) {
                    Exact.assertBlockersCover(a, f, d, view, 4);
                }
                if (f.id().equals("redundant-rule")) {
                    assertThat(Exact.removalChangesNothing(t, f.networkSecurityGroup(), f.rule(), view))
                            .as("removing redundant %s changes nothing", f.rule()).isTrue();
                }
            }
            return out;
        }
    }

    /** The first virtual network the NSG is attached in, or null (D3). */
    private static VirtualNetwork viewOf(Topology t, String nsg) {
        for (Topology.SubnetRef s : t.subnets()) {
            if (nsg.equalsIgnoreCase(s.subnet().networkSecurityGroup())) {
                return s.virtualNetwork();
            }
        }
        for (NetworkInterface nic : t.networkInterfaces()) {
            if (nsg.equalsIgnoreCase(nic.networkSecurityGroup())) {
                return t.subnet(nic.ipConfigurations().get(0).subnet()).map(Topology.SubnetRef::virtualNetwork)
                        .orElse(null);
            }
        }
        return null;
    }

    private static Topology alone(SecurityRule... rules) {
        return Net.network().asg("AsgWeb", "AsgLogic", "AsgDb").nsg("nsg", rules).topology();
    }

    private static List<Finding> withId(List<Finding> findings, String id) {
        return findings.stream().filter(f -> f.id().equals(id)).toList();
    }

    private static List<String> rulesWithId(List<Finding> findings, String id) {
        return withId(findings, id).stream().map(Finding::rule).toList();
    }

    private static SecurityRule tcp(String name, int priority, String access, String source, String ports) {
        return inbound(name, priority, access).protocol("Tcp").sourceAddressPrefix(source).destinationPortRange(ports)
                .build();
    }

    // ---- shadowed-rule --------------------------------------------------------------------------------------------

    @Test
    void shadowingThatNeedsThreeDenyRulesTogether() {
        List<Finding> f = analyse(alone(
                tcp("Allow-Lab-Ssh", 100, "Allow", "10.0.0.0/8", "22"),
                tcp("Deny-Low", 110, "Deny", "0.0.0.0/1", "22"),
                tcp("Deny-Mid", 120, "Deny", "128.0.0.0/2", "22"),
                tcp("Deny-High", 130, "Deny", "192.0.0.0/2", "22"),
                tcp("Deny-Telnet", 140, "Deny", "*", "23"),
                tcp("Allow-Ssh", 200, "Allow", "0.0.0.0/0", "22")));
        Finding shadowed = withId(f, "shadowed-rule").stream().filter(x -> x.rule().equals("Allow-Ssh")).findFirst()
                .orElseThrow();
        assertThat(shadowed.severity()).isEqualTo(Severity.ERROR);
        assertThat(shadowed.networkSecurityGroup()).isEqualTo("nsg");
        // No two of the three /1-/2 denies cover 0.0.0.0/0; the same-access Allow-Lab-Ssh is not needed.
        assertThat(shadowed.relatedRules()).containsExactly("Deny-Low", "Deny-Mid", "Deny-High");
        assertThat(rulesWithId(f, "shadowed-rule")).containsExactly("Allow-Ssh");
    }

    @Test
    void aRuleForBothFamiliesNeedsAnIpv4AndAnIpv6Blocker() {
        List<Finding> f = analyse(alone(
                inbound("Deny-V4", 100, "Deny").sourceAddressPrefix("0.0.0.0/0").build(),
                inbound("Deny-V6", 110, "Deny").sourceAddressPrefix("::/0").build(),
                inbound("Allow-All", 200, "Allow").build()));
        assertThat(withId(f, "shadowed-rule")).singleElement().satisfies(s -> {
            assertThat(s.rule()).isEqualTo("Allow-All");
            assertThat(s.relatedRules()).containsExactly("Deny-V4", "Deny-V6");
        });
    }

    @Test
    void ipv4RulesNeverCoverIpv6Packets() {
        List<Finding> f = analyse(alone(
                inbound("Deny-V4", 100, "Deny").sourceAddressPrefix("0.0.0.0/0").build(),
                tcp("Allow-V6-Web", 200, "Allow", "2001:db8::/32", "443"),
                tcp("Allow-Any-Web", 210, "Allow", "*", "443")));
        assertThat(withId(f, "shadowed-rule")).isEmpty();

        // ... but an IPv6 deny shadows the IPv6 rule, and only that one.
        f = analyse(alone(
                inbound("Deny-V6", 100, "Deny").sourceAddressPrefix("::/0").build(),
                tcp("Allow-V6-Web", 200, "Allow", "2001:db8::/32", "443"),
                tcp("Allow-V4-Web", 205, "Allow", "203.0.113.0/24", "443"),
                tcp("Allow-Any-Web", 210, "Allow", "*", "443")));
        assertThat(rulesWithId(f, "shadowed-rule")).containsExactly("Allow-V6-Web");
        assertThat(withId(f, "shadowed-rule").get(0).relatedRules()).containsExactly("Deny-V6");
    }

    @Test
    void shadowedOnlyOnIpv6DestinationsToo() {
        List<Finding> f = analyse(alone(
                inbound("Deny-To-V6", 100, "Deny").destinationAddressPrefix("::/0").build(),
                inbound("Allow-To-V6-Host", 200, "Allow").protocol("Udp").destinationAddressPrefix("2001:db8::5")
                        .destinationPortRange("53").build(),
                inbound("Allow-To-V4-Host", 210, "Allow").protocol("Udp").destinationAddressPrefix("192.0.2.5")
                        .destinationPortRange("53").build()));
        assertThat(rulesWithId(f, "shadowed-rule")).containsExactly("Allow-To-V6-Host");
    }

    @Test
    void portRangesSplitAcrossRulesAndPluralFields() {
        List<Finding> f = analyse(alone(
                inbound("Deny-Ranges", 100, "Deny").protocol("Tcp").destinationPortRange(null)
                        .destinationPortRanges(List.of("0-1023", "1024-2047")).build(),
                tcp("Deny-Rest", 110, "Deny", "*", "2048-65535"),
                tcp("Allow-Any-Tcp", 200, "Allow", "*", "*"),
                inbound("Allow-Any-Udp", 210, "Allow").protocol("Udp").build()));
        assertThat(rulesWithId(f, "shadowed-rule")).containsExactly("Allow-Any-Tcp");
        assertThat(withId(f, "shadowed-rule").get(0).relatedRules()).containsExactly("Deny-Ranges", "Deny-Rest");
    }

    @Test
    void portRangeBoundariesAreExact() {
        List<Finding> f = analyse(alone(
                tcp("Deny-1000s", 100, "Deny", "*", "1000-1999"),
                tcp("Allow-1999-2000", 200, "Allow", "*", "1999-2000"),   // 2000 gets through
                tcp("Allow-999-1000", 210, "Allow", "*", "999-1000"),     // 999 gets through
                tcp("Allow-1000-1999", 220, "Allow", "*", "1000-1999"),   // exactly covered
                tcp("Allow-1500", 230, "Allow", "*", "1500")));
        assertThat(rulesWithId(f, "shadowed-rule")).containsExactlyInAnyOrder("Allow-1000-1999", "Allow-1500");
    }

    @Test
    void sourcePortsCountToo() {
        List<Finding> f = analyse(alone(
                inbound("Deny-Low-Source", 100, "Deny").protocol("Tcp").sourcePortRange("0-1023").build(),
                inbound("Allow-Low-Source-Web", 200, "Allow").protocol("Tcp").sourcePortRange("80-1023")
                        .destinationPortRange("443").build(),
                inbound("Allow-Any-Source-Web", 210, "Allow").protocol("Tcp").destinationPortRange("443").build()));
        assertThat(rulesWithId(f, "shadowed-rule")).containsExactly("Allow-Low-Source-Web");
    }

    @Test
    void portlessProtocolsAreNotCoveredByRulesWithPorts() {
        // D6: a deny with restricted ports never matches ICMP, so it does not shadow an ICMP allow; '*' does.
        List<Finding> f = analyse(alone(
                tcp("Deny-Tcp-Low", 100, "Deny", "*", "0-65535"),
                inbound("Deny-Any-Ports-1-65535", 110, "Deny").destinationPortRange("1-65535").build(),
                inbound("Allow-Icmp", 200, "Allow").protocol("Icmp").build(),
                inbound("Deny-Everything", 300, "Deny").build(),
                inbound("Allow-Esp", 400, "Allow").protocol("Esp").build()));
        assertThat(rulesWithId(f, "shadowed-rule")).containsExactly("Allow-Esp");
        assertThat(withId(f, "shadowed-rule").get(0).relatedRules()).containsExactly("Deny-Everything");
    }

    @Test
    void asgTermsAreCoveredByAddressesAndByEachOther() {
        List<Finding> f = analyse(Net.network()
                .vnet("vnet", "10.0.0.0/16")
                .subnet("vnet/s", "10.0.1.0/24", null)
                .asg("AsgWeb", "AsgDb", "AsgLogic")
                .nic("web-1", "vnet/s", "10.0.1.4", null, "AsgWeb")
                .nic("db-1", "vnet/s", "10.0.1.5", null, "AsgDb")
                .nic("logic-1", "vnet/s", "10.0.1.6", null, "AsgLogic")
                .nsg("nsg",
                inbound("Deny-Web", 100, "Deny").destinationAddressPrefix(null)
                        .destinationApplicationSecurityGroups(List.of("AsgWeb")).build(),
                inbound("Deny-Db", 110, "Deny").destinationAddressPrefix(null)
                        .destinationApplicationSecurityGroups(List.of("AsgDb")).build(),
                // needs both denies: a packet to a member of either ASG matches it
                inbound("Allow-Web-Or-Db", 200, "Allow").protocol("Tcp").destinationAddressPrefix(null)
                        .destinationApplicationSecurityGroups(List.of("AsgWeb", "AsgDb")).destinationPortRange("443")
                        .build(),
                // a member of AsgLogic that is in neither of the others is not covered
                inbound("Allow-Logic", 210, "Allow").protocol("Tcp").destinationAddressPrefix(null)
                        .destinationApplicationSecurityGroups(List.of("AsgLogic")).destinationPortRange("443").build(),
                tcp("Deny-Sql-Anywhere", 300, "Deny", "*", "1433"),
                // every ASG member has some address, and '*' covers every address
                inbound("Allow-Logic-To-Logic-Sql", 400, "Allow").protocol("Tcp").sourceAddressPrefix(null)
                        .sourceApplicationSecurityGroups(List.of("AsgLogic")).destinationAddressPrefix(null)
                        .destinationApplicationSecurityGroups(List.of("AsgLogic")).destinationPortRange("1433")
                        .build()).topology());
        assertThat(rulesWithId(f, "shadowed-rule")).containsExactlyInAnyOrder("Allow-Web-Or-Db",
                "Allow-Logic-To-Logic-Sql");
        assertThat(withId(f, "shadowed-rule")).filteredOn(s -> s.rule().equals("Allow-Web-Or-Db"))
                .singleElement().satisfies(s -> assertThat(s.relatedRules()).containsExactly("Deny-Web", "Deny-Db"));
        assertThat(withId(f, "shadowed-rule")).filteredOn(s -> s.rule().equals("Allow-Logic-To-Logic-Sql"))
                .singleElement().satisfies(s -> assertThat(s.relatedRules()).containsExactly("Deny-Sql-Anywhere"));
    }

    /**
     * An ASG term matches its members' addresses only (SPEC section 2): a rule naming an ASG whose members are in
     * the VNet is covered by a rule for VirtualNetwork, and one whose only member is in a network that is not peered
     * with the NSG's never matches there (that address is a host in no ASG).
     */
    @Test
    void asgMembersAreInTheirVirtualNetwork() {
        Topology t = Net.network()
                .vnet("vnet", "10.0.0.0/16")
                .subnet("vnet/web", "10.0.1.0/24", "nsg")
                .vnet("other", "10.9.0.0/16")
                .subnet("other/s", "10.9.0.0/24", null)
                .asg("AsgWeb", "AsgElsewhere")
                .nic("web-1", "vnet/web", "10.0.1.4", null, "AsgWeb")
                .nic("elsewhere-1", "other/s", "10.9.0.4", null, "AsgElsewhere")
                .nsg("nsg",
                        tcp("Deny-Vnet-Ssh", 100, "Deny", "VirtualNetwork", "22"),
                        inbound("Allow-Web-Ssh", 200, "Allow").protocol("Tcp").sourceAddressPrefix(null)
                                .sourceApplicationSecurityGroups(List.of("AsgWeb")).destinationPortRange("22").build(),
                        inbound("Allow-Elsewhere-Ssh", 210, "Allow").protocol("Tcp").sourceAddressPrefix(null)
                                .sourceApplicationSecurityGroups(List.of("AsgElsewhere")).destinationPortRange("22")
                                .build(),
                        inbound("Allow-Web-Or-Elsewhere-Rdp", 300, "Allow").protocol("Tcp").sourceAddressPrefix(null)
                                .sourceApplicationSecurityGroups(List.of("AsgWeb", "AsgElsewhere"))
                                .destinationPortRange("3389").build(),
                        tcp("Deny-Vnet-Rdp", 400, "Deny", "VirtualNetwork", "3389"))
                .topology();
        List<Finding> f = analyse(t);
        assertThat(rulesWithId(f, "shadowed-rule")).containsExactly("Allow-Web-Ssh");
        assertThat(withId(f, "shadowed-rule").get(0).relatedRules()).containsExactly("Deny-Vnet-Ssh");
        assertThat(rulesWithId(f, "redundant-rule")).containsExactly("Allow-Elsewhere-Ssh");
        assertThat(withId(f, "redundant-rule").get(0).message()).contains("AsgElsewhere has no member in reach");
        // The RDP allow reaches only web-1, inside the VNet: an exception to the VNet deny, not an overlap.
        assertThat(rulesWithId(f, "correlated-rules")).isEmpty();
        assertThat(rulesWithId(f, "generalization")).containsExactly("Deny-Vnet-Rdp");
    }

    @Test
    void serviceTagsSpanningBothFamilies() {
        // Internet (D4) holds public IPv4 and IPv6 addresses: an IPv4-only cover does not shadow it.
        List<Finding> f = analyse(alone(
                inbound("Deny-Lower-Half", 100, "Deny").sourceAddressPrefix("0.0.0.0/1").build(),
                inbound("Deny-Upper-Half", 110, "Deny").sourceAddressPrefix("128.0.0.0/1").build(),
                tcp("Allow-Internet-Https", 200, "Allow", "Internet", "443"),
                inbound("Deny-V6", 300, "Deny").sourceAddressPrefix("::/0").build(),
                tcp("Allow-Internet-Http", 400, "Allow", "Internet", "80")));
        assertThat(rulesWithId(f, "shadowed-rule")).containsExactly("Allow-Internet-Http");
        assertThat(withId(f, "shadowed-rule").get(0).relatedRules())
                .containsExactly("Deny-Lower-Half", "Deny-Upper-Half", "Deny-V6");
    }

    @Test
    void azureLoadBalancerIsInsideVirtualNetwork() {
        List<Finding> f = analyse(alone(
                inbound("Deny-Vnet", 100, "Deny").sourceAddressPrefix("VirtualNetwork").build(),
                tcp("Allow-Probes", 200, "Allow", "AzureLoadBalancer", "8080"),
                tcp("Allow-Storage", 210, "Allow", "Storage", "8080")));
        assertThat(rulesWithId(f, "shadowed-rule")).containsExactly("Allow-Probes");
        assertThat(withId(f, "shadowed-rule").get(0).relatedRules()).containsExactly("Deny-Vnet");
    }

    @Test
    void aRegionalTagDoesNotCoverItsParent() {
        List<Finding> f = analyse(Net.network().nsg("nsg",
                outbound("Deny-Storage-WestUS", 100, "Deny").protocol("Tcp").destinationAddressPrefix("Storage.WestUS")
                        .destinationPortRange("443").build(),
                outbound("Allow-Storage", 200, "Allow").protocol("Tcp").destinationAddressPrefix("Storage")
                        .destinationPortRange("443").build(),
                outbound("Allow-Storage-WestUS", 300, "Allow").protocol("Tcp").destinationAddressPrefix("storage.westus")
                        .destinationPortRange("443").build()).topology());
        // the lower-case spelling is the same tag: covered by the deny (shadowed) and by Allow-Storage
        assertThat(rulesWithId(f, "shadowed-rule")).containsExactly("Allow-Storage-WestUS");
        assertThat(withId(f, "shadowed-rule").get(0).relatedRules()).contains("Deny-Storage-WestUS");
    }

    @Test
    void aRuleNamingAPlatformTagDecidesPlatformTrafficWhateverComesBefore() {
        // D7: DNS to 168.63.129.16 passes NSGs unless a rule naming AzurePlatformDNS decides it; rules that do not
        // name the tag do not apply to it. So Allow-All-Out does not cover Deny-Dns for DNS packets.
        Net net = Net.network().nsg("nsg",
                outbound("Allow-All-Out", 100, "Allow").build(),
                outbound("Deny-Dns", 200, "Deny").destinationAddressPrefix("AzurePlatformDNS").build());
        var verdict = net.answerNsg("nsg", "Outbound", "UDP", "10.0.0.4:50000", "168.63.129.16:53").result();
        assertThat(verdict.access()).isEqualTo(dev.nsgaudit.model.Access.DENY);
        assertThat(verdict.ruleName()).isEqualTo("securityRules/Deny-Dns");
        List<Finding> f = analyse(net.topology());
        assertThat(withId(f, "shadowed-rule")).isEmpty();
        assertThat(rulesWithId(f, "redundant-rule")).doesNotContain("Deny-Dns");
    }

    // ---- redundant-rule ---------------------------------------------------------------------------------------------

    @Test
    void redundantBecauseALaterUserRuleDecidesTheSame() {
        Topology t = alone(
                tcp("Deny-Office-Ssh", 100, "Deny", "10.1.0.0/16", "22"),
                tcp("Deny-All-Ssh", 200, "Deny", "*", "22"));
        List<Finding> f = analyse(t);
        assertThat(withId(f, "redundant-rule")).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo("Deny-Office-Ssh");
            assertThat(r.severity()).isEqualTo(Severity.WARNING);
            assertThat(r.relatedRules()).containsExactly("Deny-All-Ssh");
        });
        // Deny-All-Ssh matters: AllowVnetInBound would let VirtualNetwork SSH in without it.
        assertThat(Exact.removalChangesNothing(t, "nsg", "Deny-All-Ssh", null)).isFalse();
    }

    @Test
    void redundantOnlyBecauseOfDefaultRules() {
        Topology t = alone(
                inbound("Allow-Vnet-To-Vnet-Ssh", 100, "Allow").protocol("Tcp").sourceAddressPrefix("VirtualNetwork")
                        .destinationAddressPrefix("VirtualNetwork").destinationPortRange("22").build(),
                outbound("Allow-Out-Https", 100, "Allow").protocol("Tcp").destinationAddressPrefix("Internet")
                        .destinationPortRange("443").build(),
                outbound("Deny-Out-Private", 110, "Deny").destinationAddressPrefix("100.64.0.0/10").build());
        List<Finding> f = analyse(t);
        assertThat(withId(f, "redundant-rule")).extracting(Finding::rule)
                .containsExactlyInAnyOrder("Allow-Vnet-To-Vnet-Ssh", "Allow-Out-Https", "Deny-Out-Private");
        assertThat(withId(f, "redundant-rule")).filteredOn(r -> r.rule().equals("Allow-Vnet-To-Vnet-Ssh"))
                .singleElement().satisfies(r -> assertThat(r.relatedRules()).containsExactly("AllowVnetInBound"));
        assertThat(withId(f, "redundant-rule")).filteredOn(r -> r.rule().equals("Allow-Out-Https"))
                .singleElement().satisfies(r -> assertThat(r.relatedRules()).containsExactly("AllowInternetOutBound"));
        assertThat(withId(f, "redundant-rule")).filteredOn(r -> r.rule().equals("Deny-Out-Private"))
                .singleElement().satisfies(r -> assertThat(r.relatedRules()).containsExactly("DenyAllOutBound"));
    }

    @Test
    void anAllowReachingBeyondTheDefaultAllowIsNotRedundant() {
        // VirtualNetwork to any destination: packets to destinations outside VirtualNetwork would be denied.
        Topology t = alone(tcp("Allow-Vnet-Ssh", 100, "Allow", "VirtualNetwork", "22"));
        assertThat(withId(analyse(t), "redundant-rule")).isEmpty();
        assertThat(Exact.removalChangesNothing(t, "nsg", "Allow-Vnet-Ssh", null)).isFalse();
    }

    @Test
    void redundantWhenSameAccessRulesCoverIt() {
        Topology t = alone(
                tcp("Allow-Low-Ports", 100, "Allow", "*", "0-1023"),
                tcp("Allow-High-Ports", 110, "Allow", "*", "1024-65535"),
                tcp("Allow-Any-Tcp", 200, "Allow", "*", "*"));
        List<Finding> f = analyse(t);
        // Each of the three can be removed on its own (the two port rules because Allow-Any-Tcp would allow their
        // packets anyway); analyse() checks that for every redundant finding.
        assertThat(withId(f, "redundant-rule")).filteredOn(r -> r.rule().equals("Allow-Any-Tcp")).singleElement()
                .satisfies(r -> assertThat(r.relatedRules()).containsExactly("Allow-Low-Ports", "Allow-High-Ports"));
        assertThat(withId(f, "shadowed-rule")).isEmpty();
    }

    @Test
    void aDenyInFrontOfTheDefaultDenyMattersWhenTheVnetRuleWouldAllow() {
        Topology t = alone(tcp("Deny-Vnet-Telnet", 100, "Deny", "VirtualNetwork", "23"),
                tcp("Deny-Internet-Telnet", 110, "Deny", "Internet", "23"));
        List<Finding> f = analyse(t);
        assertThat(rulesWithId(f, "redundant-rule")).containsExactly("Deny-Internet-Telnet");
        assertThat(Exact.removalChangesNothing(t, "nsg", "Deny-Vnet-Telnet", null)).isFalse();
    }

    // ---- correlated-rules and generalization --------------------------------------------------------------------------

    @Test
    void correlatedOnlyBetweenUserRulesOfDifferentAccess() {
        List<Finding> f = analyse(alone(
                tcp("Allow-A", 100, "Allow", "10.0.0.0/8", "80-90"),
                tcp("Deny-B", 110, "Deny", "10.1.0.0/16", "85-100"),
                tcp("Allow-C", 120, "Allow", "10.2.0.0/16", "85-100")));
        assertThat(withId(f, "correlated-rules")).singleElement().satisfies(c -> {
            assertThat(c.rule()).isEqualTo("Deny-B");
            assertThat(c.relatedRules()).containsExactly("Allow-A");
            assertThat(c.severity()).isEqualTo(Severity.WARNING);
        });
        // Deny-B also overlaps AllowVnetInBound (10.1.0.0/16 is VirtualNetwork under D3) without either containing
        // the other; default rules are not reported.
        assertThat(withId(f, "generalization")).isEmpty();
    }

    @Test
    void generalizationIsNotReportedAgainstDefaultRules() {
        List<Finding> f = analyse(alone(
                // contained in AllowVnetInBound (Allow), of the other access
                inbound("Deny-Vnet-Telnet", 100, "Deny").protocol("Tcp").sourceAddressPrefix("VirtualNetwork")
                        .destinationAddressPrefix("VirtualNetwork").destinationPortRange("23").build(),
                // contained in DenyAllInBound (Deny), of the other access
                tcp("Allow-Internet-Https", 110, "Allow", "Internet", "443"),
                outbound("Deny-Out-Internet-Smtp", 100, "Deny").protocol("Tcp").destinationAddressPrefix("Internet")
                        .destinationPortRange("25").build()));
        assertThat(withId(f, "generalization")).isEmpty();
        assertThat(withId(f, "correlated-rules")).isEmpty();
    }

    @Test
    void generalizationBetweenUserRules() {
        List<Finding> f = analyse(alone(
                tcp("Deny-Bad-Host", 100, "Deny", "10.1.2.3", "443"),
                tcp("Allow-Partner", 110, "Allow", "10.1.0.0/16", "443"),
                tcp("Deny-All-Https", 120, "Deny", "*", "443")));
        assertThat(withId(f, "generalization")).extracting(Finding::rule, Finding::relatedRules)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("Allow-Partner", List.of("Deny-Bad-Host")),
                        org.assertj.core.groups.Tuple.tuple("Deny-All-Https", List.of("Allow-Partner")));
        assertThat(withId(f, "generalization")).allSatisfy(g -> assertThat(g.severity()).isEqualTo(Severity.INFO));
        assertThat(withId(f, "correlated-rules")).isEmpty();
    }

    // ---- ineffective-across-layers ---------------------------------------------------------------------------------

    private static Net webNetwork() {
        return Net.network()
                .vnet("vnet", "10.0.0.0/16")
                .subnet("vnet/web", "10.0.1.0/24", "nsg-subnet")
                .asg("AsgWeb")
                .nic("web-1", "vnet/web", "10.0.1.4", "nsg-nic", "AsgWeb")
                .nic("web-2", "vnet/web", "10.0.1.5", "nsg-nic", "AsgWeb")
                .nsg("nsg-subnet", inbound("Deny-Internet", 100, "Deny").sourceAddressPrefix("Internet").build());
    }

    @Test
    void nicRuleBehindASubnetNsgThatDeniesAllOfIt() {
        Topology t = webNetwork().nsg("nsg-nic",
                tcp("Allow-Internet-Https", 100, "Allow", "Internet", "443"),
                tcp("Allow-Vnet-Ssh", 110, "Allow", "VirtualNetwork", "22")).topology();
        List<Finding> f = analyse(t);
        assertThat(withId(f, "ineffective-across-layers")).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("Allow-Internet-Https");
            assertThat(x.networkSecurityGroup()).isEqualTo("nsg-nic");
            assertThat(x.severity()).isEqualTo(Severity.WARNING);
            assertThat(x.message()).contains("nsg-subnet");
        });
    }

    @Test
    void nicRuleIsReportedOnlyWhenIneffectiveAtEveryNic() {
        Topology t = webNetwork()
                .subnet("vnet/open", "10.0.2.0/24", null)
                .nic("open-1", "vnet/open", "10.0.2.4", "nsg-nic")
                .nsg("nsg-nic", tcp("Allow-Internet-Https", 100, "Allow", "Internet", "443")).topology();
        assertThat(withId(analyse(t), "ineffective-across-layers")).isEmpty();
    }

    /**
     * A dynamic NIC never gets the address of a static one (D8): what the dynamic NIC's NSG denies does not hide
     * the static NIC of the same membership, whose own NSG lets its traffic reach the subnet rule.
     */
    @Test
    void aDynamicNicDoesNotHideAStaticOneOfTheSameMembership() {
        Topology t = Net.network()
                .vnet("vnet", "10.0.0.0/16")
                .subnet("vnet/app", "10.0.2.0/24", "nsg-app-subnet")
                .asg("AsgApp")
                .nic("app-static", "vnet/app", "10.0.2.4", "nsg-open", "AsgApp")
                .nic("app-dynamic", "vnet/app", null, "nsg-closed", "AsgApp")
                .nsg("nsg-open")
                .nsg("nsg-closed", outbound("Deny-All-Out", 100, "Deny").build())
                .nsg("nsg-app-subnet", outbound("Allow-App-Out", 100, "Allow").sourceAddressPrefix(null)
                        .sourceApplicationSecurityGroups(List.of("AsgApp")).build())
                .topology();
        assertThat(withId(analyse(t), "ineffective-across-layers")).extracting(Finding::rule)
                .doesNotContain("Allow-App-Out");
    }

    /**
     * Two dynamic NICs of one membership can send the same packet (D8): what one NIC's NSG denies, the other's may let
     * through to the subnet rule, which is then reached. Found by LayerFindingProperties: the denial of each NIC was
     * taken from what reaches the subnet layer, so the finding was reported although verify names the rule.
     */
    @Test
    void aDynamicNicDoesNotHideAnotherDynamicOneOfTheSameMembership() {
        Net net = Net.network()
                .vnet("vnet", "10.0.0.0/16")
                .subnet("vnet/app", "10.0.2.0/24", "nsg-app-subnet")
                .asg("AsgApp")
                .nic("app-open", "vnet/app", null, "nsg-open", "AsgApp")
                .nic("app-closed", "vnet/app", null, "nsg-closed", "AsgApp")
                .nsg("nsg-open")
                .nsg("nsg-closed", outbound("Deny-All-Out", 100, "Deny").build())
                .nsg("nsg-app-subnet", outbound("Allow-App-Out", 100, "Allow").sourceAddressPrefix(null)
                        .sourceApplicationSecurityGroups(List.of("AsgApp")).build());
        assertThat(net.verify("app-open", "Outbound", "TCP", "10.0.2.4:50000", "10.0.3.4:1433").ruleName())
                .isEqualTo("securityRules/Allow-App-Out");
        assertThat(withId(analyse(net.topology()), "ineffective-across-layers")).extracting(Finding::rule)
                .doesNotContain("Allow-App-Out");
    }

    /**
     * The same with one dynamic NIC in no ASG: the subnet's other hosts may have any of its addresses and send what
     * its NSG denies (the rule's sources are usable addresses, so the reserved ones do not make it reached).
     */
    @Test
    void aDynamicNicInNoAsgDoesNotHideTheSubnetsOtherHosts() {
        Net net = Net.network()
                .vnet("vnet", "10.0.0.0/16")
                .subnet("vnet/app", "10.0.2.0/24", "nsg-app-subnet")
                .nic("app-closed", "vnet/app", null, "nsg-closed")
                .nsg("nsg-closed", outbound("Deny-All-Out", 100, "Deny").build())
                .nsg("nsg-app-subnet", outbound("Allow-Sql-Out", 100, "Allow").protocol("Tcp")
                        .sourceAddressPrefix("10.0.2.4/30").destinationAddressPrefix("10.0.3.0/24")
                        .destinationPortRange("1433").build());
        assertThat(withId(analyse(net.topology()), "ineffective-across-layers")).extracting(Finding::rule)
                .doesNotContain("Allow-Sql-Out");
    }

    @Test
    void subnetRuleBehindNicNsgsThatDenyAllOfItOutbound() {
        Topology t = Net.network()
                .vnet("vnet", "10.0.0.0/16")
                .subnet("vnet/app", "10.0.2.0/24", "nsg-app-subnet")
                .asg("AsgApp")
                .nic("app-1", "vnet/app", "10.0.2.4", "nsg-app-nic", "AsgApp")
                .nic("app-2", "vnet/app", "10.0.2.5", "nsg-app-nic", "AsgApp")
                .nsg("nsg-app-nic", outbound("Deny-All-Out", 4096, "Deny").build())
                .nsg("nsg-app-subnet",
                        outbound("Allow-App-Sql", 100, "Allow").protocol("Tcp").sourceAddressPrefix(null)
                                .sourceApplicationSecurityGroups(List.of("AsgApp"))
                                .destinationAddressPrefix("10.0.3.0/24").destinationPortRange("1433").build(),
                        // other hosts of the subnet (no NIC NSG in front) reach this one
                        outbound("Deny-Subnet-Internet", 110, "Deny").destinationAddressPrefix("Internet").build())
                .topology();
        List<Finding> f = analyse(t);
        assertThat(withId(f, "ineffective-across-layers")).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("Allow-App-Sql");
            assertThat(x.networkSecurityGroup()).isEqualTo("nsg-app-subnet");
            assertThat(x.message()).contains("Outbound").contains("nsg-app-nic");
        });
    }

    @Test
    void platformTrafficPassesTheNicLayerAndMeetsTheSubnetRuleNamingItsTag() {
        // D7: the NIC NSG's deny of everything does not apply to DNS to 168.63.129.16; the subnet rule naming
        // AzurePlatformDNS decides it, so it is not ineffective.
        Net net = Net.network()
                .vnet("vnet", "10.0.0.0/16")
                .subnet("vnet/app", "10.0.2.0/24", "nsg-app-subnet")
                .asg("AsgApp")
                .nic("app-1", "vnet/app", "10.0.2.4", "nsg-app-nic", "AsgApp")
                .nsg("nsg-app-nic", outbound("Deny-All-Out", 4096, "Deny").build())
                .nsg("nsg-app-subnet", outbound("Deny-App-Dns", 100, "Deny").sourceAddressPrefix(null)
                        .sourceApplicationSecurityGroups(List.of("AsgApp"))
                        .destinationAddressPrefix("AzurePlatformDNS").build());
        var verdict = net.verify("app-1", "Outbound", "UDP", "10.0.2.4:50000", "168.63.129.16:53");
        assertThat(verdict.ruleName()).isEqualTo("securityRules/Deny-App-Dns");
        assertThat(withId(analyse(net.topology()), "ineffective-across-layers")).isEmpty();
    }

    @Test
    void subnetRuleOutboundIsEffectiveWhenOneNicHasNoNsg() {
        Topology t = Net.network()
                .vnet("vnet", "10.0.0.0/16")
                .subnet("vnet/app", "10.0.2.0/24", "nsg-app-subnet")
                .asg("AsgApp")
                .nic("app-1", "vnet/app", "10.0.2.4", "nsg-app-nic", "AsgApp")
                .nic("app-2", "vnet/app", "10.0.2.5", null, "AsgApp")
                .nsg("nsg-app-nic", outbound("Deny-All-Out", 4096, "Deny").build())
                .nsg("nsg-app-subnet", outbound("Allow-App-Sql", 100, "Allow").protocol("Tcp").sourceAddressPrefix(null)
                        .sourceApplicationSecurityGroups(List.of("AsgApp"))
                        .destinationAddressPrefix("10.0.3.0/24").destinationPortRange("1433").build())
                .topology();
        assertThat(withId(analyse(t), "ineffective-across-layers")).isEmpty();
    }

    /**
     * A /29 holds three hosts (Azure keeps the first four addresses and the last): with a NIC at each, behind NIC NSGs
     * that deny everything outbound, no host of the subnet reaches its NSG, so its allow rule is ineffective. The
     * reserved addresses are no hosts that could send it.
     */
    @Test
    void reservedAddressesOfASubnetAreNoOtherHosts() {
        Net net = Net.network()
                .vnet("vnet", "10.0.0.0/16")
                .subnet("vnet/small", "10.0.2.0/29", "nsg-small-subnet")
                .nsg("nsg-nic", outbound("Deny-All-Out", 4096, "Deny").build())
                .nsg("nsg-small-subnet", outbound("Allow-Https-Out", 100, "Allow").protocol("Tcp")
                        .sourceAddressPrefix("10.0.2.0/29").destinationAddressPrefix("Internet")
                        .destinationPortRange("443").build());
        for (int host = 4; host <= 6; host++) {
            net.nic("small-" + host, "vnet/small", "10.0.2." + host, "nsg-nic");
        }
        assertThat(withId(analyse(net.topology()), "ineffective-across-layers")).extracting(Finding::rule)
                .containsExactly("Allow-Https-Out");
        // With one of the three addresses left to a host that is no NIC, the rule matters again.
        Net two = Net.network()
                .vnet("vnet", "10.0.0.0/16")
                .subnet("vnet/small", "10.0.2.0/29", "nsg-small-subnet")
                .nsg("nsg-nic", outbound("Deny-All-Out", 4096, "Deny").build())
                .nsg("nsg-small-subnet", outbound("Allow-Https-Out", 100, "Allow").protocol("Tcp")
                        .sourceAddressPrefix("10.0.2.0/29").destinationAddressPrefix("Internet")
                        .destinationPortRange("443").build())
                .nic("small-4", "vnet/small", "10.0.2.4", "nsg-nic")
                .nic("small-5", "vnet/small", "10.0.2.5", "nsg-nic");
        assertThat(withId(analyse(two.topology()), "ineffective-across-layers")).isEmpty();
    }

    @Test
    void aNicRuleThatCannotMatchTheNicIsOutsideTheAttachmentsNotIneffective() {
        // The subnet NSG lets VirtualNetwork traffic through; the rule is dead because 10.0.9.9 is no address of the
        // NICs, which is rule-outside-attachments, not something the subnet NSG decides.
        Topology t = webNetwork().nsg("nsg-nic",
                inbound("Allow-Elsewhere", 100, "Allow").protocol("Tcp").sourceAddressPrefix("VirtualNetwork")
                        .destinationAddressPrefix("10.0.9.9").destinationPortRange("80").build()).topology();
        List<Finding> f = analyse(t);
        assertThat(rulesWithId(f, "rule-outside-attachments")).containsExactly("Allow-Elsewhere");
        assertThat(withId(f, "ineffective-across-layers")).isEmpty();
    }

    @Test
    void aNicRuleBlockedWhereItCanMatchAndOutsideElsewhereIsIneffective() {
        // nsg-nic is on web-1 (behind nsg-subnet, which denies the Internet) and on open-1 (behind a subnet NSG that
        // lets everything in); the rule can only match web-1's address, so it is never reached anywhere.
        Topology t = webNetwork()
                .subnet("vnet/open", "10.0.2.0/24", "nsg-open")
                .nic("open-1", "vnet/open", "10.0.2.4", "nsg-nic")
                .nsg("nsg-open", inbound("Allow-All", 100, "Allow").build())
                .nsg("nsg-nic", inbound("Allow-Internet-To-Web-1", 100, "Allow").protocol("Tcp")
                        .sourceAddressPrefix("Internet").destinationAddressPrefix("10.0.1.4")
                        .destinationPortRange("443").build())
                .topology();
        assertThat(rulesWithId(analyse(t), "ineffective-across-layers")).containsExactly("Allow-Internet-To-Web-1");
    }

    // ---- rule-outside-attachments ---------------------------------------------------------------------------------

    @Test
    void rulesWhoseLocalSideNoAttachmentHas() {
        Topology t = Net.network()
                .vnet("vnet", "10.0.0.0/16")
                .subnet("vnet/web", "10.0.1.0/24", "nsg-web")
                .subnet("vnet/db", "10.0.3.0/24", null)
                .asg("AsgWeb", "AsgDb")
                .nic("web-1", "vnet/web", "10.0.1.4", null, "AsgWeb")
                .nic("db-1", "vnet/db", "10.0.3.4", null, "AsgDb")
                .nsg("nsg-web",
                        tcp2("Allow-To-Db-Subnet", 100, "Allow", "10.0.3.0/24", "1433"),
                        tcp2("Allow-To-Web-Subnet", 110, "Allow", "10.0.1.0/24", "443"),
                        inbound("Allow-To-AsgDb", 120, "Allow").protocol("Tcp").destinationAddressPrefix(null)
                                .destinationApplicationSecurityGroups(List.of("AsgDb")).destinationPortRange("1433")
                                .build(),
                        inbound("Allow-To-AsgWeb", 130, "Allow").protocol("Tcp").destinationAddressPrefix(null)
                                .destinationApplicationSecurityGroups(List.of("AsgWeb")).destinationPortRange("80")
                                .build(),
                        tcp2("Allow-To-Vnet", 140, "Allow", "10.0.0.0/16", "8080"),
                        outbound("Deny-From-Db", 100, "Deny").sourceAddressPrefix("10.0.3.0/24").build(),
                        outbound("Deny-From-Web", 110, "Deny").sourceAddressPrefix("10.0.1.0/24")
                                .destinationPortRange("25").build())
                .topology();
        List<Finding> f = analyse(t);
        assertThat(rulesWithId(f, "rule-outside-attachments"))
                .containsExactlyInAnyOrder("Allow-To-Db-Subnet", "Allow-To-AsgDb", "Deny-From-Db");
        assertThat(withId(f, "rule-outside-attachments")).allSatisfy(x -> {
            assertThat(x.networkSecurityGroup()).isEqualTo("nsg-web");
            assertThat(x.severity()).isEqualTo(Severity.WARNING);
        });
    }

    @Test
    void nicAttachmentIsTheNicsAddressesOnly() {
        Topology t = Net.network()
                .vnet("vnet", "10.0.0.0/16")
                .subnet("vnet/web", "10.0.1.0/24", null)
                .nic("web-1", "vnet/web", "10.0.1.4", "nsg-nic")
                .nsg("nsg-nic",
                        tcp2("Allow-To-Other-Host", 100, "Allow", "10.0.1.5", "443"),
                        tcp2("Allow-To-Me", 110, "Allow", "10.0.1.4", "443"),
                        tcp2("Allow-To-Subnet", 120, "Allow", "10.0.1.0/24", "80"))
                .topology();
        assertThat(rulesWithId(analyse(t), "rule-outside-attachments")).containsExactly("Allow-To-Other-Host");
    }

    private static SecurityRule tcp2(String name, int priority, String access, String destination, String ports) {
        return inbound(name, priority, access).protocol("Tcp").destinationAddressPrefix(destination)
                .destinationPortRange(ports).build();
    }

    // ---- empty-asg-reference ----------------------------------------------------------------------------------------

    private static Net asgNetwork() {
        return Net.network()
                .vnet("vnet", "10.0.0.0/16")
                .subnet("vnet/web", "10.0.1.0/24", "nsg")
                .asg("AsgWeb", "AsgEmpty")
                .nic("web-1", "vnet/web", "10.0.1.4", null, "AsgWeb")
                .nsg("nsg",
                        inbound("To-Empty", 100, "Allow").destinationAddressPrefix(null)
                                .destinationApplicationSecurityGroups(List.of("AsgEmpty")).build(),
                        inbound("From-Empty-Or-Web", 110, "Deny").sourceAddressPrefix(null)
                                .sourceApplicationSecurityGroups(List.of("AsgWeb", "AsgEmpty")).build(),
                        inbound("To-Web", 120, "Allow").destinationAddressPrefix(null)
                                .destinationApplicationSecurityGroups(List.of("AsgWeb")).build());
    }

    @Test
    void emptyAsgReferences() {
        List<Finding> f = analyse(asgNetwork().topology());
        assertThat(rulesWithId(f, "empty-asg-reference")).containsExactlyInAnyOrder("To-Empty", "From-Empty-Or-Web");
        // To-Empty never matches; From-Empty-Or-Web still matches web-1.
        assertThat(rulesWithId(f, "redundant-rule")).containsExactly("To-Empty");
        assertThat(withId(f, "empty-asg-reference")).allSatisfy(x -> {
            assertThat(x.severity()).isEqualTo(Severity.WARNING);
            assertThat(x.networkSecurityGroup()).isEqualTo("nsg");
            assertThat(x.message()).contains("AsgEmpty").doesNotContain("AsgWeb,");
        });
    }

    @Test
    void aNicOfUnknownMembershipMayBeInAnyAsg() {
        IpConfiguration unknownMembership = new IpConfiguration("ipconfig1", "vnet/web", "10.0.1.6", "IPv4", List.of(),
                List.of(new UnresolvedValue("applicationSecurityGroups", "[parameters('asgs')]", "no value")), null);
        Topology base = asgNetwork().topology();
        List<NetworkInterface> nics = new ArrayList<>(base.networkInterfaces());
        nics.add(new NetworkInterface("maybe-1", List.of(unknownMembership), null, null));
        Topology t = new Topology(base.virtualNetworks(), base.applicationSecurityGroups(), nics,
                base.networkSecurityGroups());
        assertThat(withId(analyse(t), "empty-asg-reference")).isEmpty();
    }

    /**
     * Where a NIC's membership is not known it may be in any ASG, at its own address: a rule for AsgWeb is not
     * covered by a deny of AsgWeb's known member, a rule for AsgEmpty may match, and a finding that holds anyway
     * says that it took the membership as unknown.
     */
    @Test
    void aNicOfUnknownMembershipKeepsTheBounds() {
        IpConfiguration unknownMembership = new IpConfiguration("ipconfig1", "vnet/web", "10.0.1.6", "IPv4", List.of(),
                List.of(new UnresolvedValue("applicationSecurityGroups", "[parameters('asgs')]", "no value")), null);
        Topology base = Net.network()
                .vnet("vnet", "10.0.0.0/16")
                .subnet("vnet/web", "10.0.1.0/24", "nsg")
                .asg("AsgWeb", "AsgEmpty")
                .nic("web-1", "vnet/web", "10.0.1.4", null, "AsgWeb")
                .nsg("nsg",
                        tcp2("Deny-Web-1", 100, "Deny", "10.0.1.4", "443"),
                        inbound("Allow-To-Web", 200, "Allow").protocol("Tcp").destinationAddressPrefix(null)
                                .destinationApplicationSecurityGroups(List.of("AsgWeb")).destinationPortRange("443")
                                .build(),
                        inbound("Allow-To-Empty", 210, "Allow").protocol("Tcp").destinationAddressPrefix(null)
                                .destinationApplicationSecurityGroups(List.of("AsgEmpty")).destinationPortRange("80")
                                .build(),
                        tcp2("Deny-Subnet", 300, "Deny", "10.0.1.0/24", "8080"),
                        inbound("Allow-To-Web-8080", 310, "Allow").protocol("Tcp").destinationAddressPrefix(null)
                                .destinationApplicationSecurityGroups(List.of("AsgWeb")).destinationPortRange("8080")
                                .build())
                .topology();
        List<NetworkInterface> nics = new ArrayList<>(base.networkInterfaces());
        nics.add(new NetworkInterface("maybe-1", List.of(unknownMembership), null, null));
        Topology t = new Topology(base.virtualNetworks(), base.applicationSecurityGroups(), nics,
                base.networkSecurityGroups());
        List<Finding> f = analyse(t);
        assertThat(rulesWithId(f, "shadowed-rule")).containsExactly("Allow-To-Web-8080");
        assertThat(withId(f, "shadowed-rule").get(0).message()).contains("membership of NIC maybe-1 is not known");
        assertThat(rulesWithId(f, "redundant-rule")).isEmpty();
    }

    // ---- unattached-nsg ---------------------------------------------------------------------------------------------

    @Test
    void unattachedNsgsOnly() {
        Topology t = Net.network()
                .vnet("vnet", "10.0.0.0/16")
                .subnet("vnet/web", "10.0.1.0/24", "NSG-ON-SUBNET")
                .subnet("vnet/app", "10.0.2.0/24", null)
                .nic("app-1", "vnet/app", "10.0.2.4", "nsg-on-nic")
                .nsg("nsg-on-subnet", tcp("Allow-Web", 100, "Allow", "*", "443"))
                .nsg("nsg-on-nic", tcp("Allow-Web", 100, "Allow", "*", "443"))
                .nsg("nsg-spare", tcp("Allow-Web", 100, "Allow", "*", "443"))
                .topology();
        List<Finding> f = analyse(t);
        assertThat(withId(f, "unattached-nsg")).singleElement().satisfies(x -> {
            assertThat(x.networkSecurityGroup()).isEqualTo("nsg-spare");
            assertThat(x.severity()).isEqualTo(Severity.INFO);
            assertThat(x.rule()).isNull();
        });
    }
}
