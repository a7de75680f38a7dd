package dev.nsgaudit.load.terraform;

import dev.nsgaudit.load.InputLoader;
import dev.nsgaudit.load.LoadResult;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Terraform plan JSON into the model: references, unknowns, names, modules, the two sides of a plan. */
class TerraformPlanLoaderTest {

    static final Path FIXTURES = Path.of("src/test/resources/terraform");

    @TempDir
    Path tmp;

    private static TerraformPlanLoader.Loaded planned(String name) {
        Path p = FIXTURES.resolve(name).resolve("plan.json");
        return TerraformPlanLoader.planned(p, p.toString());
    }

    private static IpConfiguration ip(Topology t, String nic) {
        return t.networkInterface(nic).orElseThrow().ipConfigurations().get(0);
    }

    private static List<String> ruleNames(NetworkSecurityGroup nsg) {
        return nsg.securityRules().stream().map(SecurityRule::name).toList();
    }

    @Test
    void idsKnownOnlyAfterApplyAreResolvedThroughTheConfigurationsReferences() {
        TerraformPlanLoader.Loaded loaded = planned("create-all");
        Topology t = loaded.topology();
        assertThat(loaded.problems()).isEmpty();
        // subnet_id = azurerm_subnet.web.id; the association joins by azurerm_application_security_group.web.id
        assertThat(ip(t, "nic-web-1").subnet()).isEqualTo("vnet-app/web");
        assertThat(ip(t, "nic-web-1").privateIPAddress()).isEqualTo("10.10.1.4");
        assertThat(ip(t, "nic-web-1").applicationSecurityGroups()).containsExactly("asg-web");
        assertThat(ip(t, "nic-db-1").isDynamic()).isTrue();
        // network_security_group_id = module.nsg.id: the module's output names its NSG
        assertThat(t.subnet("vnet-app/web").orElseThrow().subnet().networkSecurityGroup()).isEqualTo("nsg-web");
        assertThat(t.subnet("vnet-app/db").orElseThrow().subnet().networkSecurityGroup()).isEqualTo("nsg-db");
        // an unknown element of source_application_security_group_ids, from the expression's reference
        SecurityRule sql = t.networkSecurityGroup("nsg-db").orElseThrow().securityRules().get(0);
        assertThat(sql.sourceApplicationSecurityGroups()).containsExactly("asg-web");
        assertThat(sql.unresolved()).isEmpty();
        assertThat(ruleNames(t.networkSecurityGroup("nsg-web").orElseThrow()))
                .containsExactly("Allow-HTTP-Internet", "Allow-SSH-Office");
        assertThat(t.networkSecurityGroup("nsg-web").orElseThrow().source().file())
                .endsWith("plan.json#module.nsg.azurerm_network_security_group.this");
    }

    @Test
    void anUnknownSourcePrefixIsUnresolvedAtTheRulesAddressNeverDropped() {
        TerraformPlanLoader.Loaded loaded = planned("unknown-prefix");
        SecurityRule partner = loaded.topology().networkSecurityGroup("nsg-web").orElseThrow().securityRules()
                .stream().filter(r -> r.name().equals("Allow-Partner-HTTPS")).findFirst().orElseThrow();
        assertThat(partner.sourceAddressPrefix()).isNull();
        assertThat(partner.unresolved()).singleElement().satisfies(u -> {
            assertThat(u.property()).isEqualTo("sourceAddressPrefix");
            assertThat(u.expression()).contains("azurerm_public_ip.partner.ip_address");
        });
        assertThat(partner.source().file()).endsWith("plan.json#azurerm_network_security_rule.partner");
    }

