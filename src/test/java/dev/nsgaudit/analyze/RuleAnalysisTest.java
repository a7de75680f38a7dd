package dev.nsgaudit.analyze;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.nsgaudit.analyze.AnalysisFixture.findings;
import static dev.nsgaudit.analyze.AnalysisFixture.rule;
import static dev.nsgaudit.analyze.AnalysisFixture.withId;
import static org.assertj.core.api.Assertions.assertThat;

/** Shadowed, redundant, correlated and generalization findings, decided over the whole header space. */
class RuleAnalysisTest {

    @TempDir
    Path dir;

    private static String nsg(String... rules) {
        return "networkSecurityGroups:\n  - name: nsg\n    securityRules:\n" + String.join("", rules);
    }

    @Test
    void shadowingThatNeedsTwoRulesTogether() {
        List<Finding> f = findings(dir, nsg(
                rule("Deny-All-Mgmt", 200, "Deny", "Tcp", "0.0.0.0/1", "*", "22"),
                rule("Deny-Jump", 250, "Deny", "Tcp", "128.0.0.0/1", "*", "22"),
                rule("Allow-SSH-Admins", 300, "Allow", "Tcp", "198.51.100.0/24", "*", "22")));
        List<Finding> shadowed = withId(f, "shadowed-rule");
        assertThat(shadowed).hasSize(1);
        assertThat(shadowed.get(0).rule()).isEqualTo("Allow-SSH-Admins");
        assertThat(shadowed.get(0).severity()).isEqualTo(Severity.ERROR);
        // 198.51.100.0/24 lies in 128.0.0.0/1 alone: the minimal blocking set is Deny-Jump.
        assertThat(shadowed.get(0).relatedRules()).containsExactly("Deny-Jump");
    }

    @Test
    void shadowingThatReallyNeedsThreeRules() {
        List<Finding> f = findings(dir, nsg(
                rule("Deny-Low", 100, "Deny", "Tcp", "*", "*", "0-1000"),
                rule("Deny-Mid", 110, "Deny", "Tcp", "*", "*", "1001-2000"),
                rule("Allow-High", 120, "Allow", "Tcp", "*", "*", "2001-65535"),
                rule("Allow-Any-Tcp", 300, "Allow", "Tcp", "*", "*", "*")));
        Finding shadowed = withId(f, "shadowed-rule").get(0);
        assertThat(shadowed.rule()).isEqualTo("Allow-Any-Tcp");
        assertThat(shadowed.relatedRules()).containsExactly("Deny-Low", "Deny-Mid", "Allow-High");
    }

    @Test
    void coveredOnlyBySameActionRulesIsRedundantNotShadowed() {
        List<Finding> f = findings(dir, nsg(
                rule("Allow-Web", 100, "Allow", "Tcp", "*", "*", "[\"80\", \"443\"]"),
                rule("Allow-Http", 200, "Allow", "Tcp", "Internet", "*", "80")));
        assertThat(withId(f, "shadowed-rule")).isEmpty();
        Finding redundant = withId(f, "redundant-rule").get(0);
        assertThat(redundant.rule()).isEqualTo("Allow-Http");
        assertThat(redundant.relatedRules()).containsExactly("Allow-Web");
    }

    @Test
    void redundantOnlyBecauseOfTheDefaultDeny() {
        List<Finding> f = findings(dir, nsg(
                rule("Deny-Telnet", 100, "Deny", "Tcp", "Internet", "*", "23")));
        Finding redundant = withId(f, "redundant-rule").get(0);
        assertThat(redundant.rule()).isEqualTo("Deny-Telnet");
        assertThat(redundant.relatedRules()).containsExactly("DenyAllInBound");
    }

    @Test
    void aDenyThatChangesSomethingIsNotRedundant() {
        // VirtualNetwork traffic would be allowed by AllowVnetInBound: this deny matters.
        List<Finding> f = findings(dir, nsg(
                rule("Deny-Vnet-Telnet", 100, "Deny", "Tcp", "VirtualNetwork", "*", "23")));
        assertThat(withId(f, "redundant-rule")).isEmpty();
    }

