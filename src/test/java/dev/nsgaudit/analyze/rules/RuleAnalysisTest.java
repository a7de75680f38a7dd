package dev.nsgaudit.analyze.rules;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.nsgaudit.analyze.rules.AnalysisFixture.findings;
import static dev.nsgaudit.analyze.rules.AnalysisFixture.rule;
import static dev.nsgaudit.analyze.rules.AnalysisFixture.withId;
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

    /** Two VNets: AsgWeb's members at 10.0.1.4 (static) and AsgDb's at 10.0.2.4; nic-plain in no ASG. */
    private static final String MEMBERS = "virtualNetworks:\n"
            + "  - name: vnet\n    addressSpace: [10.0.0.0/16]\n    subnets:\n"
            + "      - name: web\n        addressPrefix: 10.0.1.0/24\n"
            + "      - name: db\n        addressPrefix: 10.0.2.0/24\n"
            + "applicationSecurityGroups:\n  - name: AsgWeb\n  - name: AsgDb\n  - name: AsgEmpty\n"
            + "networkInterfaces:\n"
            + "  - name: nic-web\n    subnet: vnet/web\n    privateIPAddress: 10.0.1.4\n"
            + "    applicationSecurityGroups: [AsgWeb]\n"
            + "  - name: nic-db\n    subnet: vnet/db\n    privateIPAddress: 10.0.2.4\n"
            + "    applicationSecurityGroups: [AsgDb]\n"
            + "  - name: nic-plain\n    subnet: vnet/web\n    privateIPAddress: 10.0.1.5\n";

    @Test
    void asgTermsAreADimensionOfTheirOwn() {
        String yaml = MEMBERS + nsg(
                rule("Deny-To-Web", 100, "Deny", "*", "*", "asg:AsgWeb", "*"),
                rule("Allow-To-Web-80", 110, "Allow", "Tcp", "*", "asg:AsgWeb", "80"),
                rule("Allow-To-Db", 120, "Allow", "Tcp", "*", "asg:AsgDb", "1433"));
        List<Finding> f = findings(dir, yaml);
        assertThat(withId(f, "shadowed-rule")).extracting(Finding::rule).containsExactly("Allow-To-Web-80");
        assertThat(withId(f, "redundant-rule")).isEmpty();
        assertThat(withId(f, "empty-asg-reference")).isEmpty();
    }

    /** Issue 10 item 2: rule 200 decides nothing (rule 100 denies all of 443 first), so 300 is only redundant. */
    @Test
    void anEarlierRuleCountsOnlyForWhatItDecides() {
        List<Finding> f = findings(dir, nsg(
                rule("Deny-Low", 100, "Deny", "Tcp", "*", "*", "0-1023"),
                rule("Allow-Https", 200, "Allow", "Tcp", "*", "*", "443"),
                rule("Deny-Https", 300, "Deny", "Tcp", "*", "*", "443")));
        assertThat(withId(f, "shadowed-rule")).extracting(Finding::rule).containsExactly("Allow-Https");
        Finding redundant = withId(f, "redundant-rule").get(0);
        assertThat(withId(f, "redundant-rule")).hasSize(1);
        assertThat(redundant.rule()).isEqualTo("Deny-Https");
        assertThat(redundant.relatedRules()).containsExactly("Deny-Low");
    }

    /** Issue 10 item 1: the only member of AsgWeb is at 10.0.1.4, which an earlier Deny covers. */
    @Test
    void anAsgRuleWhoseMembersAreAllCoveredIsShadowed() {
        List<Finding> f = findings(dir, MEMBERS + nsg(
                rule("Deny-Web-Host", 100, "Deny", "Tcp", "*", "10.0.1.4", "443"),
                rule("Allow-To-Web", 200, "Allow", "Tcp", "*", "asg:AsgWeb", "443")));
        Finding shadowed = withId(f, "shadowed-rule").get(0);
        assertThat(shadowed.rule()).isEqualTo("Allow-To-Web");
        assertThat(shadowed.relatedRules()).containsExactly("Deny-Web-Host");
    }

    /** A rule naming an ASG without members never matches: redundant as well as an empty reference. */
    @Test
    void aRuleNamingAnEmptyAsgIsRedundant() {
        List<Finding> f = findings(dir, MEMBERS + nsg(
                rule("Allow-To-Empty", 100, "Allow", "Tcp", "*", "asg:AsgEmpty", "443")));
        assertThat(withId(f, "redundant-rule")).extracting(Finding::rule).containsExactly("Allow-To-Empty");
        assertThat(withId(f, "redundant-rule").get(0).message()).contains("AsgEmpty", "no member");
        assertThat(withId(f, "empty-asg-reference")).extracting(Finding::rule).containsExactly("Allow-To-Empty");
    }

    /**
     * Deny 10.0.1.0/24 and Allow AsgDb overlap only at addresses of 10.0.1.0/24 with AsgDb membership, which no host
     * has (AsgDb's member is 10.0.2.4): not correlated. The same rules against 10.0.0.0/16 are a generalization.
     */
    @Test
    void anOverlapNoHostCanProduceIsNotCorrelated() {
        List<Finding> f = findings(dir, MEMBERS + nsg(
                rule("Deny-Web-Subnet", 100, "Deny", "Tcp", "*", "10.0.1.0/24", "*"),
                rule("Allow-To-Db", 200, "Allow", "Tcp", "*", "asg:AsgDb", "1433")));
        assertThat(withId(f, "correlated-rules")).isEmpty();
        assertThat(withId(f, "generalization")).isEmpty();
    }

    @Test
    void unattachedNsgIsReported() {
        List<Finding> f = findings(dir, nsg(rule("Allow-Web", 100, "Allow", "Tcp", "*", "*", "443")));
        assertThat(withId(f, "unattached-nsg")).hasSize(1);
        assertThat(withId(f, "unattached-nsg").get(0).severity()).isEqualTo(Severity.INFO);
    }
}
