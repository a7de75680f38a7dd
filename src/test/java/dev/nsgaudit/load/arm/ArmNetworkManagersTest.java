package dev.nsgaudit.load.arm;

import dev.nsgaudit.load.AdminRuleValidator;
import dev.nsgaudit.load.InputLoader;
import dev.nsgaudit.load.LoadResult;
import dev.nsgaudit.model.AddressPrefixItem;
import dev.nsgaudit.model.AdminRule;
import dev.nsgaudit.model.AdminRuleCollection;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.NetworkGroup;
import dev.nsgaudit.model.SecurityAdminConfiguration;
import dev.nsgaudit.semantics.ServiceTags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Virtual Network Manager resources in ARM templates: nested children, top-level resources with full type names,
 * a copy loop over admin rules, unresolved values, Default rules, dynamic membership and validation.
 */
class ArmNetworkManagersTest {

    private static final String SCHEMA =
            "\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\",\n"
                    + "  \"contentVersion\": \"1.0.0.0\",\n";

    @TempDir
    Path dir;

    private LoadResult load(String resources) throws IOException {
        Path p = dir.resolve("t.json");
        Files.writeString(p, "{\n  " + SCHEMA + "  \"parameters\": {\"unknown\": {\"type\": \"string\"}},\n"
                + "  \"resources\": [" + resources + "]\n}\n");
        return InputLoader.load(List.of(p));
    }

    @Test
    void fixtureWithNestedChildrenAndACopyLoop() {
        LoadResult r = InputLoader.load(List.of(Path.of("src/test/resources/avnm/arm")));
        assertThat(r.problems()).isEmpty();
        NetworkGroup group = r.topology().networkGroups().get(0);
        assertThat(group.qualifiedName()).isEqualTo("nm-corp/grp-prod");
        assertThat(group.staticMembers()).containsExactly("vnet-prod");
        assertThat(group.membershipKnown()).isTrue();
        assertThat(group.description()).isEqualTo("Production VNets");
        SecurityAdminConfiguration config = r.topology().securityAdminConfigurations().get(0);
        assertThat(config.qualifiedName()).isEqualTo("nm-corp/cfg-baseline");
        assertThat(config.description()).isEqualTo("Corporate baseline");
        AdminRuleCollection collection = config.ruleCollections().get(0);
        assertThat(collection.name()).isEqualTo("coll-prod");
        assertThat(collection.appliesToGroups()).containsExactly("grp-prod");
        assertThat(collection.rules()).extracting(AdminRule::name)
                .containsExactly("deny-ssh", "always-https", "allow-http");
        AdminRule https = collection.rules().get(1);
        assertThat(https.priority()).isEqualTo(110);
        assertThat(https.access()).isEqualTo("AlwaysAllow");
        assertThat(https.protocol()).isEqualTo("Tcp");
        assertThat(https.kind()).isEqualTo("Custom");
        assertThat(https.description()).isEqualTo("Baseline always-https");
        assertThat(https.sources()).containsExactly(AddressPrefixItem.serviceTag("Internet"));
        assertThat(https.destinations()).containsExactly(AddressPrefixItem.ipPrefix("*"));
        assertThat(https.destinationPortRanges()).containsExactly("443");
        assertThat(https.source().line()).isGreaterThan(0);
        assertThat(https.unresolved()).isEmpty();
    }

    @Test
    void unresolvedValuesAreKeptAndReported() throws IOException {
        LoadResult r = load("""
                {"type": "Microsoft.Network/networkManagers/networkGroups", "apiVersion": "2024-05-01",
                 "name": "nm/grp", "properties": {}},
                {"type": "Microsoft.Network/networkManagers/networkGroups/staticMembers", "apiVersion": "2024-05-01",
                 "name": "nm/grp/m1", "properties": {"resourceId": "[parameters('unknown')]"}},
                {"type": "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules",
                 "apiVersion": "2024-05-01", "name": "nm/cfg/coll/r1", "kind": "Custom",
                 "properties": {"access": "Deny", "direction": "Inbound", "priority": 10, "protocol": "Tcp",
                   "sources": [{"addressPrefix": "[parameters('unknown')]", "addressPrefixType": "IPPrefix"}],
                   "destinationPortRanges": ["22"]}},
                {"type": "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules",
                 "apiVersion": "2024-05-01", "name": "nm/cfg/coll/r2", "kind": "Default",
                 "properties": {"flag": "AVNM_DENY_HIGH_RISK_PORTS"}}
                """);
        NetworkGroup group = r.topology().networkGroups().get(0);
        assertThat(group.membershipKnown()).isFalse();
        assertThat(group.unresolved()).singleElement().satisfies(u -> assertThat(u.property())
                .isEqualTo("staticMembers"));
        AdminRuleCollection coll = r.topology().securityAdminConfigurations().get(0).ruleCollections().get(0);
        assertThat(coll.rules().get(0).unresolved()).extracting(u -> u.property()).containsExactly("sources");
        assertThat(coll.rules().get(1).unresolved()).extracting(u -> u.property()).containsExactly("kind");
        List<Finding> problems = AdminRuleValidator.validate(r.topology(), ServiceTags.of("t", List.of()));
        assertThat(problems).extracting(Finding::id).containsOnly("unresolved-value");
        assertThat(problems).extracting(Finding::message).anyMatch(m -> m.contains("AVNM_DENY_HIGH_RISK_PORTS"))
                .anyMatch(m -> m.contains("admin rule r1") && m.contains("sources"))
                .anyMatch(m -> m.contains("network group nm/grp") && m.contains("staticMembers"));
    }

