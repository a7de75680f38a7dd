package dev.nsgaudit.analyze;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.space.HeaderSpace;
import dev.nsgaudit.analyze.space.NsgSets;
import dev.nsgaudit.analyze.space.RegionSets;
import dev.nsgaudit.semantics.AddressField;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.PortSet;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.AddressSet;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one NSG layer lets through, as bounds ({@code low}: allowed whatever unresolved values turn out,
 * {@code high}: may be allowed), including D7: outbound traffic to Azure's platform services passes unless a rule
 * naming the service's tag decides otherwise. A missing NSG lets everything through; an NSG that cannot be
 * identified bounds nothing ({@code low} empty, {@code high} everything).
 */
final class LayerAllow {

    /** Bounds on an allowed set. */
    record Bounds(BDD low, BDD high) {
    }

    private final Analyzer analyzer;
    private final HeaderSpace space;
    /** Per NSG, direction, view and region: the bounds within the region. */
    private final Map<Key, Bounds> cache = new HashMap<>();
    private final boolean keep;
    private final BDD dns;
    private final BDD untagged;
    private final BDD imds;
    private final BDD lkm;

    LayerAllow(Analyzer analyzer) {
        this(analyzer, true);
    }

    /**
     * @param keep whether to keep the bounds of each NSG, direction, view and region for later calls; a caller that
     *     keeps what it builds from them (per place) saves the memory
     */
    LayerAllow(Analyzer analyzer, boolean keep) {
        this.analyzer = analyzer;
        this.keep = keep;
        this.space = analyzer.space();
        BDD host = space.destinationAddresses(NetworkView.AZURE_HOST);
        BDD tcp = space.protocols(Protocol.TCP.mask());
        BDD udp = space.protocols(Protocol.UDP.mask());
        BDD port53 = space.destinationPorts(PortSet.range(53, 53));
        BDD tcpOrUdp = tcp.or(udp);
        dns = host.and(tcpOrUdp).andWith(port53);
        tcpOrUdp.free();
        BDD dhcp = host.and(udp).andWith(space.destinationPorts(PortSet.range(67, 67)));
        BDD wire = host.and(tcp).andWith(space.destinationPorts(PortSet.ofRanges(List.of(new int[] {80, 80},
                new int[] {32526, 32526}))));
        untagged = dhcp.orWith(wire);
        imds = space.destinationAddresses(NetworkView.IMDS);
        lkm = space.destinationAddresses(NetworkView.KMS).andWith(tcp.id())
                .andWith(space.destinationPorts(PortSet.range(1688, 1688)));
        host.free();
        tcp.free();
        udp.free();
    }

    /** Frees the cached bounds and the platform sets. */
    void free() {
        for (Bounds b : cache.values()) {
            b.low().free();
            b.high().free();
        }
        cache.clear();
        dns.free();
        untagged.free();
        imds.free();
        lkm.free();
    }

    Bounds all() {
        return new Bounds(space.all(), space.all());
    }

    /**
     * The layer of {@code nsgName} (null: no NSG) seen from {@code vnet}, for the packets whose local end (the source
     * outbound, the destination inbound) is one of {@code addresses} with exactly the ASG membership
     * {@code membership} (null: any membership); unknown when {@code unresolved}. The bounds of an NSG are subsets of
     * that region; those of a missing or unknown NSG are not restricted.
     */
    Bounds of(String nsgName, boolean unresolved, Direction direction, VirtualNetwork vnet, AddressSet addresses,
              Set<String> membership) {
        if (unresolved || (nsgName != null && analyzer.topology().networkSecurityGroup(nsgName).isEmpty())) {
            return new Bounds(space.none(), space.all());
        }
        if (nsgName == null) {
            return all();
        }
        Key key = new Key(Topology.key(nsgName), direction, vnet == null ? "" : Topology.key(vnet.name()), addresses,
                membership == null ? null : Set.copyOf(membership));
        Bounds cached = cache.get(key);
        if (cached == null) {
            cached = compute(analyzer.sets(nsgName, direction, vnet), addresses, membership);
            if (!keep) {
                return cached;
            }
            cache.put(key, cached);
        }
        return new Bounds(cached.low().id(), cached.high().id());
    }

