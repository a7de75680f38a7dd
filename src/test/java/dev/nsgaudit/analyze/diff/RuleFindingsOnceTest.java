package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.analyze.Analyzer;
import dev.nsgaudit.eval.GenTopologies;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.testing.Net;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.nsgaudit.testing.Net.inbound;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RuleFindingsOnce} gives each version exactly the rule findings its own analyzer gives, locations included,
 * while taking base's findings of an NSG for head where nothing they read changed.
 */
class RuleFindingsOnceTest {

    private static final ServiceTags TAGS = ServiceTags.bundled();

    /**
     * Base's and head's findings through RuleFindingsOnce, checked against each version analysed on its own: one
     * version after the other (as the diff command runs them), and as {@link SemanticDiff} runs them, head's findings
     * that read nothing of base's first ({@link RuleFindingsOnce#headAhead}), then the rest.
     */
    private static RuleFindingsOnce assertExact(Topology base, Topology head) {
        List<Finding> ownBase;
        List<Finding> ownHead;
        try (Analyzer a = new Analyzer(base, TAGS)) {
            ownBase = a.ruleFindings();
        }
        try (Analyzer a = new Analyzer(head, TAGS)) {
            ownHead = a.ruleFindings();
        }
        RuleFindingsOnce once = null;
        for (boolean ahead : new boolean[] {false, true}) {
            once = new RuleFindingsOnce(base, head, true);
            try (Analyzer a = new Analyzer(base, TAGS)) {
                assertThat(once.base(a)).isEqualTo(ownBase);
            }
            try (Analyzer a = new Analyzer(head, TAGS)) {
                if (ahead) {
                    once.headAhead(a);
                }
                assertThat(once.head(a)).as("head, ahead: " + ahead).isEqualTo(ownHead);
            }
        }
        return once;
    }

    private static Net web(SecurityRule... subnetRules) {
        return Net.network()
                .vnet("vnet", "10.0.0.0/16")
                .subnet("vnet/web", "10.0.1.0/24", "nsg-subnet")
                .asg("AsgWeb")
                .nic("web-1", "vnet/web", "10.0.1.4", "nsg-nic", "AsgWeb")
                .nsg("nsg-subnet", subnetRules)
                .nsg("nsg-nic", tcp("Allow-Internet-Https", 100, "Allow", "Internet", "443"),
                        tcp("Allow-Web", 110, "Allow", "Internet", "443-444"));
    }

    private static SecurityRule tcp(String name, int priority, String access, String source, String ports) {
        return inbound(name, priority, access).protocol("Tcp").sourceAddressPrefix(source).destinationPortRange(ports)
                .build();
    }

    @Test
    void aNicNsgIsAnalysedAgainInHeadWhenTheSubnetNsgInFrontOfItChanged() {
        Topology base = web(tcp("Allow-Https", 100, "Allow", "Internet", "443-444")).topology();
        Topology head = web(inbound("Deny-Internet", 100, "Deny").sourceAddressPrefix("Internet").build()).topology();
        RuleFindingsOnce once = assertExact(base, head);
        try (Analyzer a = new Analyzer(head, TAGS)) {
            // The case holds what it tests: nsg-nic is the same, and only head's front layer makes its rule dead.
            assertThat(a.ruleFindings()).anyMatch(f -> f.id().equals("ineffective-across-layers")
                    && f.rule().equals("Allow-Internet-Https"));
        }
        try (Analyzer a = new Analyzer(base, TAGS)) {
            assertThat(a.ruleFindings()).noneMatch(f -> f.id().equals("ineffective-across-layers"));
        }
        assertThat(once.taken()).as("nsg-nic's rule lists and attachments").isEqualTo(2);
    }

    @Test
    void anNsgWrittenElsewhereInHeadIsTakenWithHeadsLocations() {
        Topology base = placed(web(tcp("Deny-Ssh", 100, "Deny", "*", "22")).topology(), 0);
        Topology head = placed(base, 40);
        RuleFindingsOnce once = assertExact(base, head);
        try (Analyzer a = new Analyzer(head, TAGS)) {
            assertThat(a.ruleFindings()).extracting(Finding::id).contains("redundant-rule");
        }
        assertThat(once.taken()).as("every analysis of both NSGs").isEqualTo(6);
    }

    @Test
    void aChangedNicMakesEveryNsgAnalysedAgain() {
        Topology base = web(tcp("Deny-Ssh", 100, "Deny", "*", "22")).topology();
        Topology head = web(tcp("Deny-Ssh", 100, "Deny", "*", "22")).nic("web-2", "vnet/web", "10.0.1.5", "nsg-nic")
                .topology();
        assertThat(assertExact(base, head).taken()).isZero();
    }

