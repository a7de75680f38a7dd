package dev.nsgaudit.load.azure;

import dev.nsgaudit.load.InputLoader;
import dev.nsgaudit.load.LoadResult;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Exported Azure state read by InputLoader: identity, addresses, default rules, references, shapes. */
class AzureExportLoaderTest {

    static final Path ESTATE = Path.of("src/test/resources/azexport/estate");
    static final Path GRAPH = Path.of("src/test/resources/azexport/graph");
    static final String A = "@rg-prod@11111111-1111-1111-1111-111111111111";
    static final String B = "@rg-shared@22222222-2222-2222-2222-222222222222";

    private static LoadResult load(Path... paths) {
        return InputLoader.load(List.of(paths));
    }

    private static List<Finding> errors(LoadResult r) {
        return r.problems().stream().filter(f -> f.severity() == Severity.ERROR).toList();
    }

    /** A copy of the estate to change. */
    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    /** 1-based line of the first line containing {@code text}. */
    static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    @Test
    void twoSubscriptionsLoadWithNamesThatKeepResourceGroupAndSubscription() {
        LoadResult r = load(ESTATE);
        assertThat(errors(r)).isEmpty();
        Topology t = r.topology();
        assertThat(t.networkSecurityGroups()).extracting(NetworkSecurityGroup::name)
                .containsExactly("nsg-web" + A, "nsg-app" + A, "nsg-web" + B);
        assertThat(t.virtualNetworks()).extracting(v -> v.name())
                .containsExactly("vnet-prod" + A, "vnet-shared" + B);
        assertThat(t.virtualNetwork("vnet-prod" + A).orElseThrow().peerings()).containsExactly("vnet-shared" + B);
        assertThat(t.subnet("vnet-shared" + B + "/default").orElseThrow().subnet().networkSecurityGroup())
                .isEqualTo("nsg-web" + B);
        assertThat(t.applicationSecurityGroups()).extracting(a -> a.name())
                .containsExactly("asg-web" + A, "asg-app" + A);
        assertThat(t.networkInterfaces()).extracting(n -> n.name()).containsExactly("nic-web-1" + A,
                "nic-app-1" + A, "vmss-app/nic-app" + A, "nic-jump" + B);
    }

    @Test
    void assignedAddressesAreUsedAlsoForDynamicAllocationButScaleSetProfilesStayDynamic() {
        Topology t = load(ESTATE).topology();
        IpConfiguration web = t.networkInterface("nic-web-1" + A).orElseThrow().ipConfigurations().get(0);
        assertThat(web.privateIPAddress()).isEqualTo("10.1.1.4"); // exported with privateIPAllocationMethod Dynamic
        assertThat(web.isDynamic()).isFalse();
        assertThat(web.applicationSecurityGroups()).containsExactly("asg-web" + A);
        assertThat(web.subnet()).isEqualTo("vnet-prod" + A + "/web");
        IpConfiguration scaleSet = t.networkInterface("vmss-app/nic-app" + A).orElseThrow().ipConfigurations().get(0);
        assertThat(scaleSet.isDynamic()).isTrue();
        assertThat(scaleSet.applicationSecurityGroups()).containsExactly("asg-app" + A);
    }

    @Test
    void defaultRulesAreCheckedNotAddedAndRulesKeepTheirPositions() throws IOException {
        LoadResult r = load(ESTATE);
        NetworkSecurityGroup web = r.topology().networkSecurityGroup("nsg-web" + A).orElseThrow();
        assertThat(web.securityRules()).extracting(SecurityRule::name)
                .containsExactly("Allow-HTTPS-Inbound", "Allow-SSH-Anywhere");
        SecurityRule ssh = web.securityRules().get(1);
        Path nsgs = ESTATE.resolve("sub-a/nsgs.json");
        assertThat(ssh.source().file()).isEqualTo(nsgs.toString());
        assertThat(ssh.source().line()).isEqualTo(lineOf(nsgs, "\"name\": \"Allow-SSH-Anywhere\"") - 1);
        assertThat(ssh.destinationAddressPrefix()).isEqualTo("10.1.1.0/24");
        assertThat(web.securityRules().get(0).destinationApplicationSecurityGroups()).containsExactly("asg-web" + A);
    }

