package dev.nsgaudit.semantics;

import dev.nsgaudit.model.InputException;

import dev.nsgaudit.semantics.ServiceTags;

import dev.nsgaudit.eval.FlowResult;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.ServiceTag;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.nsgaudit.testing.Net.inbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceTagsTest {

    private static final String CUSTOM = """
            {
              "changeNumber": 7,
              "cloud": "Public",
              "values": [
                {
                  "name": "PartnerApi",
                  "id": "PartnerApi",
                  "properties": {
                    "changeNumber": 1,
                    "region": "",
                    "regionId": 0,
                    "platform": "Azure",
                    "systemService": "PartnerApi",
                    "addressPrefixes": ["192.0.2.0/25", "2001:db8:aa::/48"],
                    "networkFeatures": ["API", "NSG"]
                  }
                },
                {
                  "name": "PartnerApi.WestEurope",
                  "id": "PartnerApi.WestEurope",
                  "properties": {
                    "region": "westeurope",
                    "systemService": "PartnerApi",
                    "addressPrefixes": ["192.0.2.0/28"],
                    "networkFeatures": null
                  }
                },
                {
                  "name": "FirewallOnly",
                  "id": "FirewallOnly",
                  "properties": {
                    "addressPrefixes": ["198.51.100.0/24"],
                    "networkFeatures": ["FW"]
                  }
                }
              ]
            }
            """;

    @Test
    void theBundledFileHasRegionalTagsLookedUpCaseInsensitively() {
        ServiceTags tags = ServiceTags.bundled();

        assertThat(tags.size()).isGreaterThan(1000);
        assertThat(tags.cloud()).isEqualTo("Public");
        ServiceTag storage = tags.lookup("storage.westus").orElseThrow();
        assertThat(storage.name()).isEqualTo("Storage.WestUS");
        assertThat(storage.region()).isEqualTo("westus");
        assertThat(storage.systemService()).isEqualTo("AzureStorage");
        assertThat(storage.addressPrefixes()).contains("13.83.72.16/28");
        assertThat(tags.lookup("STORAGE.WESTUS")).contains(storage);
        assertThat(tags.lookup("AzureCloud")).isPresent();
        assertThat(tags.lookup("Storage.Atlantis")).isEmpty();
        assertThat(tags.lookup(null)).isEmpty();
    }

    @Test
    void readsACustomFileInTheOfficialFormat(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("ServiceTags_Custom.json"), CUSTOM);

        ServiceTags tags = ServiceTags.fromFile(file);

        assertThat(tags.size()).isEqualTo(3);
        assertThat(tags.cloud()).isEqualTo("Public");
        ServiceTag partner = tags.lookup("partnerapi").orElseThrow();
        assertThat(partner.name()).isEqualTo("PartnerApi");
        assertThat(partner.addressPrefixes()).containsExactly("192.0.2.0/25", "2001:db8:aa::/48");
        assertThat(partner.usableInNsg()).isTrue();
        assertThat(tags.lookup("partnerapi.westeurope").orElseThrow().region()).isEqualTo("westeurope");
        assertThat(tags.lookup("partnerapi.westeurope").orElseThrow().usableInNsg()).isTrue();
        assertThat(tags.lookup("FirewallOnly").orElseThrow().usableInNsg()).isFalse();
        assertThat(tags.lookup("Storage.WestUS")).as("a custom file replaces the bundled one").isEmpty();
    }

    @Test
    void rulesUseTheTagsOfTheGivenFile(@TempDir Path dir) throws IOException {
        ServiceTags tags = ServiceTags.fromFile(Files.writeString(dir.resolve("tags.json"), CUSTOM));
        Net net = Net.network()
                .vnet("vnet1", "10.0.0.0/16")
                .subnet("vnet1/app", "10.0.1.0/24", "nsg")
                .nic("nic", "vnet1/app", "10.0.1.4", null)
                .nsg("nsg", inbound("Allow-Partner", 100, "Allow").sourceAddressPrefix("partnerApi.westEurope")
                        .destinationPortRange("443").build())
                .serviceTags(tags);

        FlowResult in = net.verify("nic", "Inbound", "TCP", "10.0.1.4:443", "192.0.2.9:50000");
        assertThat(in.access()).isEqualTo(Access.ALLOW);
        assertThat(in.ruleName()).isEqualTo("securityRules/Allow-Partner");
        FlowResult out = net.verify("nic", "Inbound", "TCP", "10.0.1.4:443", "192.0.2.20:50000");
        assertThat(out.ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");

        FlowResult withBundled = net.serviceTags(ServiceTags.bundled())
                .verify("nic", "Inbound", "TCP", "10.0.1.4:443", "192.0.2.9:50000");
        assertThat(withBundled.conclusive()).as("an unknown tag is never 'matches nothing'").isFalse();
        assertThat(withBundled.reasons()).singleElement().asString().contains("partnerApi.westEurope");
    }

    @Test
    void aRegionalTagFromTheBundledFileDecidesInARule() {
        Net net = Net.network()
                .vnet("vnet1", "10.0.0.0/16")
                .subnet("vnet1/app", "10.0.1.0/24", null)
                .nic("nic", "vnet1/app", "10.0.1.4", "nsg")
                .nsg("nsg", dev.nsgaudit.testing.Net.outbound("Deny-Storage-WestUS", 100, "Deny")
                        .destinationAddressPrefix("Storage.WestUS").destinationPortRange("443").build());

        assertThat(net.verify("nic", "Outbound", "TCP", "10.0.1.4:50000", "13.83.72.20:443").ruleName())
                .isEqualTo("securityRules/Deny-Storage-WestUS");
        assertThat(net.verify("nic", "Outbound", "TCP", "10.0.1.4:50000", "13.83.72.40:443").ruleName())
                .isEqualTo("defaultSecurityRules/AllowInternetOutBound");
    }

    @Test
    void aLazyCatalogIsReadOnlyWhenARuleNamesATagThatIsNotBuiltIn() {
        AtomicInteger opened = new AtomicInteger();
        ServiceTags tags = ServiceTags.lazy("custom", () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(CUSTOM.getBytes(StandardCharsets.UTF_8));
        });
        Net builtInOnly = Net.network()
                .vnet("vnet1", "10.0.0.0/16")
                .subnet("vnet1/app", "10.0.1.0/24", null)
                .nic("nic", "vnet1/app", "10.0.1.4", "nsg")
                .nsg("nsg", inbound("Allow-Web", 100, "Allow").sourceAddressPrefix("Internet")
                                .destinationPortRange("443").build(),
                        inbound("Allow-Lb", 110, "Allow").sourceAddressPrefix("AzureLoadBalancer").build(),
                        inbound("Deny-Vnet", 120, "Deny").sourceAddressPrefix("VirtualNetwork").build())
                .serviceTags(tags);

        assertThat(builtInOnly.verify("nic", "Inbound", "TCP", "10.0.1.4:443", "203.0.113.7:50000").ruleName())
                .isEqualTo("securityRules/Allow-Web");
        assertThat(opened).as("built-in tags never open the tag file").hasValue(0);
        assertThat(tags.isRead()).isFalse();

        Net named = Net.network()
                .vnet("vnet1", "10.0.0.0/16")
                .subnet("vnet1/app", "10.0.1.0/24", null)
                .nic("nic", "vnet1/app", "10.0.1.4", "nsg")
                .nsg("nsg", inbound("Allow-Partner", 100, "Allow").sourceAddressPrefix("PartnerApi.WestEurope")
                        .destinationPortRange("443").build())
                .serviceTags(tags);
        assertThat(named.verify("nic", "Inbound", "TCP", "10.0.1.4:443", "192.0.2.9:50000").ruleName())
                .isEqualTo("securityRules/Allow-Partner");
        assertThat(tags.size()).isEqualTo(3);
        assertThat(opened).as("read once, on the first lookup").hasValue(1);
    }

    @Test
    void malformedFilesAreReportedWithTheirPosition(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\n  \"values\": [\n    {\"name\": \"x\",,}\n");

        assertThatThrownBy(() -> ServiceTags.fromFile(broken))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(broken + ":3:")
                .hasMessageContaining("malformed service tag file");

        Path notObject = Files.writeString(dir.resolve("list.json"), "[1, 2]");
        assertThatThrownBy(() -> ServiceTags.fromFile(notObject))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("list.json:1:");

        Path nameless = Files.writeString(dir.resolve("nameless.json"),
                "{\"values\": [\n {\"id\": \"x\", \"properties\": {}}]}");
        assertThatThrownBy(() -> ServiceTags.fromFile(nameless))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("without a name");

        assertThatThrownBy(() -> ServiceTags.fromFile(dir.resolve("missing.json")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("missing.json");
    }
}