    @Test
    void aGroupWithoutStaticMembersOrNamedByAPolicyIsDynamic() throws IOException {
        LoadResult r = load("""
                {"type": "Microsoft.Network/networkManagers/networkGroups", "apiVersion": "2024-05-01",
                 "name": "nm/empty", "properties": {}},
                {"type": "Microsoft.Network/networkManagers/networkGroups", "apiVersion": "2024-05-01",
                 "name": "nm/tagged", "properties": {}},
                {"type": "Microsoft.Network/networkManagers/networkGroups/staticMembers", "apiVersion": "2024-05-01",
                 "name": "nm/tagged/m1", "properties": {"resourceId": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/vnet-a"}},
                {"type": "Microsoft.Network/networkManagers/networkGroups", "apiVersion": "2024-05-01",
                 "name": "nm/static", "properties": {}},
                {"type": "Microsoft.Network/networkManagers/networkGroups/staticMembers", "apiVersion": "2024-05-01",
                 "name": "nm/static/m1", "properties": {"resourceId": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/vnet-b/subnets/web"}},
                {"type": "Microsoft.Authorization/policyDefinitions", "apiVersion": "2021-06-01", "name": "tagged-vnets",
                 "properties": {"mode": "Microsoft.Network.Data", "policyRule": {"if": {"field": "tags['env']", "equals": "prod"},
                   "then": {"effect": "addToNetworkGroup", "details": {"networkGroupId": "[resourceId('Microsoft.Network/networkManagers/networkGroups', 'nm', 'tagged')]"}}}}}
                """);
        assertThat(r.problems()).extracting(Finding::id).doesNotContain("input-error");
        assertThat(r.topology().networkGroups()).extracting(NetworkGroup::name, NetworkGroup::dynamicMembership)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("empty", true),
                        org.assertj.core.groups.Tuple.tuple("tagged", true),
                        org.assertj.core.groups.Tuple.tuple("static", false));
        assertThat(r.topology().networkGroups().get(2).staticMembers()).containsExactly("vnet-b/web");
    }

    @Test
    void whatAzureRejectsIsReported() throws IOException {
        LoadResult r = load("""
                {"type": "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections",
                 "apiVersion": "2024-05-01", "name": "nm/cfg/coll",
                 "properties": {"appliesToGroups": [{"networkGroupId": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/networkManagers/nm/networkGroups/missing"}]}},
                {"type": "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules",
                 "apiVersion": "2024-05-01", "name": "nm/cfg/coll/a", "kind": "Custom",
                 "properties": {"access": "Permit", "direction": "Inbound", "priority": 5000, "protocol": "Http",
                   "sources": [{"addressPrefix": "10.0.0.0/33", "addressPrefixType": "IPPrefix"},
                               {"addressPrefix": "NoSuchTag", "addressPrefixType": "ServiceTag"}],
                   "destinationPortRanges": ["70000"]}},
                {"type": "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules",
                 "apiVersion": "2024-05-01", "name": "nm/cfg/coll/b", "kind": "Custom",
                 "properties": {"access": "Deny", "direction": "Outbound", "priority": 5000, "protocol": "Any"}},
                {"type": "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules",
                 "apiVersion": "2024-05-01", "name": "nm/cfg/coll/c", "kind": "Custom",
                 "properties": {"access": "Deny", "direction": "Outbound", "priority": 7, "protocol": "Any",
                   "destinationPortRange": "22"}}
                """);
        assertThat(r.problems()).extracting(Finding::id).contains("unknown-key");
        List<Finding> problems = AdminRuleValidator.validate(r.topology(), ServiceTags.of("t", List.of()));
        assertThat(problems).extracting(Finding::message)
                .anyMatch(m -> m.contains("priority 5000 is outside 1-4096"))
                .anyMatch(m -> m.contains("access 'Permit'"))
                .anyMatch(m -> m.contains("protocol 'Http'"))
                .anyMatch(m -> m.contains("'10.0.0.0/33' is not an IP address or CIDR"))
                .anyMatch(m -> m.contains("'NoSuchTag' is not a known service tag"))
                .anyMatch(m -> m.contains("'70000'"))
                .anyMatch(m -> m.contains("priority 5000 is also the priority of a"))
                .anyMatch(m -> m.contains("network group 'missing', which is not defined"));
    }

    @Test
    void aNameWithTheWrongNumberOfSegmentsIsReportedNotDropped() throws IOException {
        LoadResult r = load("""
                {"type": "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules",
                 "apiVersion": "2024-05-01", "name": "nm/cfg/r1", "kind": "Custom",
                 "properties": {"access": "Deny", "direction": "Inbound", "priority": 10, "protocol": "Tcp"}}
                """);
        assertThat(r.problems()).extracting(Finding::id).contains("input-error");
        assertThat(r.problems()).extracting(Finding::message)
                .anyMatch(m -> m.contains("'nm/cfg/r1' has 3 name segments, but its type needs 4"));
    }
}