    @Test
    void aDefaultRuleThatIsNotAzuresIsAnInputErrorAtIt(@TempDir Path tmp) throws IOException {
        Path estate = copy(ESTATE, tmp.resolve("estate"));
        Path nsgs = estate.resolve("sub-b/nsgs.json");
        String text = Files.readString(nsgs);
        int deny = text.indexOf("\"name\": \"DenyAllInBound\"");
        int priority = text.indexOf("\"priority\": 65500", deny);
        Files.writeString(nsgs, text.substring(0, priority) + "\"priority\": 4096" + text.substring(priority + 17));
        LoadResult r = load(estate);
        assertThat(errors(r)).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("input-error");
            assertThat(f.location().line()).isEqualTo(lineOf(nsgs, "\"name\": \"DenyAllInBound\"") - 1);
            assertThat(f.message()).contains("default rule 'DenyAllInBound' of network security group nsg-web" + B
                    + " differs from Azure's: priority is '4096', Azure's is '65500'");
        });
    }

    @Test
    void aMissingDefaultRuleIsAnInputError(@TempDir Path tmp) throws IOException {
        Path estate = copy(ESTATE, tmp.resolve("estate"));
        replace(estate.resolve("sub-b/nsgs.json"), "\"name\": \"AllowVnetOutBound\"", "\"name\": \"AllowVnetOutbound2\"");
        assertThat(errors(load(estate))).extracting(Finding::message).anySatisfy(m -> assertThat(m)
                .contains("is exported without Azure's default rule 'AllowVnetOutBound'"))
                .anySatisfy(m -> assertThat(m).contains("'AllowVnetOutbound2'").contains("not one of Azure's six"));
    }

    @Test
    void aPeeredNetworkOutsideTheExportIsKnownByTheAddressSpaceOfItsPeering() {
        LoadResult r = load(ESTATE.resolve("sub-b"));
        assertThat(errors(r)).isEmpty();
        assertThat(r.topology().virtualNetwork("vnet-shared" + B).orElseThrow().peerings())
                .containsExactly("vnet-prod" + A);
        var outside = r.topology().virtualNetwork("vnet-prod" + A).orElseThrow();
        assertThat(outside.addressSpace()).containsExactly("10.1.0.0/16");
        assertThat(outside.subnets()).isEmpty();
        assertThat(r.problems()).filteredOn(f -> f.id().equals("input-warning")
                && f.message().contains("is not in the export")).singleElement().satisfies(f -> {
                    assertThat(f.location().file()).endsWith("vnets.json");
                    assertThat(f.message()).contains("virtual network 'vnet-prod' in resource group rg-prod of"
                            + " subscription 11111111-1111-1111-1111-111111111111, peered with vnet-shared" + B)
                            .contains("its address space 10.1.0.0/16 is taken from the peering")
                            .contains("az network vnet list --subscription 11111111-1111-1111-1111-111111111111");
                });
    }

    @Test
    void aReferenceOutsideTheExportIsUnresolvedSayingWhatToExport(@TempDir Path tmp) throws IOException {
        Path sub = copy(ESTATE.resolve("sub-b"), tmp.resolve("sub-b"));
        // Out of sync, the peering's copy of the remote address space may be stale: not taken.
        replace(sub.resolve("vnets.json"), "\"peeringSyncLevel\": \"FullyInSync\"",
                "\"peeringSyncLevel\": \"RemoteNotInSync\"");
        LoadResult r = load(sub);
        assertThat(r.problems()).filteredOn(f -> f.id().equals("unresolved-value")).singleElement()
                .satisfies(f -> {
                    assertThat(f.location().file()).endsWith("vnets.json");
                    assertThat(f.location().line()).isEqualTo(2);
                    assertThat(f.message()).contains("virtual network 'vnet-prod' in resource group rg-prod of"
                            + " subscription 11111111-1111-1111-1111-111111111111, which is not in the export")
                            .contains("az network vnet list --subscription 11111111-1111-1111-1111-111111111111");
                });
        assertThat(r.topology().virtualNetworks()).hasSize(1);
        assertThat(r.topology().virtualNetworks().get(0).isUnresolved("peerings")).isTrue();
    }

    @Test
    void aNicWithoutAssignedAddressIsUnresolvedNotDropped(@TempDir Path tmp) throws IOException {
        Path estate = copy(ESTATE, tmp.resolve("estate"));
        replace(estate.resolve("sub-b/nics.json"), "\"privateIPAddress\": \"10.2.0.4\",", "");
        LoadResult r = load(estate);
        IpConfiguration ip = r.topology().networkInterface("nic-jump" + B).orElseThrow().ipConfigurations().get(0);
        assertThat(ip.isDynamic()).isTrue();
        assertThat(ip.isUnresolved("privateIPAddress")).isTrue();
        assertThat(r.problems()).anySatisfy(f -> {
            assertThat(f.id()).isEqualTo("unresolved-value");
            assertThat(f.message()).contains("IP configuration ipconfig1 of network interface nic-jump" + B)
                    .contains("privateIPAddress");
        });
    }

    @Test
    void theSameIdExportedTwiceIsADuplicateDefinition(@TempDir Path tmp) throws IOException {
        Path estate = copy(ESTATE, tmp.resolve("estate"));
        // Ids are compared ignoring case, as Azure compares them.
        Files.writeString(estate.resolve("sub-a/asgs-again.json"), Files.readString(estate.resolve("sub-a/asgs.json"))
                .replace("resourceGroups/rg-prod", "resourceGroups/RG-PROD"));
        assertThat(errors(load(estate))).extracting(Finding::id).containsOnly("duplicate-definition").hasSize(2);
    }

    @Test
    void resourceGraphResultGivesTheSameResourcesAsTheAzLists() {
        LoadResult graph = load(GRAPH);
        LoadResult lists = load(ESTATE.resolve("sub-a"));
        // Both hold subscription A only: subscription B's network is known from the peering in both, the same way.
        assertThat(errors(graph)).isEmpty();
        assertThat(graph.problems()).extracting(Finding::message).hasSize(1)
                .isEqualTo(lists.problems().stream().map(Finding::message).toList());
        Topology g = graph.topology();
        Topology l = lists.topology();
        assertThat(g.networkSecurityGroups()).extracting(NetworkSecurityGroup::name)
                .isEqualTo(l.networkSecurityGroups().stream().map(NetworkSecurityGroup::name).toList());
        assertThat(g.networkSecurityGroups().get(0).securityRules()).usingRecursiveComparison()
                .ignoringFieldsMatchingRegexes(".*source\\.file", ".*source\\.line", ".*source\\.column")
                .isEqualTo(l.networkSecurityGroups().get(0).securityRules());
        assertThat(g.networkInterfaces()).extracting(n -> n.name())
                .isEqualTo(l.networkInterfaces().stream().map(n -> n.name()).toList());
        assertThat(g.virtualNetworks().get(0).subnets()).extracting(s -> s.networkSecurityGroup())
                .containsExactly("nsg-web" + A, "nsg-app" + A);
    }

    @Test
    void theFlattenedShapeOfTheAzCliIsReadToo(@TempDir Path tmp) throws IOException {
        String sub = "/subscriptions/44444444-4444-4444-4444-444444444444/resourceGroups/rg-flat/providers/";
        Files.writeString(tmp.resolve("nsgs.json"), """
                [
                  {
                    "defaultSecurityRules": [],
                    "id": "%1$sMicrosoft.Network/networkSecurityGroups/nsg-flat",
                    "location": "westeurope",
                    "name": "nsg-flat",
                    "provisioningState": "Succeeded",
                    "resourceGroup": "rg-flat",
                    "securityRules": [
                      {
                        "access": "Deny",
                        "destinationAddressPrefix": "*",
                        "destinationAddressPrefixes": [],
                        "destinationPortRange": "23",
                        "direction": "Inbound",
                        "id": "%1$sMicrosoft.Network/networkSecurityGroups/nsg-flat/securityRules/Deny-Telnet",
                        "name": "Deny-Telnet",
                        "priority": 110,
                        "protocol": "Tcp",
                        "provisioningState": "Succeeded",
                        "resourceGroup": "rg-flat",
                        "sourceAddressPrefix": "*",
                        "sourcePortRange": "*",
                        "type": "Microsoft.Network/networkSecurityGroups/securityRules"
                      }
                    ],
                    "type": "Microsoft.Network/networkSecurityGroups"
                  }
                ]
                """.formatted(sub));
        LoadResult r = load(tmp);
        // An empty defaultSecurityRules list lacks all six of Azure's: reported, never taken as "no defaults".
        assertThat(errors(r)).hasSize(6).allSatisfy(f -> assertThat(f.message()).contains("exported without"));
        SecurityRule rule = r.topology().networkSecurityGroups().get(0).securityRules().get(0);
        assertThat(rule.name()).isEqualTo("Deny-Telnet");
        assertThat(rule.priority()).isEqualTo(110);
        assertThat(rule.access()).isEqualTo("Deny");
        assertThat(rule.destinationPortRange()).isEqualTo("23");
        assertThat(r.problems()).noneMatch(f -> f.id().equals("input-warning"));
    }

    @Test
    void aPeeringThatIsNotConnectedIsNotCounted(@TempDir Path tmp) throws IOException {
        Path estate = copy(ESTATE, tmp.resolve("estate"));
        replace(estate.resolve("sub-b/vnets.json"), "\"peeringState\": \"Connected\"", "\"peeringState\": \"Initiated\"");
        LoadResult r = load(estate);
        assertThat(r.topology().virtualNetwork("vnet-shared" + B).orElseThrow().peerings()).isEmpty();
        assertThat(r.problems()).anySatisfy(f -> assertThat(f.message())
                .contains("peering shared-to-prod is Initiated, not Connected"));
    }

    @Test
    void aPeeringWithoutVirtualNetworkAccessIsNotCounted(@TempDir Path tmp) throws IOException {
        Path estate = copy(ESTATE, tmp.resolve("estate"));
        replace(estate.resolve("sub-a/vnets.json"), "\"allowVirtualNetworkAccess\": true",
                "\"allowVirtualNetworkAccess\": false");
        LoadResult r = load(estate);
        assertThat(r.topology().virtualNetwork("vnet-prod" + A).orElseThrow().peerings()).isEmpty();
        assertThat(r.problems()).anySatisfy(f -> assertThat(f.message())
                .contains("peering prod-to-shared has allowVirtualNetworkAccess false"));
    }

    @Test
    void aResourceGraphResultMissingPagesIsAnInputErrorButAllPagesTogetherLoad(@TempDir Path tmp) throws IOException {
        String whole = Files.readString(GRAPH.resolve("resources.json"));
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(whole);
        com.fasterxml.jackson.databind.node.ArrayNode data = (com.fasterxml.jackson.databind.node.ArrayNode)
                root.get("data");
        int total = data.size();
        com.fasterxml.jackson.databind.node.ObjectNode first = root.deepCopy();
        com.fasterxml.jackson.databind.node.ObjectNode second = root.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) first.get("data")).removeAll();
        ((com.fasterxml.jackson.databind.node.ArrayNode) second.get("data")).removeAll();
        for (int i = 0; i < total; i++) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) (i < 3 ? first : second).get("data")).add(data.get(i));
        }
        first.put("count", 3).put("skip_token", "page-2");
        second.put("count", total - 3);
        Path pages = Files.createDirectories(tmp.resolve("pages"));
        Files.writeString(pages.resolve("page-1.json"), first.toPrettyString());
        LoadResult one = load(pages);
        assertThat(errors(one)).anySatisfy(f -> assertThat(f.message())
                .contains("the Resource Graph results hold 3 of the " + total + " resources"));
        Files.writeString(pages.resolve("page-2.json"), second.toPrettyString());
        LoadResult both = load(pages);
        assertThat(errors(both)).noneMatch(f -> f.message().contains("Resource Graph"));
        assertThat(both.topology().networkInterfaces()).hasSize(3);
    }

    @Test
    void exportsAndDefinitionsAreNotReadTogether(@TempDir Path tmp) throws IOException {
        Path estate = copy(ESTATE, tmp.resolve("estate"));
        Files.writeString(estate.resolve("extra.yaml"), """
                networkSecurityGroups:
                  - name: nsg-yaml
                    securityRules: []
                """);
        LoadResult r = load(estate);
        assertThat(errors(r)).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("input-error");
            assertThat(f.message()).contains("is exported Azure state").contains("extra.yaml")
                    .contains("not read together");
        });
        assertThat(r.topology().networkSecurityGroups()).extracting(NetworkSecurityGroup::name)
                .containsExactly("nsg-yaml");
    }

    @Test
    void otherJsonInAFolderIsSkippedAndAnEmptyListNamedDirectlyIsAnExport(@TempDir Path tmp) throws IOException {
        Path estate = copy(ESTATE, tmp.resolve("estate"));
        Files.writeString(estate.resolve("package.json"), "{\"name\": \"tooling\", \"data\": 1}");
        assertThat(errors(load(estate))).isEmpty();
        LoadResult named = load(estate.resolve("sub-a"), estate.resolve("sub-b/asgs.json"));
        assertThat(named.problems()).noneMatch(f -> f.message().contains("not an ARM deployment template"));
        assertThat(load(estate.resolve("package.json")).problems()).anySatisfy(f -> assertThat(f.message())
                .contains("nor exported Azure state"));
    }

    @Test
    void aUtf16ExportInAFolderIsReportedNotSkipped(@TempDir Path tmp) throws IOException {
        Path estate = copy(ESTATE.resolve("sub-a"), tmp.resolve("sub-a"));
        // What az network asg list > asgs.json writes in Windows PowerShell 5.
        byte[] text = Files.readString(estate.resolve("asgs.json")).getBytes(StandardCharsets.UTF_16LE);
        byte[] bom = {(byte) 0xFF, (byte) 0xFE};
        byte[] utf16 = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, utf16, 0, 2);
        System.arraycopy(text, 0, utf16, 2, text.length);
        Files.write(estate.resolve("asgs.json"), utf16);
        assertThat(errors(load(estate))).anySatisfy(f -> {
            assertThat(f.location().file()).endsWith("asgs.json");
            assertThat(f.message()).contains("UTF-16").contains("save it as UTF-8");
        });
    }

    @Test
    void otherAzOutputBesideTemplatesIsNeitherReadNorMixed(@TempDir Path tmp) throws IOException {
        Path infra = Files.createDirectories(tmp.resolve("infra"));
        Files.copy(Path.of("src/test/resources/azexport/group-export/template.json"), infra.resolve("template.json"));
        Files.writeString(infra.resolve("vms.json"), """
                [{"id": "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-prod/providers/\
                Microsoft.Compute/virtualMachines/vm-web-1", "name": "vm-web-1",
                  "type": "Microsoft.Compute/virtualMachines"}]
                """);
        LoadResult r = load(infra);
        assertThat(errors(r)).isEmpty();
        assertThat(r.topology().networkSecurityGroups()).extracting(NetworkSecurityGroup::name).containsExactly("nsg-web");
    }

    @Test
    void whatTheExportCannotExplainIsReported(@TempDir Path tmp) throws IOException {
        Path estate = copy(ESTATE, tmp.resolve("estate"));
        Path nsgs = estate.resolve("sub-a/nsgs.json");
        replace(nsgs, "\"destinationPortRange\": \"22\",", "\"destinationPortRange\": \"22\", \"sourcePortRangeExcluded\": \"1\",");
        Files.writeString(estate.resolve("sub-a/rules.json"), """
                [
                  {"id": "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-prod/providers/\
                Microsoft.Network/networkSecurityGroups/nsg-web/securityRules/Allow-SSH-Anywhere",
                   "name": "Allow-SSH-Anywhere", "properties": {"priority": 200}},
                  {"name": "no-id", "type": "Microsoft.Network/networkSecurityGroups"}
                ]
                """);
        LoadResult r = load(estate);
        assertThat(r.problems()).anySatisfy(f -> {
            assertThat(f.id()).isEqualTo("input-warning");
            assertThat(f.location().line()).isEqualTo(lineOf(nsgs, "sourcePortRangeExcluded"));
            assertThat(f.message()).contains("rule Allow-SSH-Anywhere of nsg-web" + A
                    + ": property 'sourcePortRangeExcluded' is not one nsgaudit knows");
        }).anySatisfy(f -> {
            assertThat(f.id()).isEqualTo("input-warning");
            assertThat(f.message()).contains("is exported on its own and is not read");
        }).anySatisfy(f -> {
            assertThat(f.id()).isEqualTo("input-error");
            assertThat(f.location().line()).isEqualTo(4);
            assertThat(f.message()).contains("a resource without a full resource id");
        });
        // The NSGs alone: attached to subnets whose virtual network is not exported.
        LoadResult alone = load(ESTATE.resolve("sub-a/nsgs.json"));
        assertThat(alone.problems()).filteredOn(f -> f.message().contains("which is not in the export, so that"
                + " attachment is not analysed")).hasSize(2);
    }

    @Test
    void anExportOverTheSizeLimitIsReportedNotSkipped(@TempDir Path tmp) throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("big"));
        String id = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/"
                + "Microsoft.Network/networkSecurityGroups/nsg-big";
        Files.writeString(folder.resolve("nsgs.json"), "[{\"id\": \"" + id + "\", \"pad\": \""
                + "x".repeat((int) dev.nsgaudit.load.arm.Limits.MAX_FILE_BYTES) + "\"}]");
        assertThat(errors(load(folder))).anySatisfy(f -> {
            assertThat(f.location().file()).endsWith("nsgs.json");
            assertThat(f.message()).contains("more than the limit of 8388608 bytes")
                    .contains("one file per resource group");
        });
    }

    @Test
    void resourceGroupExportTemplateLoads() {
        LoadResult r = load(Path.of("src/test/resources/azexport/group-export/template.json"));
        assertThat(errors(r)).isEmpty();
        Topology t = r.topology();
        assertThat(t.networkSecurityGroups()).extracting(NetworkSecurityGroup::name).containsExactly("nsg-web");
        assertThat(t.networkSecurityGroups().get(0).securityRules()).extracting(SecurityRule::name)
                .containsExactly("Allow-HTTPS-Inbound");
        assertThat(t.subnet("vnet-prod/web").orElseThrow().subnet().networkSecurityGroup()).isEqualTo("nsg-web");
        assertThat(t.networkInterface("nic-web-1").orElseThrow().ipConfigurations().get(0).privateIPAddress())
                .isEqualTo("10.1.1.4");
    }
}
