package dev.nsgaudit.eval;

import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.semantics.AsgSet;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.DefaultRules;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.semantics.RuleCompiler;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IPv4 address index of the classifier searches, in a /16 block holding interval bounds, only the intervals
 * that start inside the block, or gallops when there are too many to count: every kind of block (one interval,
 * a few bounds, more than a hundred bounds, bounds at the block's edges) finds the rule the linear scan finds, by
 * packet and by {@link Ipv4Flow}.
 */
class AddressIndexBlocksTest {

    private static final Topology TOPOLOGY = Net.network().topology();
    private static final RuleCompiler COMPILER = new RuleCompiler(NetworkView.assumed(), ServiceTags.bundled(), TOPOLOGY);

    @Test
    void everyKindOfBlockFindsTheFirstMatch() {
        Random random = new Random(20261203);
        List<CompiledRule> rules = new ArrayList<>();
        int priority = 100;
        // 300 single addresses in 10.0.0.0/16: about 600 bounds inside one block (more than can be counted).
        for (int i = 0; i < 300; i++) {
            rules.add(rule(priority++, "10.0." + random.nextInt(256) + "." + random.nextInt(256), random));
        }
        // A few bounds in 10.1.0.0/16 and 10.2.0.0/16, some at the blocks' first and last addresses.
        for (String prefix : List.of("10.1.0.0/32", "10.1.255.255/32", "10.1.7.0/24", "10.2.128.0/17", "10.2.3.4/31")) {
            rules.add(rule(priority++, prefix, random));
        }
        // Bounds scattered over the whole space, so that most blocks lie in one interval.
        for (int i = 0; i < 100; i++) {
            rules.add(rule(priority++, random.nextInt(224) + "." + random.nextInt(256) + ".0.0/" + (12 + random.nextInt(17)),
                    random));
        }
        rules.addAll(COMPILER.compile(DefaultRules.ALL.get(2), true)); // DenyAllInBound: something always matches
        BitsetClassifier bitset = new BitsetClassifier(rules);
        LinearScan linear = new LinearScan(rules);
        Ipv4Flow flow = new Ipv4Flow();
        List<Long> addresses = new ArrayList<>();
        for (long block : new long[] {0x0A00_0000L, 0x0A01_0000L, 0x0A02_0000L}) {
            for (int i = 0; i < 3000; i++) {
                addresses.add(block | random.nextInt(1 << 16));
            }
            addresses.addAll(List.of(block, block + 1, block | 0xFFFF, block | 0xFFFE, (block | 0xFFFF) + 1, block - 1));
        }
        for (int i = 0; i < 3000; i++) {
            addresses.add(random.nextLong() & 0xFFFF_FFFFL);
        }
        for (long a : addresses) {
            Packet packet = new Packet(Protocol.TCP, IpAddress.v4(a), 1000, Set.of(), IpAddress.v4(0x0B000001L), 80,
                    Set.of());
            flow.set(Protocol.TCP, a, 1000, AsgSet.EMPTY, 0x0B000001L, 80, AsgSet.EMPTY);
            int expected = linear.firstMatch(packet, 0);
            assertThat(bitset.firstMatch(packet, 0)).as("%s", packet.sourceAddress()).isEqualTo(expected);
            assertThat(bitset.firstMatch(flow, 0)).as("%s as a flow", packet.sourceAddress()).isEqualTo(expected);
        }
    }

    private static CompiledRule rule(int priority, String source, Random random) {
        SecurityRule rule = SecurityRule.builder("r" + priority).priority(priority).direction("Inbound")
                .access(random.nextBoolean() ? "Allow" : "Deny").protocol("*").sourceAddressPrefix(source)
                .sourcePortRange("*").destinationAddressPrefix("*").destinationPortRange("*").build();
        return COMPILER.compile(rule, false).get(0);
    }
}
