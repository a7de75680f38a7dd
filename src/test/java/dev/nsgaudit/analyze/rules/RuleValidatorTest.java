package dev.nsgaudit.analyze.rules;

import dev.nsgaudit.load.InputLoader;
import dev.nsgaudit.load.LoadResult;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static dev.nsgaudit.testing.Net.inbound;
import static dev.nsgaudit.testing.Net.outbound;
import static org.assertj.core.api.Assertions.assertThat;

class RuleValidatorTest {

    private static List<Finding> validate(SecurityRule... rules) {
        return new RuleValidator(ServiceTags.bundled(), Net.network().asg("AsgWeb").nsg("nsg", rules).topology())
                .validate();
    }

    private static List<String> ids(List<Finding> findings) {
        return findings.stream().map(Finding::id).toList();
    }

    private static SecurityRule ok(String name, int priority) {
        return inbound(name, priority, "Allow").protocol("Tcp").destinationPortRange("443").build();
    }

    @Test
    void aValidRuleSetHasNoFindings() {
        assertThat(validate(ok("A", 100), ok("B", 4096), outbound("C", 100, "Deny").build())).isEmpty();
    }

    @Test
    void theExampleHasNoFindings() {
        LoadResult loaded = InputLoader.load(List.of(Path.of("examples/three-tier")));

        assertThat(loaded.problems()).isEmpty();
        assertThat(new RuleValidator(ServiceTags.bundled(), loaded.topology()).validate()).isEmpty();
    }

