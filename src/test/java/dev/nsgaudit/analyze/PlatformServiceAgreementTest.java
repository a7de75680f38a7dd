package dev.nsgaudit.analyze;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.space.BddAlgebra;
import dev.nsgaudit.analyze.space.BoxAlgebra;
import dev.nsgaudit.analyze.space.BoxSet;
import dev.nsgaudit.analyze.space.FirstMatch;
import dev.nsgaudit.analyze.space.HeaderWitness;
import dev.nsgaudit.eval.FlowResult;
import dev.nsgaudit.eval.Layer;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.semantics.PlatformService;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * D7 is one table ({@link PlatformService#ALL}): for every entry, verify's evaluator and the generic layer
 * semantics over both set algebras agree on the service's packets under NSGs that deny everything, deny the
 * service's tag, or allow it before denying everything; and the algebras' set of the service is the entry's.
 */
class PlatformServiceAgreementTest {

    private static SecurityRule rule(String name, int priority, String access, String destination) {
        return SecurityRule.builder(name).priority(priority).direction("Outbound").access(access).protocol("*")
                .sourceAddressPrefix("*").sourcePortRange("*").destinationAddressPrefix(destination)
                .destinationPortRange("*").build();
    }

    /** The NSGs each service is tried under, with the access verify must give its packets. */
    private static List<Case> cases(PlatformService s) {
        List<Case> out = new ArrayList<>();
        out.add(new Case("deny everything", List.of(rule("deny-all", 100, "Deny", "*")), Access.ALLOW));
        String address = s.addresses().ranges().get(0).first().toString();
        // A rule that names the service's address but not its tag does not apply to it.
        out.add(new Case("deny its address", List.of(rule("deny-address", 100, "Deny", address)), Access.ALLOW));
        if (s.tag() != null) {
            out.add(new Case("deny its tag", List.of(rule("deny-tag", 100, "Deny", s.tag())), Access.DENY));
            out.add(new Case("allow its tag, deny everything", List.of(rule("allow-tag", 100, "Allow", s.tag()),
                    rule("deny-all", 200, "Deny", "*")), Access.ALLOW));
        }
        return out;
    }

    private record Case(String what, List<SecurityRule> rules, Access expected) {
    }

    @Test
    void everyPlatformServiceIsDecidedAlikeByVerifyAndBothAlgebras() {
        assertThat(PlatformService.ALL).isNotEmpty();
        for (int k = 0; k < PlatformService.ALL.size(); k++) {
            PlatformService service = PlatformService.ALL.get(k);
            for (Case c : cases(service)) {
                String what = service.name() + ", " + c.what();
                try (Analyzer a = new Analyzer(SmallUniverse.topology(c.rules()), SmallUniverse.TAGS)) {
                    BddAlgebra bdds = new BddAlgebra(a.space());
                    BoxAlgebra boxes = new BoxAlgebra(a.boxSpace());
                    FirstMatch<BDD> bddLayer = new FirstMatch<>(bdds);
                    FirstMatch<BoxSet> boxLayer = new FirstMatch<>(boxes);
                    HeaderWitness smallest = bdds.witness(bddLayer.platform(k));
                    assertThat(boxes.witness(boxLayer.platform(k))).as(what).isEqualTo(smallest);
                    for (Packet p : List.of(packet(smallest), packet(largest(service, smallest)))) {
                        assertThat(PlatformService.of(Direction.OUTBOUND, p)).as(what + " " + p).contains(service);
                        assertThat(bdds.contains(bddLayer.platform(k), p)).as(what + " " + p).isTrue();
                        assertThat(boxes.contains(boxLayer.platform(k), p)).as(what + " " + p).isTrue();
                        FlowResult verify = a.evaluator().evaluate(List.of(new Layer("nsg", "nsg:nsg")),
                                a.evaluator().view(null), Direction.OUTBOUND, p);
                        assertThat(verify.access()).as(what + ": verify " + p).isEqualTo(c.expected());
                        var rules = a.compiled("nsg", null).rules(Direction.OUTBOUND);
                        var b = AlgebraProperties.layer(bdds, rules, Direction.OUTBOUND);
                        var x = AlgebraProperties.layer(boxes, rules, Direction.OUTBOUND);
                        boolean allowed = c.expected() == Access.ALLOW;
                        assertThat(bdds.contains(b.low(), p)).as(what + ": BDD low " + p).isEqualTo(allowed);
                        assertThat(bdds.contains(b.high(), p)).as(what + ": BDD high " + p).isEqualTo(allowed);
                        assertThat(boxes.contains(x.low(), p)).as(what + ": box low " + p).isEqualTo(allowed);
                        assertThat(boxes.contains(x.high(), p)).as(what + ": box high " + p).isEqualTo(allowed);
                        b.low().free();
                        b.high().free();
                    }
                    bddLayer.free();
                }
            }
        }
    }

    /** The service's last address, protocol and destination port, from a far source. */
    private static HeaderWitness largest(PlatformService s, HeaderWitness smallest) {
        var ranges = s.addresses().ranges();
        var protocol = dev.nsgaudit.model.Protocol.values()[31 - Integer.numberOfLeadingZeros(s.protocols())];
        int port = s.ports().isAll() ? 65535 : s.ports().end(s.ports().rangeCount() - 1);
        return new HeaderWitness(protocol, dev.nsgaudit.net.IpAddress.parse("203.0.113.9"),
                protocol.hasPorts() ? 40000 : -1, List.of(), ranges.get(ranges.size() - 1).last(),
                protocol.hasPorts() ? port : -1, List.of());
    }

    private static Packet packet(HeaderWitness w) {
        return new Packet(w.protocol(), w.sourceAddress(), w.sourcePort(), new LinkedHashSet<>(w.sourceAsgs()),
                w.destinationAddress(), w.destinationPort(), new LinkedHashSet<>(w.destinationAsgs()));
    }

    @Test
    void theTableDecidesWhichPacketsArePlatformTraffic() {
        for (PlatformService s : PlatformService.ALL) {
            Optional<PlatformService> inbound = PlatformService.of(Direction.INBOUND, packet(largest(s, null)));
            assertThat(inbound).as("D7 is outbound only").isEmpty();
        }
    }
}
