package dev.nsgaudit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.nsgaudit.testing.Net.inbound;
import static dev.nsgaudit.testing.Net.outbound;
import static org.assertj.core.api.Assertions.assertThat;

class EffectiveJsonTest {

    private static ObjectNode effective(Topology topology, String nic) {
        return new EffectiveJson(new FlowEvaluator(topology, ServiceTags.bundled()))
                .of(topology.networkInterface(nic).orElseThrow());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode rule(JsonNode entry, String name) {
        for (JsonNode r : entry.get("effectiveSecurityRules")) {
            if (r.get("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void serviceTagsAreShownInCanonicalSpellingAndExpanded() {
        Topology t = Net.network()
                .vnet("vnet1", "10.0.0.0/16")
                .subnet("vnet1/app", "10.0.1.0/24", null)
                .nic("nic", "vnet1/app", "10.0.1.4", "nsg")
                .nsg("nsg", outbound("To-Storage", 100, "Allow").protocol("Tcp")
                        .destinationAddressPrefix("storage.westus").destinationPortRange("443").build())
                .topology();

        JsonNode entry = effective(t, "nic").get("value").get(0);

        assertThat(entry.get("association").get("networkInterface").get("id").asText())
                .isEqualTo("Microsoft.Network/networkInterfaces/nic");
        JsonNode rule = rule(entry, "securityRules/To-Storage");
        assertThat(rule.get("destinationAddressPrefix").asText()).isEqualTo("Storage.WestUS");
        assertThat(texts(rule.get("expandedDestinationAddressPrefix"))).contains("13.83.72.16/28");
        assertThat(texts(entry.get("tagMap").get("Storage.WestUS")))
                .isEqualTo(texts(rule.get("expandedDestinationAddressPrefix")));
        assertThat(rule.get("sourceAddressPrefix").asText()).isEqualTo("0.0.0.0/0");
        assertThat(texts(rule.get("expandedSourceAddressPrefix"))).containsExactly("0.0.0.0/0", "::/0");
    }

    @Test
    void prefixesAreWrittenCanonically() {
        Topology t = Net.network()
                .vnet("vnet1", "10.0.0.0/16")
                .subnet("vnet1/app", "10.0.1.0/24", "nsg")
                .nic("nic", "vnet1/app", "10.0.1.4", null)
                .nsg("nsg", inbound("Host-Bits", 100, "Allow").sourceAddressPrefix("192.0.2.77/24")
                                .destinationPortRanges(List.of("443", "80")).destinationPortRange(null).build(),
                        inbound("V6", 110, "Allow").sourceAddressPrefix(null)
                                .sourceAddressPrefixes(List.of("2001:DB8:0:0::1/64", "2001:db8:1::/48")).build())
                .topology();

        JsonNode entry = effective(t, "nic").get("value").get(0);

        JsonNode hostBits = rule(entry, "securityRules/Host-Bits");
        assertThat(hostBits.get("sourceAddressPrefix").asText()).isEqualTo("192.0.2.0/24");
        assertThat(texts(hostBits.get("destinationPortRanges"))).containsExactly("80-80", "443-443");
        assertThat(texts(rule(entry, "securityRules/V6").get("sourceAddressPrefixes")))
                .containsExactly("2001:db8::/64", "2001:db8:1::/48");
    }

    @Test
    void aNicOutsideAnyKnownVnetCarriesTheD3Assumption() {
        Topology t = Net.network().nic("lost", "nowhere/none", "10.0.1.4", "nsg").nsg("nsg").topology();

        ObjectNode out = effective(t, "lost");

        assertThat(texts(out.get("assumptions"))).containsExactly(NetworkView.D3_NOTE);
        JsonNode vnet = rule(out.get("value").get(0), "defaultSecurityRules/AllowVnetInBound");
        assertThat(texts(vnet.get("expandedSourceAddressPrefix")))
                .containsExactly("10.0.0.0/8", "168.63.129.16/32", "172.16.0.0/12", "192.168.0.0/16");
    }
}
