package dev.nsgaudit.analyze;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.space.HeaderSpace;
import dev.nsgaudit.analyze.space.NsgSets;
import dev.nsgaudit.eval.AddressField;
import dev.nsgaudit.eval.CompiledRule;
import dev.nsgaudit.eval.NetworkView;
import dev.nsgaudit.eval.PortSet;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private final Map<String, Bounds> cache = new HashMap<>();
    private final BDD dns;
    private final BDD untagged;
    private final BDD imds;
    private final BDD lkm;

    LayerAllow(Analyzer analyzer) {
        this.analyzer = analyzer;
        this.space = analyzer.space();
        BDD host = space.destinationAddresses(NetworkView.AZURE_HOST);
        BDD tcp = space.protocols(Protocol.TCP.mask());
        BDD udp = space.protocols(Protocol.UDP.mask());
        BDD port53 = space.destinationPorts(PortSet.range(53, 53));
        dns = host.and(tcp.or(udp)).andWith(port53);
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

    Bounds all() {
        return new Bounds(space.all(), space.all());
    }

    /** The layer of {@code nsgName} (null: no NSG) seen from {@code vnet}; unknown when {@code unresolved}. */
    Bounds of(String nsgName, boolean unresolved, Direction direction, VirtualNetwork vnet) {
        if (unresolved || (nsgName != null && analyzer.topology().networkSecurityGroup(nsgName).isEmpty())) {
            return new Bounds(space.none(), space.all());
        }
        if (nsgName == null) {
            return all();
        }
        String key = Topology.key(nsgName) + "|" + direction + "|" + (vnet == null ? "" : Topology.key(vnet.name()));
        Bounds cached = cache.computeIfAbsent(key, k -> compute(analyzer.sets(nsgName, direction, vnet)));
        return new Bounds(cached.low().id(), cached.high().id());
    }

    private Bounds compute(NsgSets sets) {
        if (sets.direction() != Direction.OUTBOUND) {
            return new Bounds(sets.allowLow().id(), sets.allowHigh().id());
        }
        Bounds dnsAllow = tagged(sets, AddressField.AZURE_PLATFORM_DNS);
        Bounds imdsAllow = tagged(sets, AddressField.AZURE_PLATFORM_IMDS);
        Bounds lkmAllow = tagged(sets, AddressField.AZURE_PLATFORM_LKM);
        BDD low = dns.ite(dnsAllow.low(), untagged.ite(space.all(), imds.ite(imdsAllow.low(),
                lkm.ite(lkmAllow.low(), sets.allowLow()))));
        BDD high = dns.ite(dnsAllow.high(), untagged.ite(space.all(), imds.ite(imdsAllow.high(),
                lkm.ite(lkmAllow.high(), sets.allowHigh()))));
        return new Bounds(low, high);
    }

    /** First match among the rules naming the platform tag (and rules that may); no match lets it through. */
    private Bounds tagged(NsgSets sets, String tag) {
        BDD low = space.all();
        BDD high = space.all();
        List<CompiledRule> rules = sets.rules();
        for (int i = rules.size() - 1; i >= 0; i--) {
            CompiledRule r = rules.get(i);
            boolean names = r.platformTags().contains(tag);
            if (r.certain() && !names) {
                continue;
            }
            BDD m = sets.match(i);
            if (r.certain()) {
                BDD verdict = r.access() == Access.ALLOW ? space.all() : space.none();
                BDD nextLow = m.ite(verdict, low);
                BDD nextHigh = m.ite(verdict, high);
                verdict.free();
                low.free();
                high.free();
                low = nextLow;
                high = nextHigh;
            } else {
                BDD lowIfMatch = r.access() == Access.ALLOW ? low.id() : space.none();
                BDD highIfMatch = r.access() == Access.DENY ? high.id() : space.all();
                BDD nextLow = m.ite(lowIfMatch.andWith(low.id()), low);
                BDD nextHigh = m.ite(highIfMatch.orWith(high.id()), high);
                low.free();
                high.free();
                low = nextLow;
                high = nextHigh;
            }
        }
        return new Bounds(low, high);
    }

}
