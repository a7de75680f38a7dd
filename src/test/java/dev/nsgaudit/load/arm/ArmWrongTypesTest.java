package dev.nsgaudit.load.arm;

import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values of the wrong JSON type in what the model reads never make rules or resources vanish: each is an error at
 * its position (exit 2), and a misspelt rule property is an unknown key with a "did you mean", as in YAML.
 */
class ArmWrongTypesTest {

    private static final String SCHEMA =
            "\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\",\n"
                    + "  \"contentVersion\": \"1.0.0.0\",\n";

    @TempDir
    Path dir;

    private Path write(String members) throws IOException {
        return Files.writeString(dir.resolve("t.json"), "{\n  " + SCHEMA + members + "\n}\n");
    }

    private static String nsg(String properties) {
        return """
                  "resources": [
                    {"type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01", "name": "nsg",
                     "location": "westeurope", "properties": %s}
                  ]""".formatted(properties);
    }

    private static String rule(String properties) {
        return nsg("""
                {"securityRules": [
                       {"name": "r", "properties": {%s}}]}""".formatted(properties));
    }

    private static final String GOOD_RULE = "\"priority\": 100, \"direction\": \"Inbound\", \"access\": \"Deny\","
            + " \"protocol\": \"Tcp\", \"sourceAddressPrefix\": \"*\", \"sourcePortRange\": \"*\","
            + " \"destinationAddressPrefix\": \"*\", \"destinationPortRange\": \"22\"";

    private static Cli.Run show(Path t) {
        Cli.Run r = Cli.run("show", t.toString());
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("Exception").doesNotContain("at dev.nsgaudit");
        return r;
    }

    @Test
    void aRuleListThatIsAnObjectIsAnErrorAndTheNsgIsNotTakenAsRuleless() throws IOException {
        Path t = write(nsg("{\"securityRules\": {\"name\": \"x\"}}"));
        Cli.Run r = show(t);
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).first().asString().startsWith(t + ":6:62: error [input-error] properties.securityRules"
                + " of networkSecurityGroups 'nsg' must be a list (JSON array), not an object");
        assertThat(r.out()).contains("unresolved");
    }

    @Test
    void resourcesThatAreNotAListAreAnError() throws IOException {
        Path t = write("\"resources\": \"oops\"");
        Cli.Run r = show(t);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith(t + ":4:1: error [input-error] resources must"
                + " be a list (JSON array), not a string");
    }

    @Test
    void aMisspeltRulePropertyIsAnUnknownKey() throws IOException {
        Path t = write(rule(GOOD_RULE.replace("\"protocol\"", "\"protocoll\"")));
        Cli.Run r = show(t);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).first().asString().isEqualTo(t + ":7:96: error [unknown-key] unknown key"
                + " 'protocoll' in properties.securityRules[0] ('r').properties of networkSecurityGroups 'nsg';"
                + " did you mean 'protocol'?");
    }

    @Test
    void realRulePropertiesAreAccepted() throws IOException {
        Path t = write(rule(GOOD_RULE + ", \"description\": \"d\", \"provisioningState\": \"Succeeded\","
                + " \"sourcePortRanges\": [], \"destinationAddressPrefixes\": []"));
        Cli.Run r = show(t);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aPortThatIsAListIsAnError() throws IOException {
        Path t = write(rule(GOOD_RULE.replace("\"22\"", "[\"22\"]")));
        Cli.Run r = show(t);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).anySatisfy(l -> assertThat(l).startsWith(t + ":7:224: error [input-error]"
                + " properties.securityRules[0] ('r').properties.destinationPortRange of networkSecurityGroups 'nsg'"
                + " must be a single value"));
    }

    @Test
    void aPluralFieldThatIsAStringIsAnError() throws IOException {
        Path t = write(rule(GOOD_RULE.replace("\"sourceAddressPrefix\": \"*\"",
                "\"sourceAddressPrefixes\": \"10.0.0.0/8\"")));
        Cli.Run r = show(t);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).anySatisfy(l -> assertThat(l).contains("error [input-error]")
                .contains(".sourceAddressPrefixes of networkSecurityGroups 'nsg' must be a list (JSON array), not a"
                        + " string"));
    }

    @Test
    void subnetsAndIpConfigurationsOfTheWrongTypeAreErrors() throws IOException {
        Path t = write("""
                  "resources": [
                    {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "vnet",
                     "location": "westeurope", "properties": {"addressSpace": {"addressPrefixes": "10.0.0.0/16"},
                       "subnets": {"name": "web"}}},
                    {"type": "Microsoft.Network/networkInterfaces", "apiVersion": "2023-09-01", "name": "nic",
                     "location": "westeurope", "properties": {"ipConfigurations": "ipconfig1"}}
                  ]""");
        Cli.Run r = show(t);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).anySatisfy(l -> assertThat(l).contains("properties.addressSpace.addressPrefixes of"
                + " virtualNetworks 'vnet' must be a list"))
                .anySatisfy(l -> assertThat(l).contains("properties.subnets of virtualNetworks 'vnet' must be a list"))
                .anySatisfy(l -> assertThat(l).contains("properties.ipConfigurations of networkInterfaces 'nic' must"
                        + " be a list"));
    }

    @Test
    void aResourceCopyThatIsNotAnObjectIsAnError() throws IOException {
        Path t = write("""
                  "resources": [
                    {"type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01", "name": "nsg",
                     "copy": [{"name": "c", "count": 2}], "location": "westeurope"}
                  ]""");
        Cli.Run r = show(t);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("error [input-error] the copy of resource")
                .contains("must be an object");
    }

    @Test
    void suppressionsThatAreNotAListAreAnErrorNotIgnored() throws IOException {
        Path t = write("""
                  "resources": [
                    {"type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01", "name": "nsg",
                     "location": "westeurope", "properties": {},
                     "metadata": {"nsgaudit": {"suppress": {"id": "unattached-nsg", "reason": "later"}}}}
                  ]""");
        Cli.Run r = show(t);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("error [input-error] metadata.nsgaudit.suppress"
                + " must be a list").contains("not an object");
    }
}