    @Test
    void thePriorStateIsTheTopologyBeforeTheApply() {
        Path p = FIXTURES.resolve("ssh-open/plan.json");
        Topology before = TerraformPlanLoader.prior(p, p.toString()).topology();
        Topology after = TerraformPlanLoader.planned(p, p.toString()).topology();
        // The NSG's computed rule set mirrors its rule resources: each rule once.
        assertThat(ruleNames(before.networkSecurityGroup("nsg-web").orElseThrow()))
                .containsExactlyInAnyOrder("Allow-HTTP-Internet", "Allow-RDP-Office");
        // The RDP rule resource is destroyed; the mirror still lists it, the model does not.
        assertThat(ruleNames(after.networkSecurityGroup("nsg-web").orElseThrow()))
                .containsExactlyInAnyOrder("Allow-HTTP-Internet", "Allow-SSH-Internet");
        // Ids of deployed resources are matched by id.
        assertThat(ip(before, "nic-web-1").subnet()).isEqualTo("vnet-app/web");
        assertThat(before.subnet("vnet-app/web").orElseThrow().subnet().networkSecurityGroup()).isEqualTo("nsg-web");
        // A plan that creates everything starts from nothing.
        Path all = FIXTURES.resolve("create-all/plan.json");
        Topology empty = TerraformPlanLoader.prior(all, all.toString()).topology();
        assertThat(empty.networkSecurityGroups()).isEmpty();
        assertThat(empty.virtualNetworks()).isEmpty();
    }

    @Test
    void repeatedNamesAreQualifiedByResourceGroupAndIndexesAreReadOnlyWhenConstant() {
        TerraformPlanLoader.Loaded loaded = planned("counts-and-names");
        Topology t = loaded.topology();
        assertThat(t.networkSecurityGroups()).extracting(NetworkSecurityGroup::name)
                .containsExactly("nsg-app@rg-a", "nsg-app@rg-b");
        assertThat(t.subnet("vnet-b/other").orElseThrow().subnet().networkSecurityGroup()).isEqualTo("nsg-app@rg-b");
        // azurerm_subnet.app[0].id: a constant index
        assertThat(ip(t, "nic-first").subnet()).isEqualTo("vnet-a/app-0");
        // azurerm_subnet.app[count.index].id: which instance is not written in the plan
        assertThat(ip(t, "nic-any").subnet()).isNull();
        assertThat(ip(t, "nic-any").isUnresolved("subnet")).isTrue();
        // the scale set's NIC, its NSG, subnet and ASG, all known only after apply
        var vmss = t.networkInterface("vmss-web/nic").orElseThrow();
        assertThat(vmss.networkSecurityGroup()).isEqualTo("nsg-app@rg-a");
        assertThat(vmss.ipConfigurations().get(0).subnet()).isEqualTo("vnet-a/app-1");
        assertThat(vmss.ipConfigurations().get(0).applicationSecurityGroups()).containsExactly("asg-web");
        assertThat(vmss.ipConfigurations().get(0).isDynamic()).isTrue();
        assertThat(t.virtualNetwork("vnet-a").orElseThrow().peerings()).containsExactly("vnet-b");
        // an association whose subnet comes from a variable may concern every subnet without a known NSG
        assertThat(t.subnet("vnet-a/app-0").orElseThrow().subnet().isUnresolved("networkSecurityGroup")).isTrue();
        assertThat(t.subnet("vnet-a/app-1").orElseThrow().subnet().isUnresolved("networkSecurityGroup")).isTrue();
        assertThat(t.subnet("vnet-b/other").orElseThrow().subnet().isUnresolved("networkSecurityGroup")).isFalse();
        assertThat(loaded.problems()).extracting(Finding::id).containsOnly("unresolved-value");
        assertThat(loaded.problems()).anySatisfy(f -> assertThat(f.location().file())
                .endsWith("#azurerm_subnet_network_security_group_association.extra"));
    }

    @Test
    void aFolderFindsPlansAndTheInputLoaderReadsThem() {
        LoadResult result = InputLoader.load(List.of(FIXTURES.resolve("create-all")));
        assertThat(result.problems()).isEmpty();
        assertThat(result.topology().networkInterfaces()).hasSize(2);
    }

    @Test
    void theJsonOfAStateIsReadAsOneKnownTopology() throws IOException {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var plan = mapper.readTree(FIXTURES.resolve("ssh-open/plan.json").toFile());
        var state = mapper.createObjectNode();
        state.put("format_version", "1.0");
        state.put("terraform_version", "1.6.6");
        state.set("values", plan.path("prior_state").path("values"));
        Path p = tmp.resolve("state.json");
        mapper.writeValue(p.toFile(), state);
        LoadResult result = InputLoader.load(List.of(p));
        assertThat(result.problems()).isEmpty();
        assertThat(ruleNames(result.topology().networkSecurityGroup("nsg-web").orElseThrow()))
                .containsExactlyInAnyOrder("Allow-HTTP-Internet", "Allow-RDP-Office");
    }