    @Test
    void duplicatePriorityInOneDirection() {
        List<Finding> findings = validate(ok("First", 200), ok("Second", 200), outbound("Out", 200, "Allow").build());

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("duplicate-priority");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.networkSecurityGroup()).isEqualTo("nsg");
            assertThat(f.rule()).isEqualTo("Second");
            assertThat(f.relatedRules()).containsExactly("First");
            assertThat(f.message()).contains("SecurityRuleConflict").contains("200").contains("Inbound");
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 99, 4097, 65000})
    void priorityOutside100To4096IsInvalid(int priority) {
        List<Finding> findings = validate(ok("P", priority));

        assertThat(ids(findings)).containsExactly("invalid-priority");
        assertThat(findings.get(0).severity()).isEqualTo(Severity.ERROR);
        assertThat(findings.get(0).message()).contains(Integer.toString(priority)).contains("100-4096");
    }

    @Test
    void duplicateRuleNamesAreCaseInsensitive() {
        List<Finding> findings = validate(ok("Allow-Web", 100), ok("allow-WEB", 110));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("duplicate-rule-name");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.rule()).isEqualTo("allow-WEB");
            assertThat(f.relatedRules()).containsExactly("Allow-Web");
        });
    }

    @Test
    void aBadPortIsAnInvalidRule() {
        List<Finding> findings = validate(inbound("Bad-Port", 100, "Allow").destinationPortRange("http").build());

        assertThat(ids(findings)).containsExactly("invalid-rule");
        assertThat(findings.get(0).message()).contains("Bad-Port").contains("'http'");
    }

    @Test
    void aCommaListInTheSingularPortFieldIsAnInvalidRule() {
        assertThat(validate(inbound("Comma", 100, "Allow").destinationPortRange("80,443").build()))
                .singleElement().satisfies(f -> {
                    assertThat(f.id()).isEqualTo("invalid-rule");
                    assertThat(f.message()).contains("comma list");
                });
    }

    @Test
    void aStarInThePluralPortFieldIsAnInvalidRule() {
        assertThat(ids(validate(inbound("StarPlural", 100, "Allow").destinationPortRange(null)
                .destinationPortRanges(List.of("80", "*")).build()))).containsExactly("invalid-rule");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.256/24", "10.0.0/24", "2001:db8::g/32"})
    void aBadCidrIsAnInvalidRule(String prefix) {
        List<Finding> findings = validate(inbound("Bad-Cidr", 100, "Allow").sourceAddressPrefix(prefix).build());

        assertThat(ids(findings)).containsExactly("invalid-rule");
        assertThat(findings.get(0).message()).contains("sourceAddressPrefix").contains(prefix.split("/")[0]);
    }

    @Test
    void anUnknownServiceTagIsAnInvalidRule() {
        List<Finding> findings = validate(inbound("Bad-Tag", 100, "Allow").sourceAddressPrefix("Storage.Atlantis")
                .build());

        assertThat(ids(findings)).containsExactly("invalid-rule");
        assertThat(findings.get(0).message()).contains("Storage.Atlantis");
    }

    @Test
    void aTagInThePluralFieldIsAnInvalidRule() {
        List<Finding> findings = validate(inbound("Tag-Plural", 100, "Allow").sourceAddressPrefix(null)
                .sourceAddressPrefixes(List.of("10.0.0.0/8", "AzureLoadBalancer")).build());

        assertThat(ids(findings)).containsExactly("invalid-rule");
        assertThat(findings.get(0).message()).contains("AzureLoadBalancer");
    }

    @Test
    void prefixAndAsgOnOneSideIsAnInvalidRule() {
        List<Finding> findings = validate(inbound("Both", 100, "Allow").destinationAddressPrefix("10.0.1.0/24")
                .destinationApplicationSecurityGroups(List.of("AsgWeb")).build());

        assertThat(ids(findings)).containsExactly("invalid-rule");
        assertThat(findings.get(0).message()).contains("more than one of");
    }

    @Test
    void mixingIpv4AndIpv6InOneRuleIsAnInvalidRule() {
        List<Finding> findings = validate(inbound("Mixed", 100, "Allow").sourceAddressPrefix("10.0.0.0/8")
                .destinationAddressPrefix("2001:db8::/32").build());

        assertThat(ids(findings)).containsExactly("invalid-rule");
        assertThat(findings.get(0).message()).contains("ResourceCannotContainAddressPrefixesFromDifferentAddressFamilies");
        assertThat(validate(inbound("Same", 100, "Allow").sourceAddressPrefix("2001:db8:1::/48")
                .destinationAddressPrefix("2001:db8::/32").build())).isEmpty();
    }

    @Test
    void eachMissingRequiredFieldIsOneInvalidRule() {
        SecurityRule bare = SecurityRule.builder("Bare").direction(null).access(null).protocol(null)
                .sourceAddressPrefix("*").sourcePortRange("*").destinationAddressPrefix("*").destinationPortRange("*")
                .build();

        List<Finding> findings = validate(bare);

        assertThat(ids(findings)).containsExactly("invalid-rule", "invalid-rule", "invalid-rule", "invalid-rule");
        assertThat(findings).extracting(Finding::message).containsExactly(
                "rule Bare: priority is missing (Azure requires protocol, access, priority and direction)",
                "rule Bare: direction is missing (Azure requires protocol, access, priority and direction)",
                "rule Bare: access is missing (Azure requires protocol, access, priority and direction)",
                "rule Bare: protocol is missing (Azure requires protocol, access, priority and direction)");
    }

    @Test
    void missingOrUnknownFieldsAreInvalidRules() {
        assertThat(ids(validate(inbound("Dir", 100, "Allow").direction("Sideways").build())))
                .containsExactly("invalid-rule");
        assertThat(ids(validate(inbound("Acc", 100, "Permit").build()))).containsExactly("invalid-rule");
        assertThat(ids(validate(inbound("Proto", 100, "Allow").protocol("Gre").build())))
                .containsExactly("invalid-rule");
        assertThat(ids(validate(inbound("Bad name!", 100, "Allow").build()))).containsExactly("invalid-rule");
    }

    @Test
    void hostBitsInAPrefixAreANonCanonicalPrefixWarning() {
        List<Finding> findings = validate(inbound("Host-Bits", 100, "Allow").sourceAddressPrefix("10.0.0.5/24").build());

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("non-canonical-prefix");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.rule()).isEqualTo("Host-Bits");
            assertThat(f.message()).contains("10.0.0.5/24").contains("10.0.0.0/24");
        });
    }

    @Test
    void restrictedPortsOnAPortlessProtocolAreReported() {
        List<Finding> findings = validate(inbound("Icmp-80", 100, "Allow").protocol("Icmp")
                .destinationPortRange("80").build());

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("ports-ignored-for-protocol");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("Icmp");
        });
        assertThat(ids(validate(inbound("Esp-Src", 100, "Allow").protocol("Esp").sourcePortRange("500").build())))
                .containsExactly("ports-ignored-for-protocol");
        assertThat(validate(inbound("Icmp-All", 100, "Allow").protocol("Icmp").build())).isEmpty();
        assertThat(validate(inbound("Any-80", 100, "Allow").protocol("*").destinationPortRange("80").build()))
                .as("protocol * still has ports for Tcp and Udp").isEmpty();
    }

    @Test
    void findingsOfSeveralNsgsNameTheirNsg() {
        var topology = Net.network()
                .nsg("nsg-a", ok("X", 100), ok("Y", 100))
                .nsg("nsg-b", ok("X", 99))
                .topology();

        List<Finding> findings = new RuleValidator(ServiceTags.bundled(), topology).validate();

        assertThat(findings).extracting(Finding::id, Finding::networkSecurityGroup).containsExactly(
                org.assertj.core.groups.Tuple.tuple("duplicate-priority", "nsg-a"),
                org.assertj.core.groups.Tuple.tuple("invalid-priority", "nsg-b"));
    }
}
