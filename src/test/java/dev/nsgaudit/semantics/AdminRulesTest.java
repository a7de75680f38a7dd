package dev.nsgaudit.semantics;

import dev.nsgaudit.model.AddressPrefixItem;
import dev.nsgaudit.model.AdminRule;
import dev.nsgaudit.model.AdminRuleCollection;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.NetworkGroup;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.SecurityAdminConfiguration;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AdminRulesTest {

    private static final ServiceTags TAGS = ServiceTags.of("test", List.of());

    static VirtualNetwork vnet(String name, String space, String... subnets) {
        List<Subnet> list = new java.util.ArrayList<>();
        for (int i = 0; i < subnets.length; i += 2) {
            list.add(new Subnet(subnets[i], List.of(subnets[i + 1]), null, SourceRef.UNKNOWN));
        }
        return new VirtualNetwork(name, List.of(space), List.of(), List.of(), list, SourceRef.UNKNOWN);
    }

    static AdminRule rule(String name, int priority, String access, String protocol, String destination,
                          String... ports) {
        return AdminRule.builder(name).priority(priority).access(access).protocol(protocol).direction("Inbound")
                .sources(List.of(AddressPrefixItem.ipPrefix("*")))
                .destinations(List.of(AddressPrefixItem.ipPrefix(destination)))
                .destinationPortRanges(List.of(ports)).build();
    }

    static Topology topology(List<NetworkGroup> groups, List<AdminRule> rules) {
        AdminRuleCollection collection = new AdminRuleCollection("coll", null, List.of("grp"), rules, List.of(),
                SourceRef.UNKNOWN);
        SecurityAdminConfiguration config = new SecurityAdminConfiguration("nm", "cfg", null, List.of(collection),
                List.of(), SourceRef.UNKNOWN);
        return new Topology(List.of(vnet("prod", "10.0.0.0/16", "web", "10.0.1.0/24", "db", "10.0.2.0/24"),
                vnet("dev", "10.1.0.0/16", "web", "10.1.1.0/24")), List.of(), List.of(), List.of(), List.of(),
                List.of(), groups, List.of(config));
    }

    static NetworkGroup group(boolean dynamic, String memberType, String... members) {
        return new NetworkGroup("nm", "grp", null, memberType, List.of(members), dynamic, List.of(), SourceRef.UNKNOWN);
    }

    static Packet tcp(String src, String dst, int port) {
        return new Packet(Protocol.TCP, IpAddress.parse(src), 50000, Set.of(), IpAddress.parse(dst), port, Set.of());
    }

    @Test
    void rulesApplyToMemberVnetsOnlyInPriorityOrder() {
        Topology t = topology(List.of(group(false, null, "prod")), List.of(
                rule("deny-ssh", 200, "Deny", "Tcp", "*", "22"),
                rule("always-https", 100, "AlwaysAllow", "Any", "10.0.0.0/16", "443")));
        AdminRules admin = new AdminRules(t, TAGS);
        AdminLayer prod = admin.layer("prod", "web");
        assertThat(prod.rules(Direction.INBOUND)).extracting(CompiledAdminRule::displayName).containsExactly(
                "securityAdminRules/nm/cfg/coll/always-https", "securityAdminRules/nm/cfg/coll/deny-ssh");
        assertThat(prod.rules(Direction.OUTBOUND)).isEmpty();
        assertThat(prod.decide(Direction.INBOUND, tcp("203.0.113.7", "10.0.1.4", 22)).outcome())
                .isEqualTo(AdminOutcome.DENY);
        assertThat(prod.decide(Direction.INBOUND, tcp("203.0.113.7", "10.0.1.4", 443)).outcome())
                .isEqualTo(AdminOutcome.ALWAYS_ALLOW);
        assertThat(prod.decide(Direction.INBOUND, tcp("203.0.113.7", "10.0.1.4", 80)).outcome())
                .isEqualTo(AdminOutcome.CONTINUE);
        assertThat(admin.layer("dev", "web").isEmpty()).isTrue();
    }

    @Test
    void subnetMembersReachOnlyTheirSubnet() {
        Topology t = topology(List.of(group(false, "Subnet", "prod/db")),
                List.of(rule("deny-all", 100, "Deny", "Any", "*")));
        AdminRules admin = new AdminRules(t, TAGS);
        assertThat(admin.layer("prod", "db").rules(Direction.INBOUND)).hasSize(1);
        assertThat(admin.layer("prod", "web").isEmpty()).isTrue();
        // The VNet as a whole: the rules reach some of its subnets, so they only may apply.
        assertThat(admin.layer("prod", null).rules(Direction.INBOUND)).singleElement()
                .satisfies(r -> assertThat(r.certain()).isFalse());
    }

    @Test
    void dynamicMembershipMakesRulesOfOtherVnetsUncertain() {
        Topology t = topology(List.of(group(true, null, "prod")),
                List.of(rule("deny-all", 100, "Deny", "Any", "*")));
        AdminRules admin = new AdminRules(t, TAGS);
        assertThat(admin.layer("prod", "web").rules(Direction.INBOUND)).singleElement()
                .satisfies(r -> assertThat(r.certain()).isTrue());
        AdminLayer dev = admin.layer("dev", "web");
        AdminLayer.Decision d = dev.decide(Direction.INBOUND, tcp("203.0.113.7", "10.1.1.4", 80));
        assertThat(d.rule()).isNull();
        assertThat(d.mayDecideInstead()).hasSize(1);
        assertThat(d.possibleOutcomes()).containsExactlyInAnyOrder(AdminOutcome.CONTINUE, AdminOutcome.DENY);
        assertThat(d.mayDecideInstead().get(0).uncertainties().get(0)).contains("Azure Policy");
    }

    @Test
    void portlessProtocolsMatchOnlyRulesOfAllPorts() {
        Topology t = topology(List.of(group(false, null, "prod")), List.of(
                rule("deny-22", 100, "Deny", "Any", "*", "22"),
                rule("deny-any", 200, "Deny", "Any", "*")));
        AdminLayer prod = new AdminRules(t, TAGS).layer("prod", "web");
        Packet icmp = new Packet(Protocol.ICMP, IpAddress.parse("203.0.113.7"), 0, Set.of(),
                IpAddress.parse("10.0.1.4"), 0, Set.of());
        assertThat(prod.decide(Direction.INBOUND, icmp).rule().origin().name()).isEqualTo("deny-any");
    }

    @Test
    void tiedPrioritiesOfDifferentAccessLeaveTheOutcomeOpen() {
        Topology t = topology(List.of(group(false, null, "prod")), List.of(
                rule("deny", 100, "Deny", "Tcp", "*", "80"),
                rule("always", 100, "AlwaysAllow", "Tcp", "*", "80-90")));
        AdminLayer prod = new AdminRules(t, TAGS).layer("prod", "web");
        AdminLayer.Decision d = prod.decide(Direction.INBOUND, tcp("203.0.113.7", "10.0.1.4", 80));
        assertThat(d.certain()).isFalse();
        assertThat(d.possibleOutcomes()).containsExactlyInAnyOrder(AdminOutcome.DENY, AdminOutcome.ALWAYS_ALLOW);
        assertThat(prod.decide(Direction.INBOUND, tcp("203.0.113.7", "10.0.1.4", 85)).certain()).isTrue();
    }

    @Test
    void undefinedGroupMayReachAnyVnetAndUnknownVnetMayBeInADynamicGroup() {
        AdminRuleCollection collection = new AdminRuleCollection("coll", null, List.of("missing"),
                List.of(rule("deny-all", 100, "Deny", "Any", "*")), List.of(), SourceRef.UNKNOWN);
        Topology t = topology(List.of(), List.of()).withNetworkManagers(List.of(), List.of(
                new SecurityAdminConfiguration("nm", "cfg", null, List.of(collection), List.of(),
                        SourceRef.UNKNOWN)));
        AdminRules admin = new AdminRules(t, TAGS);
        assertThat(admin.layer("prod", "web").rules(Direction.INBOUND)).singleElement()
                .satisfies(r -> assertThat(r.uncertainties().get(0)).contains("'missing'"));
        Topology dynamic = topology(List.of(group(true, null)), List.of(rule("deny-all", 100, "Deny", "Any", "*")));
        assertThat(new AdminRules(dynamic, TAGS).layer(null, null).rules(Direction.INBOUND)).hasSize(1);
    }

    @Test
    void firstMatchRulesGiveEachOutcomeAsAllow() {
        Topology t = topology(List.of(group(false, null, "prod")), List.of(
                rule("deny-ssh", 200, "Deny", "Tcp", "*", "22"),
                rule("always-https", 100, "AlwaysAllow", "Tcp", "*", "443")));
        AdminLayer prod = new AdminRules(t, TAGS).layer("prod", "web");
        List<CompiledRule> deny = prod.firstMatchRules(Direction.INBOUND, AdminOutcome.DENY);
        assertThat(deny).extracting(CompiledRule::access).containsExactly(
                dev.nsgaudit.model.Access.DENY, dev.nsgaudit.model.Access.ALLOW, dev.nsgaudit.model.Access.DENY);
        List<CompiledRule> cont = prod.firstMatchRules(Direction.INBOUND, AdminOutcome.CONTINUE);
        assertThat(cont.get(cont.size() - 1).access()).isEqualTo(dev.nsgaudit.model.Access.ALLOW);
        assertThat(cont.get(cont.size() - 1).displayName()).isEqualTo(AdminLayer.NO_ADMIN_RULE);
    }

    @Test
    void networkGroupAndServiceTagSides() {
        NetworkGroup g = group(false, null, "prod");
        NetworkGroup devs = new NetworkGroup("nm", "devs", null, null, List.of("dev"), false, List.of(),
                SourceRef.UNKNOWN);
        AdminRule fromDev = AdminRule.builder("deny-from-dev").priority(100).access("Deny").protocol("Any")
                .sources(List.of(new AddressPrefixItem("/subscriptions/s/resourceGroups/r/providers/"
                        + "Microsoft.Network/networkManagers/nm/networkGroups/devs", "NetworkGroup")))
                .destinations(List.of(AddressPrefixItem.serviceTag("VirtualNetwork"))).build();
        Topology t = topology(List.of(g, devs), List.of(fromDev));
        AdminLayer prod = new AdminRules(t, TAGS).layer("prod", "web");
        assertThat(prod.decide(Direction.INBOUND, tcp("10.1.1.5", "10.0.1.4", 80)).outcome())
                .isEqualTo(AdminOutcome.DENY);
        assertThat(prod.decide(Direction.INBOUND, tcp("10.2.1.5", "10.0.1.4", 80)).outcome())
                .isEqualTo(AdminOutcome.CONTINUE);
    }
}
