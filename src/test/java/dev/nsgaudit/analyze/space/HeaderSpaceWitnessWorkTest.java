package dev.nsgaudit.analyze.space;

import com.github.javabdd.BDD;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.semantics.PortSet;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A witness looks only at the variables its set reads. On a space of 3,000 ASGs (the full estate of bench/README.md,
 * "The largest estate, third pass") the witness of a set whose membership is fixed among two ASGs builds far fewer
 * nodes than the space has ASGs (a choice over every ASG variable built a chain of one node per ASG, twice per ASG
 * field, for every witness of every exposure finding), and it is the witness a space of only those two ASGs gives.
 */
class HeaderSpaceWitnessWorkTest {

    private static final Set<String> NAMED = Set.of("asg-1500", "asg-2999");

    private static BDD exposure(HeaderSpace space) {
        return space.protocols(Protocol.TCP.mask())
                .andWith(space.destinationPorts(PortSet.range(22, 22)))
                .andWith(space.sourceAddresses(AddressSet.of("8.8.8.0/24", "1.1.1.1/32")))
                .andWith(space.sourceMembership(Set.of(), NAMED))
                .andWith(space.destinationAddresses(AddressSet.of("10.1.1.4/32")))
                .andWith(space.destinationMembership(Set.of("asg-2999"), NAMED));
    }

    private static Set<String> estateAsgs() {
        Set<String> asgs = new LinkedHashSet<>();
        for (int i = 0; i < 3000; i++) {
            asgs.add("asg-" + i);
        }
        return asgs;
    }

    @Test
    void witnessBuildsNodesOnlyForTheVariablesTheSetReads() {
        HeaderWitness large;
        int built;
        try (HeaderSpace space = new HeaderSpace(estateAsgs())) {
            BDD set = exposure(space);
            int before = space.nodeCount();
            large = space.witness(set);
            built = space.nodeCount() - before;
            set.free();
        }
        HeaderWitness small;
        try (HeaderSpace space = new HeaderSpace(NAMED)) {
            BDD set = exposure(space);
            small = space.witness(set);
            set.free();
        }
        assertThat(large).isEqualTo(small);
        assertThat(large.destinationAsgs()).containsExactly("asg-2999");
        assertThat(large.sourceAsgs()).isEmpty();
        assertThat(large.sourceAddress().toString()).isEqualTo("1.1.1.1");
        assertThat(large.destinationPort()).isEqualTo(22);
        assertThat(large.sourcePort()).isZero();
        // No garbage collection in between: the space's first table holds this many nodes and more.
        assertThat(built).isBetween(0, 1000);
    }

    /**
     * The realistic witness (a public source, an ephemeral source port) fixes the smallest witness's membership among
     * the ASGs the set reads, not among all 3,000: a chain of one node per ASG and end for every exposure finding.
     */
    @Test
    void realisticWitnessFixesTheMembershipTheSetReadsOnly() {
        HeaderWitness large;
        int built;
        try (HeaderSpace space = new HeaderSpace(estateAsgs())) {
            BDD set = exposure(space);
            BddAlgebra algebra = new BddAlgebra(space);
            int before = space.nodeCount();
            large = algebra.realisticWitness(set);
            built = space.nodeCount() - before;
            set.free();
        }
        HeaderWitness small;
        try (HeaderSpace space = new HeaderSpace(NAMED)) {
            BDD set = exposure(space);
            small = new BddAlgebra(space).realisticWitness(set);
            set.free();
        }
        assertThat(large).isEqualTo(small);
        assertThat(large.destinationAsgs()).containsExactly("asg-2999");
        assertThat(large.sourceAddress().toString()).isEqualTo("1.1.1.1");
        assertThat(large.sourcePort()).isEqualTo(49152);
        assertThat(built).isBetween(0, 3000);
    }
}