    @Test
    void shadowedOnlyOnIpv6() {
        List<Finding> f = findings(dir, nsg(
                rule("Deny-V6", 100, "Deny", "*", "::/0", "*", "*"),
                rule("Allow-V6-Web", 200, "Allow", "Tcp", "2001:db8::/32", "*", "443"),
                rule("Allow-V4-Web", 210, "Allow", "Tcp", "203.0.113.0/24", "*", "443")));
        assertThat(withId(f, "shadowed-rule")).extracting(Finding::rule).containsExactly("Allow-V6-Web");
    }

    @Test
    void portRangesSplitAcrossRules() {
        List<Finding> f = findings(dir, nsg(
                rule("Deny-A", 100, "Deny", "Udp", "*", "*", "1000-1499"),
                rule("Deny-B", 110, "Deny", "Udp", "*", "*", "1500-2000"),
                rule("Allow-Range", 120, "Allow", "Udp", "*", "*", "1200-1800"),
                rule("Allow-Wider", 130, "Allow", "Udp", "*", "*", "1200-2001")));
        assertThat(withId(f, "shadowed-rule")).extracting(Finding::rule).containsExactly("Allow-Range");
    }

    @Test
    void correlatedAndGeneralization() {
        List<Finding> f = findings(dir, nsg(
                // Private sources: without these rules AllowVnetInBound (D3: 10.0.0.0/8) would allow them.
                rule("Deny-Office-Rdp", 100, "Deny", "Tcp", "10.1.1.0/24", "*", "3389"),
                rule("Allow-Office", 110, "Allow", "Tcp", "10.1.0.0/16", "*", "*"),
                rule("Deny-Mgmt-Ports", 120, "Deny", "Tcp", "10.0.0.0/8", "*", "3380-3400")));
        assertThat(withId(f, "generalization")).extracting(Finding::rule).containsExactly("Allow-Office");
        assertThat(withId(f, "generalization").get(0).relatedRules()).containsExactly("Deny-Office-Rdp");
        assertThat(withId(f, "correlated-rules")).extracting(Finding::rule).containsExactly("Deny-Mgmt-Ports");
        assertThat(withId(f, "correlated-rules").get(0).relatedRules()).containsExactly("Allow-Office");
    }

    @Test
    void serviceTagsAreSetsToo() {
        // Storage.WestUS is a part of Storage: allowing Storage first shadows a later deny of Storage.WestUS.
        List<Finding> f = findings(dir, "networkSecurityGroups:\n  - name: nsg\n    securityRules:\n"
                + rule("Allow-Storage", 100, "Outbound", "Allow", "Tcp", "*", "Storage", "443")
                + rule("Deny-Storage-WestUS", 200, "Outbound", "Deny", "Tcp", "*", "Storage.WestUS", "443"));
        assertThat(withId(f, "shadowed-rule")).extracting(Finding::rule).containsExactly("Deny-Storage-WestUS");
    }

    @Test
    void asgTermsAreADimensionOfTheirOwn() {
        String yaml = "applicationSecurityGroups:\n  - name: AsgWeb\n  - name: AsgDb\n"
                + "networkSecurityGroups:\n  - name: nsg\n    securityRules:\n"
                + rule("Deny-To-Web", 100, "Deny", "*", "*", "asg:AsgWeb", "*")
                + rule("Allow-To-Web-80", 110, "Allow", "Tcp", "*", "asg:AsgWeb", "80")
                + rule("Allow-To-Db", 120, "Allow", "Tcp", "*", "asg:AsgDb", "1433");
        List<Finding> f = findings(dir, yaml);
        assertThat(withId(f, "shadowed-rule")).extracting(Finding::rule).containsExactly("Allow-To-Web-80");
        assertThat(withId(f, "empty-asg-reference")).extracting(Finding::rule)
                .containsExactlyInAnyOrder("Deny-To-Web", "Allow-To-Web-80", "Allow-To-Db");
    }

    @Test
    void unattachedNsgIsReported() {
        List<Finding> f = findings(dir, nsg(rule("Allow-Web", 100, "Allow", "Tcp", "*", "*", "443")));
        assertThat(withId(f, "unattached-nsg")).hasSize(1);
        assertThat(withId(f, "unattached-nsg").get(0).severity()).isEqualTo(Severity.INFO);
    }
}