    @Test
    void aSubnetKeepsTheNsgAzureShowsUnlessThePlanDestroysItsAssociation() throws IOException {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String association = "azurerm_subnet_network_security_group_association.web";
        // Attached outside this configuration: no association resource, only the VNet's subnet set shows the NSG.
        var outside = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(
                FIXTURES.resolve("ssh-open/plan.json").toFile());
        removeResource(outside.path("planned_values").path("root_module"), association);
        removeResource(outside.path("prior_state").path("values").path("root_module"), association);
        removeResource(outside, association);
        Path p = tmp.resolve("outside.json");
        mapper.writeValue(p.toFile(), outside);
        assertThat(TerraformPlanLoader.planned(p, "p").topology().subnet("vnet-app/web").orElseThrow().subnet()
                .networkSecurityGroup()).isEqualTo("nsg-web");
        // The plan destroys the association: the VNet's subnet set (from the state) still shows the NSG.
        var destroyed = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(
                FIXTURES.resolve("ssh-open/plan.json").toFile());
        removeResource(destroyed.path("planned_values").path("root_module"), association);
        for (var change : destroyed.path("resource_changes")) {
            if (change.path("address").asText().equals(association)) {
                var actions = ((com.fasterxml.jackson.databind.node.ObjectNode) change.path("change")).putArray("actions");
                actions.add("delete");
            }
        }
        Path q = tmp.resolve("destroyed.json");
        mapper.writeValue(q.toFile(), destroyed);
        assertThat(TerraformPlanLoader.planned(q, "q").topology().subnet("vnet-app/web").orElseThrow().subnet()
                .networkSecurityGroup()).isNull();
        assertThat(TerraformPlanLoader.prior(q, "q").topology().subnet("vnet-app/web").orElseThrow().subnet()
                .networkSecurityGroup()).isEqualTo("nsg-web");
    }

    @Test
    void azurermOneArgumentsOnANicAreReportedNotDropped() throws IOException {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var plan = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(
                FIXTURES.resolve("ssh-open/plan.json").toFile());
        int changed = 0;
        for (var r : plan.path("planned_values").path("root_module").path("resources")) {
            if (r.path("type").asText().equals("azurerm_network_interface")) {
                var values = (com.fasterxml.jackson.databind.node.ObjectNode) r.path("values");
                values.put("network_security_group_id", "/subscriptions/0/resourceGroups/rg/providers/"
                        + "Microsoft.Network/networkSecurityGroups/nsg-nic");
                ((com.fasterxml.jackson.databind.node.ObjectNode) values.path("ip_configuration").get(0))
                        .putArray("application_security_group_ids").add("/subscriptions/0/resourceGroups/rg/"
                                + "providers/Microsoft.Network/applicationSecurityGroups/asg-old");
                changed++;
            }
        }
        assertThat(changed).isPositive();
        Path p = tmp.resolve("azurerm1.json");
        mapper.writeValue(p.toFile(), plan);
        Topology t = TerraformPlanLoader.planned(p, "p").topology();
        var nic = t.networkInterface("nic-web-1").orElseThrow();
        // The NIC's NSG and memberships are unknown (verify answers Inconclusive where they matter), never absent.
        assertThat(nic.isUnresolved("networkSecurityGroup")).isTrue();
        assertThat(ip(t, "nic-web-1").isUnresolved("applicationSecurityGroups")).isTrue();
        Topology plain = planned("ssh-open").topology();
        assertThat(plain.networkInterface("nic-web-1").orElseThrow().isUnresolved("networkSecurityGroup")).isFalse();
        assertThat(ip(plain, "nic-web-1").isUnresolved("applicationSecurityGroups")).isFalse();
    }

