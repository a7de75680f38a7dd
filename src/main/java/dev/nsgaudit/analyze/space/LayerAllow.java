package dev.nsgaudit.analyze.space;

import com.github.javabdd.BDD;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.AddressSet;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * What one NSG layer lets through ({@link FirstMatch} over BDDs), as bounds ({@code low}: allowed whatever unresolved values turn out,
 * {@code high}: may be allowed), including D7: outbound traffic to Azure's platform services passes unless a rule
 * naming the service's tag decides otherwise. A missing NSG lets everything through; an NSG that cannot be
 * identified bounds nothing ({@code low} empty, {@code high} everything).
 */
public final class LayerAllow {

    /** Bounds on an allowed set. */
    public record Bounds(BDD low, BDD high) {
    }

    private final Topology topology;
    private final RuleSetLookup ruleSets;
    private final HeaderSpace space;
    /** Per NSG, direction, view and region: the bounds within the region. */
    private final Map<Key, Bounds> cache = new HashMap<>();
    private final boolean keep;
    /** First match with bounds and D7, the same code the box engine runs. */
    private final FirstMatch<BDD> firstMatch;

    public LayerAllow(Topology topology, HeaderSpace space, RuleSetLookup ruleSets) {
        this(topology, space, ruleSets, true);
    }

    /**
     * @param keep whether to keep the bounds of each NSG, direction, view and region for later calls; a caller that
     *     keeps what it builds from them (per place) saves the memory
     */
    public LayerAllow(Topology topology, HeaderSpace space, RuleSetLookup ruleSets, boolean keep) {
        this.topology = topology;
        this.ruleSets = ruleSets;
        this.keep = keep;
        this.space = space;
        this.firstMatch = new FirstMatch<>(new BddAlgebra(space));
    }

    /** Frees the cached bounds and the platform sets. */
    public void free() {
        for (Bounds b : cache.values()) {
            b.low().free();
            b.high().free();
        }
        cache.clear();
        firstMatch.free();
    }

    public Bounds all() {
        return new Bounds(space.all(), space.all());
    }

    /**
     * The layer of {@code nsgName} (null: no NSG) seen from {@code vnet}, for the packets whose local end (the source
     * outbound, the destination inbound) is one of {@code addresses} with exactly the ASG membership
     * {@code membership} (null: any membership); unknown when {@code unresolved}. The bounds of an NSG are subsets of
     * that region; those of a missing or unknown NSG are not restricted.
     */
    public Bounds of(String nsgName, boolean unresolved, Direction direction, VirtualNetwork vnet,
                     AddressSet addresses, Set<String> membership) {
        return of(nsgName, unresolved, direction, vnet, addresses, membership, null);
    }

    /**
     * The same with the membership fixed among the ASGs of {@code named} only (null: among every ASG), for a question
     * whose rules name no other ASG ({@link HeaderSpace#sourceMembership(Set, Set)}); {@code named} must hold those
     * the NSG's rules name.
     */
    public Bounds of(String nsgName, boolean unresolved, Direction direction, VirtualNetwork vnet,
                     AddressSet addresses, Set<String> membership, Set<String> named) {
        if (unresolved || (nsgName != null && topology.networkSecurityGroup(nsgName).isEmpty())) {
            return new Bounds(space.none(), space.all());
        }
        if (nsgName == null) {
            return all();
        }
        Key key = new Key(Topology.key(nsgName), direction, vnet == null ? "" : Topology.key(vnet.name()), addresses,
                membership == null ? null : Set.copyOf(membership), named == null ? null : Set.copyOf(named));
        Bounds cached = cache.get(key);
        if (cached == null) {
            cached = compute(ruleSets.of(nsgName, direction, vnet), addresses, membership, named);
            if (!keep) {
                return cached;
            }
            cache.put(key, cached);
        }
        return new Bounds(cached.low().id(), cached.high().id());
    }

    private record Key(String nsg, Direction direction, String vnet, AddressSet addresses, Set<String> membership,
                       Set<String> named) {
    }

    /** The packets whose local end is one of the addresses with exactly that membership (any, when null). */
    public BDD region(Direction direction, AddressSet addresses, Set<String> membership) {
        return region(direction, addresses, membership, null);
    }

    /** The same with the membership fixed among the ASGs of {@code named} only (null: among every ASG). */
    public BDD region(Direction direction, AddressSet addresses, Set<String> membership, Set<String> named) {
        boolean source = direction == Direction.OUTBOUND;
        BDD out = source ? space.sourceAddresses(addresses) : space.destinationAddresses(addresses);
        if (membership != null) {
            out.andWith(source ? space.sourceMembership(membership, named)
                    : space.destinationMembership(membership, named));
        }
        return out;
    }

    private Bounds compute(NsgSets sets, AddressSet addresses, Set<String> membership, Set<String> named) {
        BDD region = region(sets.direction(), addresses, membership, named);
        try (RegionSets within = sets.within(region, new NsgSets.Local(addresses, membership))) {
            List<CompiledRule> rules = within.rules();
            int[] order = java.util.stream.IntStream.range(0, rules.size()).filter(within::matches).toArray();
            IntFunction<BDD> match = i -> within.matches(i) ? within.match(i) : null;
            BDD top = space.all().andWith(region.id());
            BDD low = firstMatch.allowed(rules, match, order, top, FirstMatch.Bound.LOW, sets.direction(), null);
            BDD high = firstMatch.allowed(rules, match, order, top, FirstMatch.Bound.HIGH, sets.direction(), null);
            top.free();
            return new Bounds(low, high);
        } finally {
            region.free();
        }
    }
}