    private record Key(String nsg, Direction direction, String vnet, AddressSet addresses, Set<String> membership) {
    }

    /** The packets whose local end is one of the addresses with exactly that membership (any, when null). */
    BDD region(Direction direction, AddressSet addresses, Set<String> membership) {
        boolean source = direction == Direction.OUTBOUND;
        BDD out = source ? space.sourceAddresses(addresses) : space.destinationAddresses(addresses);
        if (membership != null) {
            out.andWith(source ? space.sourceMembership(membership) : space.destinationMembership(membership));
        }
        return out;
    }

    private Bounds compute(NsgSets sets, AddressSet addresses, Set<String> membership) {
        BDD region = region(sets.direction(), addresses, membership);
        try (RegionSets within = sets.within(region, new NsgSets.Local(addresses, membership))) {
            if (sets.direction() != Direction.OUTBOUND) {
                return new Bounds(within.allowLow(), within.allowHigh());
            }
            // D7: first match among the rules naming a platform tag; the rest of the list decides other packets.
            BDD top = space.all().andWith(region.id());
            Bounds dnsAllow = tagged(within, top, AddressField.AZURE_PLATFORM_DNS);
            Bounds imdsAllow = tagged(within, top, AddressField.AZURE_PLATFORM_IMDS);
            Bounds lkmAllow = tagged(within, top, AddressField.AZURE_PLATFORM_LKM);
            BDD listLow = within.allowLow();
            BDD listHigh = within.allowHigh();
            BDD low = platform(dnsAllow.low(), top, imdsAllow.low(), lkmAllow.low(), listLow);
            BDD high = platform(dnsAllow.high(), top, imdsAllow.high(), lkmAllow.high(), listHigh);
            for (BDD b : new BDD[] {top, dnsAllow.low(), dnsAllow.high(), imdsAllow.low(), imdsAllow.high(),
                    lkmAllow.low(), lkmAllow.high(), listLow, listHigh}) {
                b.free();
            }
            return new Bounds(low, high);
        } finally {
            region.free();
        }
    }

    /** dns ? byDns : untagged ? top : imds ? byImds : lkm ? byLkm : byList, as a new BDD. */
    private BDD platform(BDD byDns, BDD top, BDD byImds, BDD byLkm, BDD byList) {
        BDD a = lkm.ite(byLkm, byList);
        BDD b = imds.ite(byImds, a);
        BDD c = untagged.ite(top, b);
        BDD out = dns.ite(byDns, c);
        a.free();
        b.free();
        c.free();
        return out;
    }

    /**
     * First match among the rules naming the platform tag (and rules that may); no match lets it through. Within
     * the region: {@code top} is its valid packets.
     */
    private Bounds tagged(RegionSets within, BDD top, String tag) {
        BDD low = top.id();
        BDD high = top.id();
        List<CompiledRule> rules = within.rules();
        for (int i = rules.size() - 1; i >= 0; i--) {
            CompiledRule r = rules.get(i);
            boolean names = r.platformTags().contains(tag);
            if (r.certain() && !names || !within.matches(i)) {
                continue;
            }
            BDD m = within.match(i);
            BDD nextLow;
            BDD nextHigh;
            if (r.certain()) {
                BDD verdict = r.access() == Access.ALLOW ? top.id() : space.none();
                nextLow = m.ite(verdict, low);
                nextHigh = m.ite(verdict, high);
                verdict.free();
            } else {
                BDD lowIfMatch = r.access() == Access.ALLOW ? low.id() : space.none();
                BDD highIfMatch = r.access() == Access.DENY ? high.id() : top.id();
                nextLow = m.ite(lowIfMatch.andWith(low.id()), low);
                nextHigh = m.ite(highIfMatch.orWith(high.id()), high);
                lowIfMatch.free();
                highIfMatch.free();
            }
            low.free();
            high.free();
            low = nextLow;
            high = nextHigh;
        }
        return new Bounds(low, high);
    }

}
