package dev.nsgaudit.analyze.policies;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.AdminPlaces;
import dev.nsgaudit.analyze.Place;
import dev.nsgaudit.analyze.policies.PlaceViews.Remote;
import dev.nsgaudit.analyze.space.AdminSets;
import dev.nsgaudit.analyze.space.BddAlgebra;
import dev.nsgaudit.analyze.space.FirstMatch;
import dev.nsgaudit.analyze.space.FirstMatch.Bound;
import dev.nsgaudit.analyze.space.HeaderSpace;
import dev.nsgaudit.analyze.space.LayerAllow;
import dev.nsgaudit.analyze.space.RuleSetLookup;
import dev.nsgaudit.analyze.space.SetAlgebra;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.AddressSet;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A place's layers for the {@link PolicyQuestion} on BDDs: both layers of the place within its own packets, built once
 * per place and direction for each bound ({@link LayerAllow}, first match over BDDs), then intersected with what a
 * question asks. Decides every policy, including places of unknown ASG membership (quantified: allowed for sure only
 * if allowed whatever it is, maybe allowed if allowed for some value) and NSGs with rules tied on priority.
 */
final class BddPlaceLayers implements PolicyQuestion.PlaceLayers<BDD> {

    private final HeaderSpace space;
    private final BddAlgebra algebra;
    private final LayerAllow layers;
    private final AdminPlaces admin;
    /** The admin layer in front of the NSGs, composed as the box engine composes it. */
    private final FirstMatch<BDD> adminFirstMatch;
    private final AdminSets<BDD> adminSets;
    /** Both layers of a place, per place and direction (places recur in many policies). */
    private final Map<PlaceKey, PlaceSets> placeSets = new HashMap<>();
    /** The traffic of the current question. */
    private BDD traffic;

    /** A place's layers within the place's packets: what they allow for sure ({@code low}) and may allow ({@code high}). */
    private record PlaceSets(BDD low, BDD high) {
        BDD of(Bound bound) {
            return bound == Bound.LOW ? low : high;
        }
    }

    /** What identifies a place's layers and its packets. */
    private record PlaceKey(Direction direction, Place.Kind kind, String subnet, String nic, AddressSet addresses,
                            Set<String> membership) {
    }

    BddPlaceLayers(Topology topology, HeaderSpace space, RuleSetLookup ruleSets, AdminPlaces admin) {
        this.space = space;
        this.algebra = new BddAlgebra(space);
        this.layers = new LayerAllow(topology, space, ruleSets, false); // the place sets below are what is kept
        this.admin = admin;
        this.adminFirstMatch = new FirstMatch<>(algebra);
        this.adminSets = new AdminSets<>(adminFirstMatch);
    }

    @Override
    public SetAlgebra<BDD> algebra() {
        return algebra;
    }

    @Override
    public void begin(PolicyQuestion.Traffic t) {
        if (traffic != null) {
            traffic.free();
        }
        traffic = algebra.traffic(t.mask(), t.destinationPorts(), t.sourcePorts());
    }

    @Override
    public BDD packets(Place p, List<Remote> others, Direction direction) {
        BDD remote = space.none();
        Direction remoteSide = direction == Direction.OUTBOUND ? Direction.INBOUND : Direction.OUTBOUND;
        for (Remote r : others) {
            remote.orWith(layers.region(remoteSide, r.addresses(), r.membership()));
        }
        return remote.andWith(here(p, direction)).andWith(traffic.id());
    }

    @Override
    public BDD allowed(Place p, Direction direction, BDD in, List<Remote> others, Bound bound, Consumer<BDD> denied) {
        BDD set = placeSets(p, direction).of(bound);
        if (denied != null) {
            denied.accept(HeaderSpace.minus(in, set));
        }
        return in.and(set);
    }

    /** The BDDs hold each bound whole: nothing is saved by knowing they are equal. */
    @Override
    public boolean certain(List<Place> from, List<Place> to) {
        return false;
    }

