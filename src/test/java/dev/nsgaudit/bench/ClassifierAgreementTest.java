package dev.nsgaudit.bench;

import dev.nsgaudit.eval.BitsetClassifier;
import dev.nsgaudit.eval.CompiledNsg;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.eval.LinearScan;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.semantics.RuleCompiler;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.net.IpRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classifier must pick exactly the rule the linear scan picks. Checked on the benchmark workload (1,000
 * rules per NSG, with the large service tags that make the IPv4 block table kick in) for benchmark flows and
 * for random packets of both families, every protocol, random ports and random ASG sets of up to five names
 * on each side, from every start index a caller may pass; and {@link CompiledNsg#decide} against a direct
 * transcription of its rules (uncertain rules first, equal priorities with the other access) on an NSG with
 * unknown priorities and duplicate priorities.
 */
class ClassifierAgreementTest {

    private static final BenchWorkload WORKLOAD = BenchWorkload.create(BenchWorkload.DEFAULT_SEED);
    private static final List<String> ASG_KEYS = List.of("asg-web", "asg-app", "asg-db", "asg-admin", "asg-monitor",
            "asg-batch", "asg-cache", "asg-jump", "asg-build", "asg-partner", "asg-unknown");

    @Test
    void classifierAgreesWithLinearScanOnBenchmarkFlows() {
        BenchWorkload.Flows flows = WORKLOAD.flows(7);
        for (int i = 0; i < 5_000; i++) {
            BenchWorkload.Flow f = flows.next();
            Packet p = f.packet(WORKLOAD.nicAddress(), WORKLOAD.nicAsgKeys());
            for (CompiledNsg nsg : List.of(WORKLOAD.subnetNsg(), WORKLOAD.nicNsg())) {
                assertSame(nsg, f.direction(), p, 0);
            }
        }
    }

    @Test
    void classifierAgreesWithLinearScanOnRandomPackets() {
        Random rnd = new Random(11);
        List<IpRange> ruleRanges = new ArrayList<>();
        for (CompiledNsg nsg : List.of(WORKLOAD.subnetNsg(), WORKLOAD.nicNsg())) {
            for (Direction d : Direction.values()) {
                for (CompiledRule r : nsg.rules(d)) {
                    ruleRanges.addAll(r.sourceAddresses().ranges());
                    ruleRanges.addAll(r.destinationAddresses().ranges());
                }
            }
        }
        for (int i = 0; i < 4_000; i++) {
            IpFamily family = rnd.nextInt(5) == 0 ? IpFamily.V6 : IpFamily.V4;
            Protocol protocol = Protocol.values()[rnd.nextInt(Protocol.values().length)];
            Packet p = new Packet(protocol, address(rnd, family, ruleRanges), rnd.nextInt(65536), asgs(rnd),
                    address(rnd, family, ruleRanges), rnd.nextInt(65536), asgs(rnd));
            for (CompiledNsg nsg : List.of(WORKLOAD.subnetNsg(), WORKLOAD.nicNsg())) {
                for (Direction d : Direction.values()) {
                    assertSame(nsg, d, p, 0);
                    assertSame(nsg, d, p, rnd.nextInt(nsg.rules(d).size() + 1));
                }
            }
        }
    }

    @Test
    void decideKeepsUncertainAndTiedRules() {
        List<SecurityRule> rules = List.of(
                rule("unknown-priority", null, "Deny", "Tcp", "*", "80"),
                rule("web", 200, "Allow", "Tcp", "*", "80"),
                rule("web-dup-deny", 200, "Deny", "*", "10.0.0.0/8", "80-90"),
                rule("web-dup-allow", 200, "Allow", "Tcp", "*", "80"),
                rule("bad-protocol", 300, "Allow", "Quic", "*", "443"),
                rule("https", 400, "Allow", "Tcp", "Internet", "443"));
        NetworkSecurityGroup nsg = new NetworkSecurityGroup("nsg-test", rules, null);
        CompiledNsg compiled = new CompiledNsg(nsg, new RuleCompiler(NetworkView.assumed(), ServiceTags.bundled(),
                Topology.EMPTY));
        Random rnd = new Random(3);
        int[] ports = {80, 85, 443, 22};
        String[] sources = {"10.1.2.3", "203.0.113.9", "192.168.1.1"};
        for (int i = 0; i < 200; i++) {
            Packet p = new Packet(rnd.nextBoolean() ? Protocol.TCP : Protocol.UDP,
                    IpAddress.parse(sources[rnd.nextInt(sources.length)]), 50000, Set.of(),
                    IpAddress.parse("10.0.0.4"), ports[rnd.nextInt(ports.length)], Set.of());
            CompiledNsg.Decision actual = compiled.decide(Direction.INBOUND, p);
            CompiledNsg.Decision expected = reference(compiled.rules(Direction.INBOUND), p);
            assertThat(actual.rule()).isSameAs(expected.rule());
            assertThat(actual.mayDecideInstead()).containsExactlyElementsOf(expected.mayDecideInstead());
        }
    }

    /** CompiledNsg.decide as it reads on the rule objects themselves. */
    private static CompiledNsg.Decision reference(List<CompiledRule> list, Packet packet) {
        List<CompiledRule> maybe = new ArrayList<>();
        int i = 0;
        while (!list.get(i).matches(packet) || !list.get(i).certain()) {
            if (list.get(i).matches(packet)) {
                maybe.add(list.get(i));
            }
            i++;
        }
        CompiledRule chosen = list.get(i);
        for (int k = i + 1; k < list.size() && list.get(k).priority() == chosen.priority(); k++) {
            if (list.get(k).access() != chosen.access() && list.get(k).matches(packet)) {
                maybe.add(list.get(k));
            }
        }
        return new CompiledNsg.Decision(chosen, maybe);
    }

    private static SecurityRule rule(String name, Integer priority, String access, String protocol, String source,
                                     String ports) {
        return SecurityRule.builder(name).priority(priority).direction("Inbound").access(access).protocol(protocol)
                .sourceAddressPrefix(source).sourcePortRange("*").destinationAddressPrefix("*")
                .destinationPortRange(ports).build();
    }

    private static void assertSame(CompiledNsg nsg, Direction d, Packet p, int from) {
        int fast = nsg.matcher(d).firstMatch(p, from);
        int slow = new LinearScan(nsg.rules(d)).firstMatch(p, from);
        assertThat(nsg.matcher(d)).isInstanceOf(BitsetClassifier.class);
        assertThat(fast).as("first match from %d for %s", from, p).isEqualTo(slow);
    }

    /** Near a rule boundary half the time (just inside or just outside a range), else anywhere. */
    private static IpAddress address(Random rnd, IpFamily family, List<IpRange> ranges) {
        if (rnd.nextBoolean()) {
            IpRange r = ranges.get(rnd.nextInt(ranges.size()));
            if (r.family() == family) {
                IpAddress edge = switch (rnd.nextInt(4)) {
                    case 0 -> r.first();
                    case 1 -> r.last();
                    case 2 -> r.first().previous();
                    default -> r.last().next();
                };
                if (edge != null) {
                    return edge;
                }
            }
        }
        return family == IpFamily.V4 ? IpAddress.v4(rnd.nextInt() & 0xFFFF_FFFFL)
                : IpAddress.v6(rnd.nextLong(), rnd.nextLong());
    }

    private static Set<String> asgs(Random rnd) {
        Set<String> out = new LinkedHashSet<>();
        int n = rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            out.add(ASG_KEYS.get(rnd.nextInt(ASG_KEYS.size())));
        }
        return out;
    }
}
