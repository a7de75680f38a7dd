package dev.nsgaudit.analyze.space;

import com.github.javabdd.BDD;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpPrefix;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An endpoint's membership fixed among the ASGs a question's rules name ({@link HeaderSpace#sourceMembership(Set,
 * Set)}) gives the answers of the membership fixed among every ASG: sets built from rules naming only those ASGs are
 * empty, equal and have the same witness (but for the ASGs no rule names) either way. And it costs a node per named
 * ASG, not one per ASG of the space.
 */
class ScopedMembershipProperties {

    /** A space of {@code asgs} ASGs, the ASGs some rules name, two rule-like sets over them and an endpoint. */
    record Case(int asgs, Set<String> named, List<Rule> rules, Set<String> membership, long address, long seed) {
    }

    /** A rule side: addresses or members of some of the named ASGs; the other side is any address. */
    record Rule(boolean source, List<String> prefixes, Set<String> asgs) {
    }

    private static String asg(int i) {
        return "asg-" + i;
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(Arbitraries.integers().between(1, 12), Arbitraries.longs(),
                Arbitraries.longs().between(0, 0xffL)).as((n, seed, address) -> {
            Random random = new Random(seed);
            Set<String> named = new LinkedHashSet<>();
            Set<String> membership = new LinkedHashSet<>();
            for (int i = 0; i < n; i++) {
                if (random.nextInt(3) == 0) {
                    named.add(asg(i));
                }
                if (random.nextInt(3) == 0) {
                    membership.add(asg(i));
                }
            }
            List<Rule> rules = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                List<String> prefixes = new ArrayList<>();
                for (int k = random.nextInt(3); k > 0; k--) {
                    prefixes.add("10.0.0." + random.nextInt(256) + "/" + (24 + random.nextInt(9)));
                }
                Set<String> asgs = new LinkedHashSet<>();
                for (String a : named) {
                    if (random.nextBoolean()) {
                        asgs.add(a);
                    }
                }
                rules.add(new Rule(random.nextBoolean(), prefixes, asgs));
            }
            return new Case(n, named, rules, membership, address, seed);
        });
    }

    private static Set<String> universe(int n) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            out.add(asg(i));
        }
        return out;
    }

    /** What a rule matches: its side's addresses or members of its ASGs (as {@link HeaderSpace#matches}). */
    private static BDD matches(HeaderSpace space, Rule r) {
        AddressSet addresses = r.prefixes().isEmpty() ? AddressSet.EMPTY
                : AddressSet.of(r.prefixes().toArray(new String[0]));
        return r.source() ? space.sourceAddresses(addresses).orWith(space.sourceAsgs(r.asgs()))
                : space.destinationAddresses(addresses).orWith(space.destinationAsgs(r.asgs()));
    }

    /** The endpoint as the source and the destination at once (so both sides of a rule can meet it). */
    private static BDD endpoint(HeaderSpace space, Case c, Set<String> named) {
        AddressSet at = AddressSet.ofPrefixes(List.of(IpPrefix.host(IpAddress.v4(0x0a000000L | c.address()))));
        return space.sourceAddresses(at).andWith(space.destinationAddresses(at))
                .andWith(named == null ? space.sourceMembership(c.membership()) : space.sourceMembership(c.membership(), named))
                .andWith(named == null ? space.destinationMembership(c.membership())
                        : space.destinationMembership(c.membership(), named));
    }

    @Property(tries = 300)
    void sameAnswersAsTheMembershipAmongEveryAsg(@ForAll("cases") Case c) {
        try (HeaderSpace space = new HeaderSpace(universe(c.asgs()))) {
            BDD every = endpoint(space, c, null);
            BDD scoped = endpoint(space, c, c.named());
            BDD first = matches(space, c.rules().get(0));
            BDD second = matches(space, c.rules().get(1));
            // The sets a question builds: what a rule matches at the endpoint, one rule's packets the other leaves.
            List<BDD> fromEvery = List.of(first.and(every), HeaderSpace.minus(first.and(every), second));
            List<BDD> fromScoped = List.of(first.and(scoped), HeaderSpace.minus(first.and(scoped), second));
            for (int i = 0; i < fromEvery.size(); i++) {
                BDD e = fromEvery.get(i);
                BDD s = fromScoped.get(i);
                assertThat(s.isZero()).as("empty, set %d", i).isEqualTo(e.isZero());
                if (!e.isZero()) {
                    HeaderWitness we = space.witness(e);
                    HeaderWitness ws = space.witness(s);
                    assertThat(ws.sourceAddress()).isEqualTo(we.sourceAddress());
                    assertThat(ws.destinationAddress()).isEqualTo(we.destinationAddress());
                    assertThat(ws.sourcePort()).isEqualTo(we.sourcePort());
                    assertThat(ws.destinationPort()).isEqualTo(we.destinationPort());
                    assertThat(ws.protocol()).isEqualTo(we.protocol());
                    assertThat(ws.destinationAsgs()).containsExactlyElementsOf(
                            we.destinationAsgs().stream().filter(c.named()::contains).toList());
                }
            }
            // Equal sets stay equal and different ones different.
            assertThat(fromScoped.get(0).equals(fromScoped.get(1)))
                    .isEqualTo(fromEvery.get(0).equals(fromEvery.get(1)));
            // Put back the membership among the other ASGs: the set of the membership among every ASG.
            Set<String> others = new LinkedHashSet<>(universe(c.asgs()));
            others.removeAll(c.named());
            BDD rest = space.sourceMembership(c.membership(), others)
                    .andWith(space.destinationMembership(c.membership(), others));
            for (int i = 0; i < fromEvery.size(); i++) {
                BDD back = fromScoped.get(i).and(rest);
                assertThat(back).as("set %d", i).isEqualTo(fromEvery.get(i));
                back.free();
            }
            rest.free();
            fromEvery.forEach(BDD::free);
            fromScoped.forEach(BDD::free);
            List.of(every, scoped, first, second).forEach(BDD::free);
        }
    }

    @Example
    void aMembershipCostsANodePerNamedAsgOnly() {
        try (HeaderSpace space = new HeaderSpace(universe(3000))) {
            BDD every = space.destinationMembership(Set.of(asg(7), asg(2500)));
            BDD scoped = space.destinationMembership(Set.of(asg(7), asg(2500)), Set.of(asg(7), asg(8), asg(9)));
            BDD none = space.sourceMembership(Set.of(), Set.of());
            assertThat(every.nodeCount()).isEqualTo(3000);
            assertThat(scoped.nodeCount()).isEqualTo(3);
            assertThat(none.isOne()).isTrue();
            // In asg-7 and in neither asg-8 nor asg-9; asg-2500 and every other ASG left free.
            BDD member = space.destinationAsgs(Set.of(asg(7)));
            BDD other = space.destinationAsgs(Set.of(asg(2500)));
            assertThat(scoped.and(member)).isEqualTo(scoped);
            BDD both = scoped.and(other);
            assertThat(both.isZero()).isFalse();
            BDD outside = HeaderSpace.minus(scoped, other);
            assertThat(outside.isZero()).isFalse();
            List.of(every, scoped, none, member, other, both, outside).forEach(BDD::free);
        }
    }
}