    /** Removes the resource with this address from a module's {@code resources} or a plan's resource_changes. */
    private static void removeResource(com.fasterxml.jackson.databind.JsonNode holder, String address) {
        var list = holder.has("resources") ? holder.get("resources") : holder.get("resource_changes");
        var it = list.elements();
        while (it.hasNext()) {
            if (it.next().path("address").asText().equals(address)) {
                it.remove();
            }
        }
    }

    @Test
    void anotherMajorFormatVersionIsRefusedWithItsPosition() throws IOException {
        Path p = tmp.resolve("plan.json");
        Files.writeString(p, "{\n  \"format_version\": \"2.0\",\n  \"planned_values\": {}\n}\n");
        LoadResult result = InputLoader.load(List.of(p));
        assertThat(result.problems()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("input-error");
            assertThat(f.toLine()).startsWith(p + ":1:1: error [input-error] format_version '2.0'");
        });
    }

    @Test
    void referencesAreResolvedOnlyWhenUnambiguous() {
        PlanResource a = resource("azurerm_subnet", "a", null, "");
        PlanResource b0 = resource("azurerm_subnet", "b", 0, "");
        PlanResource b1 = resource("azurerm_subnet", "b", 1, "");
        PlanResource inModule = resource("azurerm_subnet", "a", null, "module.net");
        PlanResource nic = resource("azurerm_network_interface", "n", null, "");
        ConfigReferences refs = new ConfigReferences(com.fasterxml.jackson.databind.node.MissingNode.getInstance(),
                List.of(a, b0, b1, inModule, nic));
        assertThat(refs.one(nic, refsOf("azurerm_subnet.a.id", "azurerm_subnet.a"), "azurerm_subnet", "id")
                .targets()).containsExactly(a);
        assertThat(refs.one(nic, refsOf("azurerm_subnet.b[1].id", "azurerm_subnet.b[1]", "azurerm_subnet.b"),
                "azurerm_subnet", "id").targets()).containsExactly(b1);
        // several instances without an index, another attribute, a variable, two resources: not resolved
        assertThat(refs.one(nic, refsOf("azurerm_subnet.b.id", "azurerm_subnet.b"), "azurerm_subnet", "id").reason())
                .contains("which has 2 instances in this plan, without an index the plan shows");
        assertThat(refs.one(nic, refsOf("azurerm_subnet.b[7].id", "azurerm_subnet.b[7]", "azurerm_subnet.b"),
                "azurerm_subnet", "id").resolved()).isFalse();
        assertThat(refs.one(nic, refsOf("azurerm_subnet.b"), "azurerm_subnet", "id").resolved()).isFalse();
        assertThat(refs.one(nic, refsOf("azurerm_subnet.a.name", "azurerm_subnet.a"), "azurerm_subnet", "id")
                .resolved()).isFalse();
        assertThat(refs.one(nic, refsOf("azurerm_subnet.a.id", "azurerm_subnet.a", "var.x"), "azurerm_subnet", "id")
                .resolved()).isFalse();
        assertThat(refs.one(nic, refsOf("azurerm_subnet.a.id", "azurerm_subnet.a", "azurerm_subnet.b[0].id",
                "azurerm_subnet.b[0]"), "azurerm_subnet", "id").resolved()).isFalse();
        // references inside a module are relative to the module instance
        PlanResource nicInModule = resource("azurerm_network_interface", "n", null, "module.net");
        assertThat(refs.one(nicInModule, refsOf("azurerm_subnet.a.id", "azurerm_subnet.a"), "azurerm_subnet", "id")
                .targets()).containsExactly(inModule);
    }

    private static PlanResource resource(String type, String name, Integer index, String module) {
        var json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        String local = type + "." + name + (index == null ? "" : "[" + index + "]");
        return new PlanResource(module.isEmpty() ? local : module + "." + local, module, type, name,
                index == null ? null : json.numberNode(index), json.objectNode(), null,
                dev.nsgaudit.model.SourceRef.UNKNOWN);
    }

    private static com.fasterxml.jackson.databind.JsonNode refsOf(String... refs) {
        var json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        var node = json.objectNode();
        var list = node.putArray("references");
        for (String r : refs) {
            list.add(r);
        }
        return node;
    }
}
