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
                .andWith(space.sourceAddresses(AddressSet.of("203.0.113.0/24", "198.51.100.7/32")))
                .andWith(space.sourceMembership(Set.of(), NAMED))
                .andWith(space.destinationAddresses(AddressSet.of("10.1.1.4/32")))
                .andWith(space.destinationMembership(Set.of("asg-2999"), NAMED));
    }

    @Test
    void witnessBuildsNodesOnlyForTheVariablesTheSetReads() {
        Set<String> asgs = new LinkedHashSet<>();
        for (int i = 0; i < 3000; i++) {
            asgs.add("asg-" + i);
        }
        HeaderWitness large;
        int built;
        try (HeaderSpace space = new HeaderSpace(asgs)) {
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
        assertThat(large.sourceAddress().toString()).isEqualTo("198.51.100.7");
        assertThat(large.destinationPort()).isEqualTo(22);
        assertThat(large.sourcePort()).isZero();
        // No garbage collection in between: the space's first table holds this many nodes and more.
        assertThat(built).isBetween(0, 1000);
    }
}
