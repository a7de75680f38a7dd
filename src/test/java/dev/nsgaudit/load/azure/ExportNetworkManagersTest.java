package dev.nsgaudit.load.azure;

import dev.nsgaudit.load.InputLoader;
import dev.nsgaudit.load.LoadResult;
import dev.nsgaudit.model.AddressPrefixItem;
import dev.nsgaudit.model.AdminRule;
import dev.nsgaudit.model.AdminRuleCollection;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.NetworkGroup;
import dev.nsgaudit.model.SecurityAdminConfiguration;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Virtual Network Manager resources exported with the az network manager commands (hand-written from the documented
 * shapes: az's flattened objects for groups, members, configurations and collections, the REST shape with
 * {@code properties} for rules), read beside the estate export of sub-a.
 */
class ExportNetworkManagersTest {

    private static final String SUB = "@11111111-1111-1111-1111-111111111111";

    private static LoadResult load() {
        return InputLoader.load(List.of(Path.of("src/test/resources/azexport/estate/sub-a"),
                Path.of("src/test/resources/avnm/export")));
    }

    @Test
    void groupsMembersConfigurationsCollectionsAndRulesAreMatchedById() {
        LoadResult r = load();
        assertThat(r.problems()).extracting(Finding::id).doesNotContain("input-error", "duplicate-definition");
        List<NetworkGroup> groups = r.topology().networkGroups();
        assertThat(groups).extracting(NetworkGroup::qualifiedName)
                .containsExactly("nm-corp@rg-net" + SUB + "/grp-prod", "nm-corp@rg-net" + SUB + "/grp-dev");
        assertThat(groups.get(0).staticMembers()).containsExactly("vnet-prod@rg-prod" + SUB);
        assertThat(groups.get(0).membershipKnown()).isTrue();
        assertThat(groups.get(0).description()).isEqualTo("Production virtual networks");
        // Exported without static members: filled by Azure Policy, or its members were not exported.
        assertThat(groups.get(1).dynamicMembership()).isTrue();

        SecurityAdminConfiguration config = r.topology().securityAdminConfigurations().get(0);
        assertThat(config.name()).isEqualTo("cfg-baseline");
        assertThat(config.description()).isEqualTo("Corporate baseline");
        assertThat(config.ruleCollections()).extracting(AdminRuleCollection::name)
                .containsExactly("coll-prod", "coll-dev");
        assertThat(config.ruleCollections().get(0).appliesToGroups()).containsExactly("grp-prod");
        AdminRule ssh = config.ruleCollections().get(0).rules().get(0);
        assertThat(ssh.name()).isEqualTo("deny-ssh");
        assertThat(ssh.kind()).isEqualTo("Custom");
        assertThat(ssh.priority()).isEqualTo(100);
        assertThat(ssh.access()).isEqualTo("Deny");
        assertThat(ssh.sources()).containsExactly(AddressPrefixItem.serviceTag("Internet"));
        assertThat(ssh.destinationPortRanges()).containsExactly("22");
        assertThat(ssh.source().file()).endsWith("rules.json");
    }

    @Test
    void anAvnmExportAloneIsAnExport() {
        assertThat(AzureExportLoader.looksLikeExport(Path.of("src/test/resources/avnm/export/groups.json"))).isTrue();
        assertThat(AzureExportLoader.looksLikeExport(Path.of("src/test/resources/avnm/export/rules.json"))).isTrue();
    }
}
