package dev.nsgaudit.analyze;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.space.BddAlgebra;
import dev.nsgaudit.analyze.space.BoxAlgebra;
import dev.nsgaudit.analyze.space.BoxSet;
import dev.nsgaudit.eval.CompiledNsg;
import dev.nsgaudit.eval.FlowResult;
import dev.nsgaudit.eval.Layer;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.semantics.Packet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample {@link AlgebraProperties} shrank to: a rule naming AzurePlatformDNS (D7) shares its priority with a
 * Deny that does not name the tag. The Deny does not apply to platform DNS traffic, so it is no tie for those
 * packets: the layer lets DNS to 168.63.129.16 through for certain, as verify says, in both bounds of both algebras.
 */
class PlatformTrafficTieTest {

    private static SecurityRule.Builder outbound(String name, Integer priority, String access, String protocol) {
        return SecurityRule.builder(name).priority(priority).direction("Outbound").access(access).protocol(protocol)
                .sourcePortRange("*").destinationPortRange("*");
    }

    /** The shrunk sample, rule for rule. */
    static final List<SecurityRule> RULES = List.of(
            outbound("r0", 100, "Allow", "*").sourceAddressPrefix("*").destinationAddressPrefix("AzurePlatformDNS")
                    .build(),
            outbound("r1", 100, "Deny", "Tcp").sourceAddressPrefix("Internet").destinationAddressPrefix("*")
                    .destinationPortRange("53").build(),
            outbound("r2", 110, "Deny", "Tcp").sourceAddressPrefix("*").destinationAddressPrefix("*").build(),
            outbound("r3", null, "Allow", "Udp").sourceAddressPrefixes(List.of("10.0.0.4/30", "192.0.2.0/31"))
                    .destinationAddressPrefix("*").build(),
            outbound("r4", 130, "Allow", "Udp").sourceAddressPrefix("*").destinationAddressPrefix("*").build(),
            outbound("r5", 110, "Allow", "Tcp").sourceAddressPrefix("*").destinationAddressPrefix("10.0.0.0/30")
                    .build());

    private static final Packet DNS = new Packet(Protocol.TCP, IpAddress.parse("192.0.2.1"), 1, Set.of(),
            IpAddress.parse("168.63.129.16"), 53, Set.of());

    @Test
    void platformDnsIsAllowedForCertainDespiteTheTieOfARuleThatDoesNotNameTheTag() {
        try (Analyzer a = new Analyzer(SmallUniverse.topology(RULES), SmallUniverse.TAGS)) {
            CompiledNsg nsg = a.compiled("nsg", null);
            assertThat(SmallUniverse.verdict(nsg, Direction.OUTBOUND, DNS).possible()).containsExactly(Access.ALLOW);
            FlowResult verify = a.evaluator().evaluate(List.of(new Layer("nsg", "nsg:nsg")), a.evaluator().view(null),
                    Direction.OUTBOUND, DNS);
            assertThat(verify.access()).isEqualTo(Access.ALLOW);
            assertThat(verify.ruleName()).isEqualTo("securityRules/r0");
            assertThat(verify.reasons()).isEmpty();

            var bdds = new BddAlgebra(a.space());
            var boxes = new BoxAlgebra(a.boxSpace());
            AlgebraProperties.Layer<BDD> b = AlgebraProperties.layer(bdds, nsg.rules(Direction.OUTBOUND),
                    Direction.OUTBOUND);
            AlgebraProperties.Layer<BoxSet> x = AlgebraProperties.layer(boxes, nsg.rules(Direction.OUTBOUND),
                    Direction.OUTBOUND);
            assertThat(bdds.contains(b.low(), DNS)).as("BDD low").isTrue();
            assertThat(bdds.contains(b.high(), DNS)).as("BDD high").isTrue();
            assertThat(boxes.contains(x.low(), DNS)).as("box low").isTrue();
            assertThat(boxes.contains(x.high(), DNS)).as("box high").isTrue();
            b.low().free();
            b.high().free();
        }
    }

    /** Every packet of the small universe, both directions: both bounds of both algebras against the evaluator. */
    @Test
    void everyPacketOfTheUniverseAgreesWithTheEvaluator() {
        try (Analyzer a = new Analyzer(SmallUniverse.topology(RULES), SmallUniverse.TAGS)) {
            CompiledNsg nsg = a.compiled("nsg", null);
            var bdds = new BddAlgebra(a.space());
            var boxes = new BoxAlgebra(a.boxSpace());
            for (Direction d : Direction.values()) {
                AlgebraProperties.Layer<BDD> b = AlgebraProperties.layer(bdds, nsg.rules(d), d);
                AlgebraProperties.Layer<BoxSet> x = AlgebraProperties.layer(boxes, nsg.rules(d), d);
                for (Packet p : SmallUniverse.packets()) {
                    Set<Access> possible = SmallUniverse.verdict(nsg, d, p).possible();
                    boolean sure = possible.equals(Set.of(Access.ALLOW));
                    boolean maybe = possible.contains(Access.ALLOW);
                    assertThat(bdds.contains(b.low(), p)).as("BDD low %s %s", d, p).isEqualTo(sure);
                    assertThat(bdds.contains(b.high(), p)).as("BDD high %s %s", d, p).isEqualTo(maybe);
                    assertThat(boxes.contains(x.low(), p)).as("box low %s %s", d, p).isEqualTo(sure);
                    assertThat(boxes.contains(x.high(), p)).as("box high %s %s", d, p).isEqualTo(maybe);
                }
                b.low().free();
                b.high().free();
            }
        }
    }

    /**
     * Two rules naming AzurePlatformDNS with one priority and different access both match platform DNS: Azure rejects
     * the duplicate, so which decides is undefined (README, duplicate priorities) and verify is inconclusive, as the
     * two bounds say.
     */
    @Test
    void twoRulesNamingThePlatformTagWithOnePriorityLeaveItOpen() {
        List<SecurityRule> rules = List.of(
                outbound("allow-dns", 100, "Allow", "*").sourceAddressPrefix("*")
                        .destinationAddressPrefix("AzurePlatformDNS").build(),
                outbound("deny-dns", 100, "Deny", "Tcp").sourceAddressPrefix("*")
                        .destinationAddressPrefix("AzurePlatformDNS").build());
        try (Analyzer a = new Analyzer(SmallUniverse.topology(rules), SmallUniverse.TAGS)) {
            CompiledNsg nsg = a.compiled("nsg", null);
            assertThat(SmallUniverse.verdict(nsg, Direction.OUTBOUND, DNS).possible())
                    .containsExactlyInAnyOrder(Access.ALLOW, Access.DENY);
            FlowResult verify = a.evaluator().evaluate(List.of(new Layer("nsg", "nsg:nsg")), a.evaluator().view(null),
                    Direction.OUTBOUND, DNS);
            assertThat(verify.access()).as("verify").isNull();
            assertThat(verify.reasons()).singleElement().asString().contains("deny-dns", "same priority 100");

            var bdds = new BddAlgebra(a.space());
            AlgebraProperties.Layer<BDD> b = AlgebraProperties.layer(bdds, nsg.rules(Direction.OUTBOUND),
                    Direction.OUTBOUND);
            assertThat(bdds.contains(b.low(), DNS)).as("BDD low").isFalse();
            assertThat(bdds.contains(b.high(), DNS)).as("BDD high").isTrue();
            b.low().free();
            b.high().free();
        }
    }
}
