package dev.nsgaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.report.Json;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.nsgaudit.testing.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/** show, verify, effective, check and diff end to end on exported Azure state of two subscriptions. */
class AzureExportCommandTest {

    private static final Path ESTATE = Path.of("src/test/resources/azexport/estate");
    private static final Path NSGS = ESTATE.resolve("sub-a/nsgs.json");
    private static final String A = "@rg-prod@11111111-1111-1111-1111-111111111111";
    private static final String B = "@rg-shared@22222222-2222-2222-2222-222222222222";
    /** The one warning of the estate: a NIC that is still being updated. */
    private static final String UPDATING = ESTATE.resolve("sub-b/nics.json") + ":2:3: warning [input-warning]"
            + " network interface nic-jump" + B + " has provisioningState Updating";

    private static JsonNode json(String text) throws IOException {
        return Json.MAPPER.readTree(text);
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    @Test
    void verifyUsesTheAssignedAddressesAndAsgsOfBothSubscriptions() throws IOException {
        Cli.Run https = run("verify", "--nic", "nic-web-1" + A, "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.1.1.4:443", "--remote", "203.0.113.7:50000", ESTATE.toString());
        assertThat(https.code()).as(https.toString()).isZero();
        assertThat(https.err()).startsWith(UPDATING);
        JsonNode answer = json(https.out());
        assertThat(answer.get("access").asText()).isEqualTo("Allow");
        assertThat(answer.get("ruleName").asText()).isEqualTo("securityRules/Allow-HTTPS-Inbound");
        assertThat(answer.get("networkSecurityGroup").asText()).isEqualTo("nsg-web" + A);
        assertThat(answer.get("evaluations").get(0).get("appliedTo").asText()).isEqualTo("subnet:vnet-prod" + A + "/web");

        // nic-web-1 was allocated dynamically, but its address is known: a definite answer, no D8 uncertainty.
        Cli.Run app = run("verify", "--nic", "nic-app-1" + A, "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.1.2.4:8080", "--remote", "10.1.1.4:50000", ESTATE.toString());
        assertThat(app.code()).as(app.toString()).isZero();
        assertThat(json(app.out()).get("ruleName").asText()).isEqualTo("securityRules/Allow-App-From-Web");
        assertThat(app.out()).doesNotContain("possibleAnswers");

        // Across the peering, into the other subscription's NSG of the same name.
        Cli.Run rdp = run("verify", "--nic", "nic-jump" + B, "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.2.0.4:3389", "--remote", "10.1.1.4:50000", ESTATE.toString());
        assertThat(rdp.code()).as(rdp.toString()).isZero();
        assertThat(json(rdp.out()).get("networkSecurityGroup").asText()).isEqualTo("nsg-web" + B);

        Cli.Run other = run("verify", "--nic", "nic-web-1" + A, "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.1.1.5:443", "--remote", "203.0.113.7:50000", ESTATE.toString());
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("its addresses: 10.1.1.4");
    }

    @Test
    void oneSubscriptionAloneKnowsItsPeeredNetworkFromThePeering() throws IOException {
        // Subscription A is not exported: VirtualNetwork still holds its space, so the default rule decides.
        Cli.Run r = run("verify", "--nic", "nic-jump" + B, "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.2.0.4:22", "--remote", "10.1.1.4:50000", ESTATE.resolve("sub-b").toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(json(r.out()).get("ruleName").asText()).isEqualTo("defaultSecurityRules/AllowVnetInBound");
        assertThat(r.err()).contains("warning [input-warning] virtual network 'vnet-prod' in resource group rg-prod"
                + " of subscription 11111111-1111-1111-1111-111111111111, peered with vnet-shared" + B
                + ", is not in the export");
    }

    @Test
    void effectiveListsEachDefaultRuleOnce() throws IOException {
        Cli.Run r = run("effective", "--nic", "nic-web-1" + A, ESTATE.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode value = json(r.out()).get("value");
        assertThat(value).hasSize(1);
        assertThat(value.get(0).get("networkSecurityGroup").get("id").asText()).endsWith("/nsg-web" + A);
        List<String> names = new ArrayList<>();
        value.get(0).get("effectiveSecurityRules").forEach(rule -> names.add(rule.get("name").asText()));
        assertThat(names).containsExactly("securityRules/Allow-HTTPS-Inbound", "securityRules/Allow-SSH-Anywhere",
                "defaultSecurityRules/AllowVnetInBound", "defaultSecurityRules/AllowAzureLoadBalancerInBound",
                "defaultSecurityRules/DenyAllInBound", "defaultSecurityRules/AllowVnetOutBound",
                "defaultSecurityRules/AllowInternetOutBound", "defaultSecurityRules/DenyAllOutBound");
    }

    @Test
    void checkReportsARuleOfTheExportAtItsFileAndLineWithResourceGroupAndSubscription() throws IOException {
        Cli.Run r = run("check", ESTATE.toString(), "--format", "json", "--out", "-");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        int ruleLine = lineOf(NSGS, "\"name\": \"Allow-SSH-Anywhere\"") - 1;
        JsonNode ssh = null;
        for (JsonNode f : json(r.out()).get("findings")) {
            if (f.get("id").asText().equals("internet-exposed-ssh") && f.get("target").asText().startsWith("nic:")) {
                ssh = f;
            }
        }
        assertThat(ssh).as(r.out()).isNotNull();
        assertThat(ssh.get("target").asText()).isEqualTo("nic:nic-web-1" + A);
        assertThat(ssh.get("networkSecurityGroup").asText()).isEqualTo("nsg-web" + A);
        assertThat(ssh.toString()).contains(NSGS.toString()).contains("\"line\":" + ruleLine);

        Cli.Run text = run("check", ESTATE.toString());
        assertThat(text.outLines()).anySatisfy(line -> assertThat(line).startsWith(NSGS + ":" + ruleLine + ":9: error"
                + " [internet-exposed-ssh]").contains("to nic:nic-web-1" + A));
    }

    @Test
    void showOfAnExportLoadsBackToTheSameModel(@TempDir Path tmp) throws IOException {
        Cli.Run shown = run("show", ESTATE.toString());
        assertThat(shown.code()).as(shown.toString()).isZero();
        assertThat(shown.out()).contains("- name: nsg-web" + A).contains("- name: nsg-web" + B)
                .contains("subnet: vnet-prod" + A + "/web")
                .contains("definedAt: " + ESTATE.resolve("sub-a/nsgs.json") + ":");
        Path yaml = tmp.resolve("estate.yaml");
        Files.writeString(yaml, shown.out());
        Cli.Run again = run("show", yaml.toString());
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).isEqualTo(shown.out());

        Cli.Run asJson = run("show", "--format", "json", ESTATE.toString());
        Cli.Run twice = run("show", "--format", "json", ESTATE.toString());
        assertThat(asJson.out()).isEqualTo(twice.out());
    }

    @Test
    void diffOfTwoExportFolders(@TempDir Path tmp) throws IOException {
        Path base = copy(ESTATE, tmp.resolve("base"));
        Path head = copy(ESTATE, tmp.resolve("head"));
        Path nsgs = head.resolve("sub-a/nsgs.json");
        Files.writeString(nsgs, Files.readString(nsgs)
                .replace("\"destinationPortRange\": \"8080\"", "\"destinationPortRange\": \"8080-8081\""));
        Cli.Run r = run("diff", "--fail-on", "allow", base.toString(), head.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.outLines()).anySatisfy(line -> assertThat(line).startsWith("nic:nic-app-1" + A
                + "/ipconfig1 Inbound newly allowed: Tcp from 10.1.1.4/32 port * to 10.1.2.4/32 port 8081"));
        assertThat(r.out()).contains("change: NSG nsg-app" + A + ": rule Allow-App-From-Web changed");
        assertThat(run("diff", base.toString(), base.toString()).outLines()).endsWith("nsgaudit diff: no change");
    }

    @Test
    void aFolderMixingExportsAndTemplatesIsRefused(@TempDir Path tmp) throws IOException {
        Path mixed = copy(ESTATE, tmp.resolve("mixed"));
        Files.copy(Path.of("src/test/resources/azexport/group-export/template.json"), mixed.resolve("template.json"));
        Cli.Run r = run("check", mixed.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("error [input-error]").contains("is exported Azure state, and "
                + mixed.resolve("template.json")).contains("nsgaudit diff TEMPLATES_FOLDER EXPORT_FOLDER");
    }

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
}
