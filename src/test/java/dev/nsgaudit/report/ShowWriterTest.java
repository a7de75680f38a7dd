package dev.nsgaudit.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.load.InputLoader;
import dev.nsgaudit.load.LoadResult;
import dev.nsgaudit.model.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShowWriterTest {

    @TempDir
    Path dir;

    private static LoadResult load(Path path) {
        return InputLoader.load(List.of(path));
    }

    private Topology roundTrip(Topology original) throws IOException {
        Path shown = Files.writeString(dir.resolve("shown-" + System.nanoTime() + ".yaml"), ShowWriter.yaml(original));
        LoadResult again = load(shown);
        assertThat(again.problems()).as("problems loading the show output").isEmpty();
        return again.topology();
    }

    @Test
    void theExampleSurvivesARoundTripUnchanged() throws IOException {
        LoadResult first = load(Path.of("examples/three-tier"));
        assertThat(first.problems()).isEmpty();

        Topology again = roundTrip(first.topology());

        assertThat(again).isEqualTo(first.topology());
        assertThat(ShowWriter.yaml(again)).isEqualTo(ShowWriter.yaml(first.topology()));
    }

    @Test
    void showOutputSaysWhereEachObjectWasDefined() {
        Topology t = load(Path.of("examples/three-tier")).topology();

        String yaml = ShowWriter.yaml(t);

        String nsgs = Path.of("examples/three-tier/nsgs.yaml").toString();
        String network = Path.of("examples/three-tier/network.yaml").toString();
        assertThat(yaml).contains("definedAt: " + network + ":4:5")     // vnet-prod
                .contains("definedAt: " + nsgs + ":2:5")                // nsg-web
                .contains("definedAt: " + nsgs + ":4:9");               // Allow-HTTP-Inbound-Internet
        assertThat(yaml).contains("privateIPAllocationMethod: Dynamic");
        assertThat(yaml).doesNotContain("privateIPAddress: null");
    }

    @Test
    void awkwardValuesSurviveARoundTrip() throws IOException {
        Path file = Files.writeString(dir.resolve("awkward.yaml"), """
                virtualNetworks:
                  - name: "true"
                    addressSpace: [10.0.0.0/16, "fd00:1::/48"]
                    peerings: ["null"]
                    onPremisesPrefixes: [192.168.0.0/16]
                    subnets:
                      - name: "80"
                        addressPrefixes: [10.0.1.0/24, "fd00:1:0:1::/64"]
                        networkSecurityGroup: "yes"
                  - name: "null"
                    addressSpace: [10.9.0.0/16]
                applicationSecurityGroups:
                  - name: "~"
                networkInterfaces:
                  - name: "0x10"
                    subnet: true/80
                    networkSecurityGroup: "yes"
                    ipConfigurations:
                      - {name: a, privateIPAddress: 10.0.1.4, applicationSecurityGroups: ["~"]}
                      - {name: b, privateIPAddress: "fd00:1:0:1::4"}
                      - {name: c, privateIPAllocationMethod: Dynamic, privateIPAddressVersion: IPv6}
                networkSecurityGroups:
                  - name: "yes"
                    securityRules:
                      - name: "1.5"
                        description: "Allow: web # not a comment, 'quoted' \\"too\\"\\nand a second line"
                        priority: 100
                        direction: Inbound
                        access: Allow
                        protocol: "*"
                        sourceAddressPrefixes: [10.0.0.5/24, 192.0.2.1]
                        sourcePortRanges: ["1024-65535", "80"]
                        destinationApplicationSecurityGroups: ["~"]
                        destinationPortRange: "80,443"
                      - name: NoProtocol
                        priority: 200
                        direction: Outbound
                        access: Deny
                        sourceAddressPrefix: "*"
                        sourcePortRange: "*"
                        destinationAddressPrefix: Internet
                        destinationPortRange: "*"
                """);
        LoadResult first = load(file);
        assertThat(first.problems()).isEmpty();

        Topology again = roundTrip(first.topology());

        assertThat(again).isEqualTo(first.topology());
        assertThat(again.networkSecurityGroups().get(0).securityRules().get(1).protocol()).isNull();
    }

    @Test
    void jsonFormatHasTheSameTree() throws IOException {
        Topology t = load(Path.of("examples/three-tier")).topology();

        JsonNode json = Json.MAPPER.readTree(ShowWriter.json(t));

        assertThat(json.fieldNames()).toIterable().containsExactly("virtualNetworks", "applicationSecurityGroups",
                "networkInterfaces", "networkSecurityGroups");
        JsonNode rule = json.get("networkSecurityGroups").get(0).get("securityRules").get(0);
        assertThat(rule.get("name").asText()).isEqualTo("Allow-HTTP-Inbound-Internet");
        assertThat(rule.get("priority").asInt()).isEqualTo(100);
        assertThat(rule.get("destinationApplicationSecurityGroups").get(0).asText()).isEqualTo("AsgWeb");
        assertThat(rule.get("definedAt").asText()).endsWith("nsgs.yaml:4:9");
        assertThat(json.get("networkInterfaces").get(2).get("ipConfigurations").get(0)
                .get("privateIPAllocationMethod").asText()).isEqualTo("Dynamic");
    }

    @Test
    void anEmptyModelIsAnEmptyMapping() {
        assertThat(ShowWriter.yaml(Topology.EMPTY)).isEqualTo("{}\n");
    }
}
