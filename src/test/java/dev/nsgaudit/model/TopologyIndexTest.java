package dev.nsgaudit.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TopologyIndex} answers every lookup exactly as the linear searches of {@link Topology} do. */
class TopologyIndexTest {

    /** Names that differ only by case, in odd scripts, or by chars that case-fold alike. */
    private static final List<String> NAMES = List.of("web", "WEB", "Web", "straße", "STRASSE", "İstanbul",
            "istanbul", "ıstanbul", "Kelvin\u212A", "kelvink", "σς", "ΣΣ", "\uD801\uDC00", "\uD801\uDC28", "",
            "a/b", "ſ", "s", "ǅ", "ǆ");

    private static Topology topology() {
        List<VirtualNetwork> vnets = new ArrayList<>();
        List<NetworkSecurityGroup> nsgs = new ArrayList<>();
        List<NetworkInterface> nics = new ArrayList<>();
        List<ApplicationSecurityGroup> asgs = new ArrayList<>();
        for (String name : NAMES) {
            List<Subnet> subnets = new ArrayList<>();
            for (String sub : NAMES) {
                subnets.add(new Subnet(sub, List.of("10.0.0.0/24"), null, null));
            }
            vnets.add(new VirtualNetwork(name, List.of("10.0.0.0/16"), List.of(), List.of(), subnets, null));
            nsgs.add(new NetworkSecurityGroup(name, List.of(), null));
            nics.add(new NetworkInterface(name, List.of(), null, null));
            asgs.add(new ApplicationSecurityGroup(name, null));
        }
        return new Topology(vnets, asgs, nics, nsgs);
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
