package dev.nsgaudit.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TopologyIndex} answers every lookup exactly as the linear searches of {@link Topology} do. */
class TopologyIndexTest {

    /** Names that differ only by case, in odd scripts, or by chars that case-fold alike. */
    private static final List<String> NAMES = List.of("web", "WEB", "Web", "straße", "STRASSE", "İstanbul",
            "istanbul", "ıstanbul", "Kelvin\u212A", "kelvink", "σς", "ΣΣ", "\uD801\uDC00", "\uD801\uDC28", "",
            "a/b", "ſ", "s", "ǅ", "ǆ");

    /** Every kind of object once per name of {@code names}; each network peers with the next name and with "WEB". */
    private static Topology topology(List<String> names) {
        List<VirtualNetwork> vnets = new ArrayList<>();
        List<NetworkSecurityGroup> nsgs = new ArrayList<>();
        List<NetworkInterface> nics = new ArrayList<>();
        List<ApplicationSecurityGroup> asgs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            List<Subnet> subnets = new ArrayList<>();
            for (String sub : names) {
                subnets.add(new Subnet(sub, List.of("10.0.0.0/24"), null, null));
            }
            vnets.add(new VirtualNetwork(name, List.of("10.0.0.0/16"),
                    List.of(names.get((i + 1) % names.size()), "WEB"), List.of(), subnets, null));
            nsgs.add(new NetworkSecurityGroup(name, List.of(), null));
            nics.add(new NetworkInterface(name, List.of(), null, null));
            asgs.add(new ApplicationSecurityGroup(name, null));
        }
        return new Topology(vnets, asgs, nics, nsgs);
    }

    private static Topology topology() {
        return topology(NAMES);
    }

    // The linear searches Topology made before it asked an index for large inputs: the reference.

    private static <T> Optional<T> scan(List<T> items, Function<T, String> name, String wanted) {
        return items.stream().filter(i -> name.apply(i).equalsIgnoreCase(wanted)).findFirst();
    }

    private static Optional<Topology.SubnetRef> scanSubnet(Topology t, String reference) {
        if (reference == null || reference.indexOf('/') < 0) {
            return Optional.empty();
        }
        int slash = reference.indexOf('/');
        String subnetName = reference.substring(slash + 1);
        return scan(t.virtualNetworks(), VirtualNetwork::name, reference.substring(0, slash))
                .flatMap(vnet -> scan(vnet.subnets(), Subnet::name, subnetName)
                        .map(s -> new Topology.SubnetRef(vnet, s)));
    }

    private static List<VirtualNetwork> scanPeers(Topology t, VirtualNetwork vnet) {
        Map<String, VirtualNetwork> out = new LinkedHashMap<>();
        for (String peer : vnet.peerings()) {
            scan(t.virtualNetworks(), VirtualNetwork::name, peer).ifPresent(p -> out.put(Topology.key(p.name()), p));
        }
        for (VirtualNetwork other : t.virtualNetworks()) {
            if (other != vnet && other.peerings().stream().anyMatch(p -> p.equalsIgnoreCase(vnet.name()))) {
                out.put(Topology.key(other.name()), other);
            }
        }
        out.remove(Topology.key(vnet.name()));
        return new ArrayList<>(out.values());
    }

    /** Below TopologyIndex.SCAN_BELOW objects Topology scans, above it asks the index: both as the reference. */
    @Test
    void topologyLookupsFindWhatTheLinearSearchesFind() {
        assertThat(NAMES.size()).isGreaterThanOrEqualTo(TopologyIndex.SCAN_BELOW);
        for (Topology t : List.of(topology(), topology(NAMES.subList(0, 6)))) {
            List<String> queries = new ArrayList<>(NAMES);
            queries.addAll(List.of("wEb", "web ", "STRAßE", "İSTANBUL", "KELVINK", "Σσ", "σσ", "nope"));
            queries.add(null);
            for (String q : queries) {
                assertThat(t.virtualNetwork(q)).as(q).isEqualTo(scan(t.virtualNetworks(), VirtualNetwork::name, q));
                assertThat(t.networkSecurityGroup(q)).as(q)
                        .isEqualTo(scan(t.networkSecurityGroups(), NetworkSecurityGroup::name, q));
                assertThat(t.networkInterface(q)).as(q)
                        .isEqualTo(scan(t.networkInterfaces(), NetworkInterface::name, q));
                assertThat(t.applicationSecurityGroup(q)).as(q)
                        .isEqualTo(scan(t.applicationSecurityGroups(), ApplicationSecurityGroup::name, q));
                for (String sub : queries) {
                    String ref = q + "/" + sub;
                    assertThat(t.subnet(ref)).as(ref).isEqualTo(scanSubnet(t, ref));
                }
            }
            assertThat(t.subnet(null)).isEqualTo(scanSubnet(t, null));
            assertThat(t.subnet("no-slash")).isEqualTo(scanSubnet(t, "no-slash"));
            for (VirtualNetwork vnet : t.virtualNetworks()) {
                assertThat(t.peersOf(vnet)).as(vnet.name()).containsExactlyElementsOf(scanPeers(t, vnet));
            }
        }
    }

    /** The index of a topology is kept (by identity) and one of another topology is another index. */
    @Test
    void oneIndexPerTopology() {
        Topology a = topology();
        Topology b = topology(); // equal as a record, another object
        assertThat(TopologyIndex.of(a)).isSameAs(TopologyIndex.of(a));
        assertThat(TopologyIndex.of(b)).isNotSameAs(TopologyIndex.of(a));
        assertThat(TopologyIndex.of(b).topology()).isSameAs(b);
    }

    @Test
    void lookupsFindWhatTheLinearSearchesFind() {
        Topology t = topology();
        TopologyIndex index = new TopologyIndex(t);
        List<String> queries = new ArrayList<>(NAMES);
        queries.addAll(List.of("wEb", "web ", "STRAßE", "İSTANBUL", "KELVINK", "Σσ", "σσ", "nope"));
        queries.add(null);
        for (String q : queries) {
            assertThat(index.virtualNetwork(q)).as(q).isEqualTo(t.virtualNetwork(q));
            assertThat(index.networkSecurityGroup(q)).as(q).isEqualTo(t.networkSecurityGroup(q));
            assertThat(index.networkInterface(q)).as(q).isEqualTo(t.networkInterface(q));
            assertThat(index.applicationSecurityGroup(q)).as(q).isEqualTo(t.applicationSecurityGroup(q));
            int position = index.networkInterfacePosition(q);
            assertThat(position < 0 ? null : t.networkInterfaces().get(position)).as(q)
                    .isEqualTo(t.networkInterface(q).orElse(null));
            for (String sub : queries) {
                String ref = q + "/" + sub;
                assertThat(index.subnet(ref)).as(ref).isEqualTo(t.subnet(ref));
            }
        }
        assertThat(index.subnet(null)).isEqualTo(t.subnet(null));
        assertThat(index.subnet("no-slash")).isEqualTo(t.subnet("no-slash"));
    }

    @Test
    void theFirstOfNamesEqualIgnoringCaseWins() {
        Topology t = new Topology(List.of(), List.of(), List.of(
                new NetworkInterface("nic-A", List.of(), "first", null),
                new NetworkInterface("NIC-a", List.of(), "second", null)), List.of());
        TopologyIndex index = new TopologyIndex(t);

        assertThat(index.networkInterface("nic-a").orElseThrow().networkSecurityGroup()).isEqualTo("first");
        assertThat(index.networkInterfacePosition("NIC-A")).isZero();
    }
}
