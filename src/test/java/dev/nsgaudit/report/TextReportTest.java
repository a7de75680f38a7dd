package dev.nsgaudit.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.rules.CatalogRule;
import dev.nsgaudit.rules.RuleCatalog;
import dev.nsgaudit.testing.CheckInput;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console findings say what to do (issue 11): the catalog's remediation and documentation under each finding,
 * as Checkov's "Guide"; findings that differ only by protocol share a line; IPv6 counts as a prefix share.
 */
class TextReportTest {

    @TempDir
    Path tmp;

    /** A dual-stack subnet whose NSG allows every protocol on every port from anywhere. */
    private Path openToEverything() {
        return CheckInput.folder(tmp.resolve("in"), "net.yaml", """
                virtualNetworks:
                  - name: vnet1
                    addressSpace: [10.1.0.0/16, "fd00::/48"]
                    subnets:
                      - name: app
                        addressPrefixes: [10.1.1.0/24, "fd00::/64"]
                        networkSecurityGroup: nsg-app
                networkSecurityGroups:
                  - name: nsg-app
                    securityRules:
                      - name: Allow-All-In
                        priority: 100
                        direction: Inbound
                        access: Allow
                        protocol: "*"
                        sourceAddressPrefix: "*"
                        sourcePortRange: "*"
                        destinationAddressPrefix: "*"
                        destinationPortRange: "*"
                """);
    }

    @Test
    void everyFindingIsFollowedByItsRemediationAndGuide() {
        Cli.Run r = Cli.run("check", openToEverything().toString(), "--fail-on", "info");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        List<String> lines = r.outLines();
        RuleCatalog catalog = RuleCatalog.bundled();
        int findings = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int open = line.indexOf(" [");
            if (open < 0 || line.startsWith(" ") || line.contains(": policy ")) {
                continue;
            }
            String id = line.substring(open + 2, line.indexOf(']', open));
            CatalogRule rule = catalog.rule(id).orElseThrow(() -> new AssertionError("not in the catalog: " + line));
            String firstSentence = rule.remediation().strip().replaceAll("\\s+", " ").split("(?<=\\.) ")[0];
            assertThat(lines.get(i + 1)).as(line).isEqualTo("    fix: " + firstSentence);
            CatalogRule.Reference ref = rule.references().stream().filter(x -> x.url() != null).findFirst().orElseThrow();
            assertThat(lines.get(i + 2)).as(line).isEqualTo("    guide: " + ref.url() + " (" + ref.title() + ")");
            findings++;
        }
        assertThat(findings).isGreaterThan(5);
        assertThat(r.out()).contains("[internet-exposed-ssh]").contains(
                "    fix: Allow the service only from the addresses that need it (an office range, a jump host,"
                        + " Azure Bastion), or deny it explicitly at a higher priority.\n"
                        + "    guide: https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview");
    }

    @Test
    void findingsThatDifferOnlyByProtocolShareALine() {
        Path in = openToEverything();
        CheckInput.Result json = CheckInput.check(in, "--fail-on", "info");
        List<JsonNode> rdp = json.findings("internet-exposed-rdp");
        assertThat(rdp).extracting(f -> f.path("message").asText())
                .anySatisfy(m -> assertThat(m).contains("can open Tcp 3389"))
                .anySatisfy(m -> assertThat(m).contains("can open Udp 3389"));
        Cli.Run r = Cli.run("check", in.toString(), "--fail-on", "info");
        assertThat(r.outLines()).filteredOn(l -> l.contains("[internet-exposed-rdp]")).singleElement().asString()
                .contains("can open Tcp and Udp 3389 to subnet:vnet1/app, for example Tcp ");
        assertThat(r.outLines()).filteredOn(l -> l.contains("[internet-exposed-any-port]")).singleElement()
                .asString().contains("can open Tcp and Udp * (every port)");
        // Different targets or ports stay apart.
        assertThat(r.outLines()).filteredOn(l -> l.contains("[internet-exposed-ssh]")).singleElement().asString()
                .contains("can open Tcp 22 to subnet:vnet1/app");
    }

    @Test
    void ipv6CountsAreAPrefixShare() {
        Cli.Run r = Cli.run("check", openToEverything().toString());
        assertThat(r.out()).contains("3,702,390,783 IPv4 Internet addresses and more than a /1 of the IPv6 Internet"
                + " can open Tcp 22").doesNotContain("2^");
    }
}
