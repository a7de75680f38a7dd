package dev.nsgaudit.load;

import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.model.VirtualNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code show} writes for values it could not determine, read back: a marker {@code {unresolved: <expr>,
 * reason: <why>}} stands for a value or a list item; an object (subnet, rule, IP configuration) that carries its
 * own object-level {@code unresolved: [...]} list is still that object, not a marker.
 */
class UnresolvedMarkersInYamlTest {

    @Test
    void objectsWithAnUnresolvedListAreObjectsAndMarkersInObjectListsAreNotObjects(@TempDir Path dir)
            throws IOException {
        Path file = Files.writeString(dir.resolve("shown.yaml"), """
                virtualNetworks:
                  - name: v
                    addressSpace: [10.0.0.0/16]
                    subnets:
                      - name: (unknown name)
                        addressPrefix: 10.0.1.0/24
                        unresolved:
                          - {property: name, expression: "[parameters('subnetName')]", reason: no value}
                      - {unresolved: "copy 'subnets' count", reason: no count}
                networkInterfaces:
                  - name: nic
                    ipConfigurations:
                      - {unresolved: "[parameters('ipc')]", reason: no value}
                networkSecurityGroups:
                  - name: nsg
                    securityRules:
                      - name: r
                        priority: 100
                        direction: Inbound
                        access: Allow
                        protocol: Tcp
                        sourceAddressPrefix: {unresolved: "[parameters('src')]", reason: no value}
                        sourcePortRange: "*"
                        destinationAddressPrefix: "*"
                        destinationPortRange: "22"
                        unresolved:
                          - {property: condition, expression: "[parameters('on')]", reason: no value}
                      - {unresolved: "copy 'securityRules' count", reason: no count}
                """);
        LoadResult loaded = InputLoader.load(List.of(file));

        assertThat(loaded.problems()).extracting(f -> f.id()).containsOnly("unresolved-value");
        VirtualNetwork v = loaded.topology().virtualNetworks().get(0);
        assertThat(v.subnets()).extracting(Subnet::name).containsExactly("(unknown name)");
        assertThat(v.subnets().get(0).unresolved()).extracting(UnresolvedValue::property).containsExactly("name");
        assertThat(v.unresolved()).containsExactly(new UnresolvedValue("subnets", "copy 'subnets' count", "no count"));
        NetworkInterface nic = loaded.topology().networkInterfaces().get(0);
        assertThat(nic.ipConfigurations()).isEmpty();
        assertThat(nic.unresolved()).extracting(UnresolvedValue::property).containsExactly("ipConfigurations");
        NetworkSecurityGroup nsg = loaded.topology().networkSecurityGroups().get(0);
        assertThat(nsg.securityRules()).hasSize(1);
        assertThat(nsg.securityRules().get(0).unresolved()).extracting(UnresolvedValue::property)
                .containsExactlyInAnyOrder("sourceAddressPrefix", "condition");
        assertThat(nsg.unresolved()).extracting(UnresolvedValue::property).containsExactly("securityRules");
    }
}
