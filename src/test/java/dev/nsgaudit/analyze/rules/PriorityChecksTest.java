package dev.nsgaudit.analyze.rules;

import dev.nsgaudit.analyze.Analyzer;
import dev.nsgaudit.load.InputLoader;
import dev.nsgaudit.load.LoadResult;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.nsgaudit.testing.Net.inbound;
import static dev.nsgaudit.testing.Net.outbound;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The priority checks of SPEC section 2 as the validator reports them for YAML input (duplicate-priority per
 * direction, invalid-priority outside 100-4096, with file and line), and what the analysis does with an NSG Azure
 * would reject: where two rules of the same priority and different access both match, the evaluator calls the
 * verdict undefined, so a policy about such packets is inconclusive and neither rule is called dead.
 */
class PriorityChecksTest {

    @TempDir
    Path dir;

    private static String rule(String name, int priority, String direction, String access, String port) {
        return "      - name: " + name + "\n"
                + "        priority: " + priority + "\n"
                + "        direction: " + direction + "\n"
                + "        access: " + access + "\n"
                + "        protocol: Tcp\n"
                + "        sourceAddressPrefix: \"*\"\n"
                + "        sourcePortRange: \"*\"\n"
                + "        destinationAddressPrefix: \"*\"\n"
                + "        destinationPortRange: \"" + port + "\"\n";
    }

    private LoadResult load(String yaml) throws IOException {
        LoadResult loaded = InputLoader.load(List.of(Files.writeString(dir.resolve("nsg.yaml"), yaml)));
        assertThat(loaded.problems()).isEmpty();
        return loaded;
    }

    private static int lineOf(String yaml, String text) {
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text);
    }

    @Test
    void duplicatePriorityInOneDirectionWithFileAndLine() throws IOException {
        String yaml = "networkSecurityGroups:\n  - name: nsg\n    securityRules:\n"
                + rule("Allow-Web", 200, "Inbound", "Allow", "443")
                + rule("Deny-Web", 200, "Inbound", "Deny", "443")
                + rule("Allow-Out", 200, "Outbound", "Allow", "443")   // other direction: fine
                + rule("Deny-Out", 201, "Outbound", "Deny", "443");
        LoadResult loaded = load(yaml);
        List<Finding> f = new RuleValidator(ServiceTags.bundled(), loaded.topology()).validate();
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.id()).isEqualTo("duplicate-priority");
            assertThat(x.severity()).isEqualTo(Severity.ERROR);
            assertThat(x.networkSecurityGroup()).isEqualTo("nsg");
            assertThat(x.rule()).isEqualTo("Deny-Web");
            assertThat(x.relatedRules()).containsExactly("Allow-Web");
            assertThat(x.location().file()).endsWith("nsg.yaml");
            assertThat(x.location().line()).isEqualTo(lineOf(yaml, "name: Deny-Web"));
        });
    }

    @Test
    void prioritiesOutside100To4096AreInvalidTheBoundsAreNot() throws IOException {
        String yaml = "networkSecurityGroups:\n  - name: nsg\n    securityRules:\n"
                + rule("Lowest", 100, "Inbound", "Allow", "80")
                + rule("Highest", 4096, "Inbound", "Allow", "81")
                + rule("Too-Low", 99, "Inbound", "Allow", "82")
                + rule("Too-High", 4097, "Outbound", "Allow", "83")
                + rule("Like-A-Default", 65000, "Outbound", "Deny", "84");
        LoadResult loaded = load(yaml);
        List<Finding> f = new RuleValidator(ServiceTags.bundled(), loaded.topology()).validate();
        assertThat(f).extracting(Finding::id).containsOnly("invalid-priority");
        assertThat(f).extracting(Finding::rule).containsExactlyInAnyOrder("Too-Low", "Too-High", "Like-A-Default");
        assertThat(f).allSatisfy(x -> {
            assertThat(x.severity()).isEqualTo(Severity.ERROR);
            assertThat(x.location().line()).isEqualTo(lineOf(yaml, "name: " + x.rule()));
        });
    }

    @Test
    void duplicatePriorityIsAlsoCaughtAcrossSpellingsOfTheDirection() throws IOException {
        String yaml = "networkSecurityGroups:\n  - name: nsg\n    securityRules:\n"
                + rule("A", 300, "Inbound", "Allow", "80")
                + rule("B", 300, "inbound", "Allow", "81");
        List<Finding> f = new RuleValidator(ServiceTags.bundled(), load(yaml).topology()).validate();
        assertThat(f).extracting(Finding::id).containsExactly("duplicate-priority");
    }

    // ---- what the analysis makes of a tie -----------------------------------------------------------------------------

    private static Net tie() {
        return Net.network()
                .vnet("vnet", "10.0.0.0/16")
                .subnet("vnet/web", "10.0.1.0/24", "nsg")
                .nic("web-1", "vnet/web", "10.0.1.4", null)
                .nsg("nsg",
                        inbound("Allow-Web", 200, "Allow").protocol("Tcp").destinationPortRange("443").build(),
                        inbound("Deny-Web", 200, "Deny").protocol("Tcp").destinationPortRange("443").build(),
                        inbound("Deny-Telnet", 300, "Deny").protocol("Tcp").destinationPortRange("23").build(),
                        outbound("Allow-Out", 100, "Allow").build());
    }

    private static Policy policy(String name, String to, String ports, Policy.Expect expect) {
        return new Policy(name, null, "Internet", to, "Tcp", ports, "*", expect, Severity.ERROR, SourceRef.UNKNOWN);
    }

    @Test
    void aPolicyDecidedByTwoRulesOfTheSamePriorityIsInconclusive() {
        // The evaluator says so for one packet: which of the two decides is undefined.
        assertThat(tie().verify("web-1", "Inbound", "TCP", "10.0.1.4:443", "198.51.100.7:50000").conclusive())
                .isFalse();
        try (Analyzer a = new Analyzer(tie().topology(), ServiceTags.bundled())) {
            List<PolicyResult> r = a.checkPolicies(List.of(
                    policy("https-open", "nic:web-1", "443", Policy.Expect.ALLOW),
                    policy("https-closed", "nic:web-1", "443", Policy.Expect.DENY),
                    policy("telnet-closed", "nic:web-1", "23", Policy.Expect.DENY)));
            assertThat(r).extracting(PolicyResult::status).containsExactly(PolicyResult.Status.INCONCLUSIVE,
                    PolicyResult.Status.INCONCLUSIVE, PolicyResult.Status.PASS);
        }
    }

    @Test
    void neitherRuleOfATieIsCalledDead() {
        try (Analyzer a = new Analyzer(tie().topology(), ServiceTags.bundled())) {
            List<Finding> f = a.ruleFindings();
            assertThat(f).filteredOn(x -> List.of("shadowed-rule", "redundant-rule").contains(x.id()))
                    .extracting(Finding::rule).doesNotContain("Allow-Web", "Deny-Web");
        }
    }
}