    @Test
    void aRuleWhoseDestinationMovedOutsideTheAttachmentsIsDecidedAgainInHead() {
        SecurityRule unchanged = tcp("Allow-Ssh", 110, "Allow", "VirtualNetwork", "22");
        Topology base = web(inbound("Allow-Https", 100, "Allow").protocol("Tcp").sourceAddressPrefix("Internet")
                .destinationAddressPrefix("10.0.1.0/24").destinationPortRange("443").build(), unchanged).topology();
        Topology head = web(inbound("Allow-Https", 100, "Allow").protocol("Tcp").sourceAddressPrefix("Internet")
                .destinationAddressPrefix("10.0.9.0/24").destinationPortRange("443").build(), unchanged).topology();
        RuleFindingsOnce once = assertExact(base, head);
        try (Analyzer a = new Analyzer(head, TAGS)) {
            // The case holds what it tests: only head's Allow-Https is outside the subnet it is attached to.
            assertThat(a.ruleFindings()).anyMatch(f -> f.id().equals("rule-outside-attachments")
                    && f.rule().equals("Allow-Https"));
        }
        try (Analyzer a = new Analyzer(base, TAGS)) {
            assertThat(a.ruleFindings()).noneMatch(f -> f.id().equals("rule-outside-attachments"));
        }
        assertThat(once.counts()).contains("rule answers of outside attachments kept");
    }

    /** Every NSG and rule written at line {@code 10 * index + shift} of one file. */
    private static Topology placed(Topology t, int shift) {
        List<NetworkSecurityGroup> nsgs = new ArrayList<>();
        int line = 1;
        for (NetworkSecurityGroup n : t.networkSecurityGroups()) {
            SourceRef at = new SourceRef("main.json", 10 * line++ + shift, 5);
            List<SecurityRule> rules = new ArrayList<>();
            for (SecurityRule r : n.securityRules()) {
                rules.add(at(r, new SourceRef("main.json", 10 * line++ + shift, 9)));
            }
            nsgs.add(new NetworkSecurityGroup(n.name(), rules, n.unresolved(), at));
        }
        return new Topology(t.virtualNetworks(), t.applicationSecurityGroups(), t.networkInterfaces(), nsgs);
    }

    private static SecurityRule at(SecurityRule r, SourceRef source) {
        return new SecurityRule(r.name(), r.description(), r.priority(), r.direction(), r.access(), r.protocol(),
                r.sourceAddressPrefix(), r.sourceAddressPrefixes(), r.sourceApplicationSecurityGroups(),
                r.sourcePortRange(), r.sourcePortRanges(), r.destinationAddressPrefix(), r.destinationAddressPrefixes(),
                r.destinationApplicationSecurityGroups(), r.destinationPortRange(), r.destinationPortRanges(),
                r.unresolved(), source);
    }

    /**
     * Random topologies, head with one NSG in two edited (a rule's access flipped, or its destination replaced by
     * one of the topology's subnet prefixes, any address or one outside every network) and, half the time, moved.
     */
    @Provide
    Arbitrary<DiffProperties.Pair> someNsgsEdited() {
        return Combinators.combine(GenTopologies.topologies(), Arbitraries.longs()).as((t, seed) -> {
            Random random = new Random(seed);
            Topology base = placed(t, 0);
            List<NetworkSecurityGroup> nsgs = new ArrayList<>();
            for (NetworkSecurityGroup n : base.networkSecurityGroups()) {
                List<SecurityRule> rules = new ArrayList<>(n.securityRules());
                if (!rules.isEmpty() && random.nextInt(3) == 0) {
                    int i = random.nextInt(rules.size());
                    SecurityRule r = rules.get(i);
                    List<String> prefixes = new ArrayList<>(List.of("*", "198.51.100.0/24"));
                    t.subnets().forEach(s -> prefixes.addAll(s.subnet().addressPrefixes()));
                    rules.set(i, new SecurityRule(r.name(), r.description(), r.priority(), r.direction(),
                            r.access(), r.protocol(), r.sourceAddressPrefix(), r.sourceAddressPrefixes(),
                            r.sourceApplicationSecurityGroups(), r.sourcePortRange(), r.sourcePortRanges(),
                            prefixes.get(random.nextInt(prefixes.size())), List.of(), List.of(),
                            r.destinationPortRange(), r.destinationPortRanges(), r.unresolved(), r.source()));
                } else if (!rules.isEmpty() && random.nextBoolean()) {
                    int i = random.nextInt(rules.size());
                    SecurityRule r = rules.get(i);
                    rules.set(i, new SecurityRule(r.name(), r.description(), r.priority(), r.direction(),
                            "Allow".equalsIgnoreCase(r.access()) ? "Deny" : "Allow", r.protocol(),
                            r.sourceAddressPrefix(), r.sourceAddressPrefixes(), r.sourceApplicationSecurityGroups(),
                            r.sourcePortRange(), r.sourcePortRanges(), r.destinationAddressPrefix(),
                            r.destinationAddressPrefixes(), r.destinationApplicationSecurityGroups(),
                            r.destinationPortRange(), r.destinationPortRanges(), r.unresolved(), r.source()));
                }
                nsgs.add(new NetworkSecurityGroup(n.name(), rules, n.unresolved(), n.source()));
            }
            Topology head = new Topology(t.virtualNetworks(), t.applicationSecurityGroups(), t.networkInterfaces(),
                    nsgs);
            return new DiffProperties.Pair(base, random.nextBoolean() ? placed(head, 7) : head, seed);
        });
    }

    @Property(tries = 80)
    void eachVersionGetsExactlyItsOwnFindings(@ForAll("someNsgsEdited") DiffProperties.Pair pair) {
        assertExact(pair.base(), pair.head());
    }
}
