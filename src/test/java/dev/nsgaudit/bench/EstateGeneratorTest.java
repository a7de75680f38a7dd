package dev.nsgaudit.bench;

import dev.nsgaudit.analyze.rules.RuleValidator;
import dev.nsgaudit.load.InputLoader;
import dev.nsgaudit.load.LoadResult;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.report.ShowWriter;
import dev.nsgaudit.semantics.ServiceTags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The estate of {@link EstateGenerator} is valid input of the shape bench/README.md describes, and reproducible. */
class EstateGeneratorTest {

    @Test
    void twoNetworksLoadWithoutInputErrorsInTheEstatesShape(@TempDir Path dir) throws IOException {
        EstateGenerator generator = new EstateGenerator(0.01, EstateGenerator.DEFAULT_SEED);
        for (int v = 0; v < 2; v++) {
            Files.writeString(dir.resolve("vnet-" + v + ".yaml"), ShowWriter.yaml(generator.network(v)));
        }

        LoadResult loaded = InputLoader.load(List.of(dir));
        List<Finding> problems = new ArrayList<>(loaded.problems());
        problems.addAll(new RuleValidator(ServiceTags.bundled(), loaded.topology()).validate());
        assertThat(problems).filteredOn(f -> f.severity() == Severity.ERROR).isEmpty();

        Topology t = loaded.topology();
        assertThat(t.virtualNetworks()).hasSize(2);
        assertThat(t.networkInterfaces()).hasSize(2 * EstateGenerator.NICS_PER_VNET);
        assertThat(t.networkSecurityGroups()).hasSize(2 * EstateGenerator.NSGS_PER_VNET);
        assertThat(t.applicationSecurityGroups()).hasSize(2 * EstateGenerator.ASGS_PER_VNET);
        // Every tenth NSG of the estate has 1,000 rules, the others 20-100.
        for (int i = 0; i < t.networkSecurityGroups().size(); i++) {
            NetworkSecurityGroup nsg = t.networkSecurityGroups().get(i);
            if (i % 10 == 0) {
                assertThat(nsg.securityRules()).as(nsg.name()).hasSize(1000);
            } else {
                assertThat(nsg.securityRules().size()).as(nsg.name()).isBetween(20, 100);
            }
        }
        List<IpConfiguration> ips = t.networkInterfaces().stream().flatMap(n -> n.ipConfigurations().stream())
                .toList();
        assertThat(ips).anyMatch(IpConfiguration::isDynamic).anyMatch(ip -> !ip.isDynamic())
                .anyMatch(ip -> !ip.applicationSecurityGroups().isEmpty());
        assertThat(t.peersOf(t.virtualNetwork("vnet-000").orElseThrow())).extracting(v -> v.name())
                .containsExactly("vnet-001");
        assertThat(t.subnets()).anyMatch(s -> s.subnet().networkSecurityGroup() == null);
    }

    @Test
    void theSameSeedGivesTheSameEstate() {
        String first = ShowWriter.yaml(new EstateGenerator(0.01, 7).network(0));
        String again = ShowWriter.yaml(new EstateGenerator(0.01, 7).network(0));
        String other = ShowWriter.yaml(new EstateGenerator(0.01, 8).network(0));
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }
}
