package dev.nsgaudit.eval;

import dev.nsgaudit.model.Topology;
import net.jqwik.api.Arbitrary;

/** The random small topologies of {@link Gen} for property tests in other packages. */
public final class GenTopologies {

    private GenTopologies() {
    }

    /** Topologies of {@link Gen#scenario()}: one or two VNets, static and dynamic NICs, ASGs, IPv6, 1-3 NSGs. */
    public static Arbitrary<Topology> topologies() {
        return Gen.scenario().map(Gen.Scenario::topology);
    }
}
