package dev.nsgaudit.analyze.space;

import com.github.javabdd.BDD;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.semantics.PortSet;

import java.util.List;
import java.util.Set;

/** The set algebra of {@link HeaderSpace}: packet sets as BDDs. Every result is a new BDD the caller frees. */
public final class BddAlgebra implements SetAlgebra<BDD> {

    private final HeaderSpace space;

    public BddAlgebra(HeaderSpace space) {
        this.space = space;
    }

    public HeaderSpace space() {
        return space;
    }

    @Override
    public BDD none() {
        return space.none();
    }

    @Override
    public BDD all() {
        return space.all();
    }

    @Override
    public BDD union(BDD a, BDD b) {
        return a.or(b);
    }

    @Override
    public BDD unionAll(List<BDD> parts) {
        BDD out = space.none();
        for (BDD p : parts) {
            out.orWith(p.id());
        }
        return out;
    }

    @Override
    public BDD intersect(BDD a, BDD b) {
        return a.and(b);
    }

    @Override
    public BDD minus(BDD a, BDD b) {
        return HeaderSpace.minus(a, b);
    }

    @Override
    public Split<BDD> split(BDD in, BDD by) {
        BDD inside = in.and(by);
        if (inside.isZero()) {
            return new Split<>(inside, in.id());
        }
        return new Split<>(inside, HeaderSpace.minus(in, by));
    }

    @Override
    public boolean isEmpty(BDD s) {
        return s.isZero();
    }

    @Override
    public BDD copy(BDD s) {
        return s.id();
    }

    @Override
    public void free(BDD s) {
        s.free();
    }

    @Override
    public BDD matches(CompiledRule rule) {
        return space.matches(rule);
    }

    @Override
    public BDD traffic(int mask, PortSet destinationPorts, PortSet sourcePorts) {
        BDD ports = space.destinationPorts(destinationPorts).andWith(space.sourcePorts(sourcePorts));
        boolean fullPorts = destinationPorts.isAll() && sourcePorts.isAll();
        BDD out = space.none();
        for (Protocol p : Protocol.values()) {
            if ((mask & p.mask()) == 0) {
                continue;
            }
            if (p.hasPorts()) {
                out.orWith(space.protocols(p.mask()).andWith(ports.id()));
            } else if (fullPorts) {
                out.orWith(space.protocols(p.mask()));
            }
        }
        ports.free();
        return out;
    }

    @Override
    public BDD sourceAddresses(AddressSet addresses) {
        return space.sourceAddresses(addresses);
    }

    @Override
    public BDD destinationAddresses(AddressSet addresses) {
        return space.destinationAddresses(addresses);
    }

    @Override
    public BDD sourceMembership(Set<String> asgs) {
        return space.sourceMembership(asgs);
    }

    @Override
    public BDD destinationMembership(Set<String> asgs) {
        return space.destinationMembership(asgs);
    }

    /**
     * Fixed among the ASGs whose variables {@code set} reads only: a chain over every ASG of the input in each
     * realistic witness cost a step per ASG in every operation on it (bench/README.md, "The largest estate, third
     * pass"). The other variables are free in the set, so its smallest witness is in none of those ASGs and the
     * witnesses of what is intersected with this are the same.
     */
    @Override
    public BDD witnessMembership(BDD set, boolean source, Set<String> asgs) {
        Set<String> read = space.asgsRead(set, source);
        return source ? space.sourceMembership(asgs, read) : space.destinationMembership(asgs, read);
    }

    @Override
    public BDD hosts(HostUniverse universe, boolean source) {
        return space.hosts(universe, source);
    }

    @Override
    public BDD packet(Packet p) {
        AddressSet src = AddressSet.ofRanges(List.of(new dev.nsgaudit.net.IpRange(p.sourceAddress(), p.sourceAddress())));
        AddressSet dst = AddressSet.ofRanges(List.of(new dev.nsgaudit.net.IpRange(p.destinationAddress(),
                p.destinationAddress())));
        PortSet sp = p.protocol().hasPorts() ? PortSet.range(p.sourcePort(), p.sourcePort()) : PortSet.ALL;
        PortSet dp = p.protocol().hasPorts() ? PortSet.range(p.destinationPort(), p.destinationPort()) : PortSet.ALL;
        return traffic(p.protocol().mask(), dp, sp).andWith(space.sourceAddresses(src))
                .andWith(space.destinationAddresses(dst)).andWith(space.sourceMembership(p.sourceAsgs()))
                .andWith(space.destinationMembership(p.destinationAsgs()));
    }

    @Override
    public BDD withMembership(BDD set, boolean source, Set<String> asgs) {
        BDD out = space.existsMembership(set, source);
        if (asgs != null) {
            out.andWith(source ? space.sourceMembership(asgs) : space.destinationMembership(asgs));
        }
        return out;
    }

    @Override
    public HeaderWitness witness(BDD set) {
        BDD valid = set.and(space.all());
        try {
            return valid.isZero() ? null : space.witness(valid);
        } finally {
            valid.free();
        }
    }

    @Override
    public double countSourceAddresses(BDD set, IpFamily family) {
        return space.countSourceAddresses(set, family);
    }
}