    /** Frees what is kept between questions. */
    void free() {
        for (PlaceSets b : placeSets.values()) {
            b.low().free();
            b.high().free();
        }
        placeSets.clear();
        layers.free();
        adminSets.free();
        adminFirstMatch.free();
        if (traffic != null) {
            traffic.free();
            traffic = null;
        }
    }

    /** The packets whose local end is this place: its addresses with its exact membership (free when unknown). */
    private BDD here(Place p, Direction direction) {
        return layers.region(direction, p.addresses(), p.membership());
    }

    /**
     * Both layers of a place ({@link #bothLayers}) within the place's packets, with the place's own ASG membership
     * quantified away when it is not known; cached per place and direction.
     */
    private PlaceSets placeSets(Place p, Direction direction) {
        PlaceKey key = new PlaceKey(direction, p.kind(), p.subnet() == null ? null : p.subnet().reference(),
                p.nic() == null ? null : p.nic().name(), p.addresses(), p.membership());
        PlaceSets cached = placeSets.get(key);
        if (cached == null) {
            LayerAllow.Bounds allow = withAdmin(p, direction, bothLayers(p, direction));
            BDD low = allow.low();
            BDD high = allow.high();
            if (p.membership() == null) {
                // Unknown membership is one fixed value nobody knows, not a choice among packets: allowed for
                // sure only if allowed whatever it is, maybe allowed if allowed for some value.
                boolean source = direction == Direction.OUTBOUND;
                low = space.forAllMemberships(allow.low(), source);
                high = space.existsMembership(allow.high(), source);
                allow.low().free();
                allow.high().free();
            }
            BDD here = here(p, direction);
            low.andWith(here.id());
            high.andWith(here.id());
            cached = new PlaceSets(low, high);
            here.free();
            placeSets.put(key, cached);
        }
        return cached;
    }

    /**
     * The NSG layers' bounds behind the place's admin layer ({@link AdminSets}), within the place's packets; the
     * given bounds are consumed.
     */
    private LayerAllow.Bounds withAdmin(Place p, Direction direction, LayerAllow.Bounds nsgs) {
        var layer = admin.of(p);
        if (AdminSets.passesAll(layer, direction)) {
            return nsgs;
        }
        BDD here = here(p, direction);
        BDD low = adminSets.allowed(layer, direction, here, Bound.LOW, toNsgs -> toNsgs.and(nsgs.low()));
        BDD high = adminSets.allowed(layer, direction, here, Bound.HIGH, toNsgs -> toNsgs.and(nsgs.high()));
        here.free();
        nsgs.low().free();
        nsgs.high().free();
        return new LayerAllow.Bounds(low, high);
    }

    /**
     * Subnet NSG and NIC NSG of a place, within the place's packets ({@link #here}; the bounds of a missing or
     * unknown NSG are not cut down), in the order of the direction (the order does not matter for sets).
     */
    private LayerAllow.Bounds bothLayers(Place p, Direction direction) {
        if (p.kind() == Place.Kind.EXTERNAL) {
            return layers.all();
        }
        VirtualNetwork vnet = p.subnet() == null ? null : p.subnet().virtualNetwork();
        LayerAllow.Bounds subnet = p.subnet() == null ? layers.of(null, true, direction, null, p.addresses(), p.membership())
                : layers.of(p.subnet().subnet().networkSecurityGroup(),
                p.subnet().subnet().isUnresolved("networkSecurityGroup"), direction, vnet, p.addresses(), p.membership());
        if (p.kind() == Place.Kind.SUBNET_HOSTS) {
            return subnet;
        }
        LayerAllow.Bounds nic = layers.of(p.nic().networkSecurityGroup(), p.nic().isUnresolved("networkSecurityGroup"),
                direction, vnet, p.addresses(), p.membership());
        return new LayerAllow.Bounds(subnet.low().andWith(nic.low()), subnet.high().andWith(nic.high()));
    }
}
