package dev.nsgaudit.eval;

import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.DefaultRules;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.semantics.RuleCompiler;

import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bit-vector classifier the evaluator uses must find the same first match as the plain linear scan,
 * for random rule lists (over 64 rules, so several words) and random packets of both families.
 */
class ClassifierAgreementTest {

    private static final List<String> ASGS = List.of("a1", "a2", "a3");
    private static final Topology TOPOLOGY = Net.network().asg(ASGS.toArray(String[]::new)).topology();
    private static final RuleCompiler COMPILER = new RuleCompiler(NetworkView.assumed(), ServiceTags.bundled(), TOPOLOGY);

    @Test
    void bitsetClassifierAgreesWithLinearScan() {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            List<CompiledRule> rules = new ArrayList<>();
            int count = 1 + random.nextInt(150);
            for (int i = 0; i < count; i++) {
                rules.add(COMPILER.compile(randomRule(random, i), false).get(0));
            }
            rules.addAll(COMPILER.compile(DefaultRules.ALL.get(2), true)); // DenyAllInBound: something always matches
            BitsetClassifier bitset = new BitsetClassifier(rules);
            LinearScan linear = new LinearScan(rules);
            for (int p = 0; p < 400; p++) {
                Packet packet = randomPacket(random);
                int from = random.nextInt(4) == 0 ? random.nextInt(rules.size() + 1) : 0;
                assertThat(bitset.firstMatch(packet, from)).as("round %d, %s from %d", round, packet, from)
                        .isEqualTo(linear.firstMatch(packet, from));
            }
        }
    }

    private static SecurityRule randomRule(Random random, int i) {
        SecurityRule.Builder b = SecurityRule.builder("r" + i).priority(100 + i).direction("Inbound")
                .access(random.nextBoolean() ? "Allow" : "Deny")
                .protocol(pick(random, "*", "Tcp", "Udp", "Icmp", "Esp", "Ah"));
        b.sourcePortRange(randomPorts(random));
        b.destinationPortRange(randomPorts(random));
        if (random.nextInt(5) == 0) {
            b.sourceApplicationSecurityGroups(List.of(pick(random, ASGS.toArray(String[]::new))));
        } else {
            b.sourceAddressPrefix(randomPrefix(random));
        }
        if (random.nextInt(5) == 0) {
            b.destinationApplicationSecurityGroups(List.of(pick(random, ASGS.toArray(String[]::new))));
        } else {
            b.destinationAddressPrefix(randomPrefix(random));
        }
        return b.build();
    }

    private static String randomPorts(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> "*";
            case 1 -> Integer.toString(random.nextInt(100));
            case 2 -> {
                int a = random.nextInt(100);
                yield a + "-" + (a + random.nextInt(50));
            }
            default -> "0-65535";
        };
    }

    private static String randomPrefix(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> "*";
            case 1 -> "VirtualNetwork";
            case 2 -> "Internet";
            case 3 -> "2001:db8::/" + (32 + random.nextInt(97));
            default -> "10.0." + random.nextInt(4) + "." + random.nextInt(256) + "/" + (22 + random.nextInt(11));
        };
    }

    private static Packet randomPacket(Random random) {
        Protocol protocol = Protocol.values()[random.nextInt(Protocol.values().length)];
        return new Packet(protocol, randomAddress(random), random.nextInt(160), randomAsgs(random),
                randomAddress(random), random.nextInt(160), randomAsgs(random));
    }

    private static IpAddress randomAddress(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> IpAddress.parse("2001:db8::" + Integer.toHexString(random.nextInt(65536)));
            case 1 -> IpAddress.parse("8.8." + random.nextInt(256) + "." + random.nextInt(256));
            default -> IpAddress.parse("10.0." + random.nextInt(4) + "." + random.nextInt(256));
        };
    }

    private static Set<String> randomAsgs(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Set.of("a1");
            case 1 -> Set.of("a2", "a3");
            default -> Set.of();
        };
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }
}
