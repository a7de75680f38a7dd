package dev.nsgaudit.load.arm;

import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What is wrong in a template or parameters file as a file, end to end: duplicate keys, parameters files not in
 * the deployment-parameters shape, bytes that are not UTF-8 text. Each is one line with file:line:col and exit 2.
 */
class ArmFileTrustTest {

    private static final String SCHEMA =
            "\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\",\n"
                    + "  \"contentVersion\": \"1.0.0.0\",\n";

    @TempDir
    Path dir;

    /** An NSG with one rule whose access is written by {@code access} (one or more members). */
    private static String template(String parameters, String access) {
        return "{\n  " + SCHEMA + """
                  "parameters": {%s},
                  "resources": [
                    {"type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01", "name": "nsg",
                     "location": "westeurope", "properties": {"securityRules": [
                       {"name": "r", "properties": {"priority": 100, "direction": "Inbound", %s,
                        "protocol": "Tcp", "sourceAddressPrefix": "*", "sourcePortRange": "*",
                        "destinationAddressPrefix": "*", "destinationPortRange": "22"}}]}}
                  ]
                }
                """.formatted(parameters, access);
    }

    private static Cli.Run show(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "show";
        System.arraycopy(args, 0, all, 1, args.length);
        Cli.Run r = Cli.run(all);
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("Exception").doesNotContain("at dev.nsgaudit")
                .doesNotContain("Input length");
        return r;
    }

    @Test
    void aDuplicateKeyIsAnErrorAtItsPosition() throws IOException {
        Path t = Files.writeString(dir.resolve("dup.json"),
                template("", "\"access\": \"Deny\", \"access\": \"Allow\""));
        Cli.Run r = show(t.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith(t + ":8:96: error [input-error] duplicate key 'access' in this object (first at line 8,"
                        + " column 78");
        assertThat(r.out()).contains("access: Deny").doesNotContain("access: Allow");
    }

    @Test
    void keysDifferingOnlyInCaseAreDuplicatesInArm() throws IOException {
        Path t = Files.writeString(dir.resolve("dup.json"),
                template("", "\"access\": \"Deny\", \"Access\": \"Allow\""));
        Cli.Run r = show(t.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("duplicate key 'Access'")
                .contains("case-insensitive");
    }

    @Test
    void aParametersFileNotInTheParametersShapeIsAnError() throws IOException {
        Path t = Files.writeString(dir.resolve("azuredeploy.json"),
                template("\"port\": {\"type\": \"string\", \"defaultValue\": \"22\"}", "\"access\": \"Deny\""));
        // Beside the template: values without {"value": ...} would be ignored without a word.
        Path beside = Files.writeString(dir.resolve("azuredeploy.parameters.json"), """
                {
                  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
                  "parameters": {
                    "port": "3389"
                  }
                }
                """);
        Cli.Run r = show(t.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith(beside + ":3:17: error [input-error]")
                .contains("parameter 'port' must be {\"value\": ...}");
        // Given with --parameters: a file that is something else altogether.
        Path other = Files.writeString(dir.resolve("settings.json"), "{\n  \"port\": 3389\n}\n");
        Cli.Run given = show("--parameters", other.toString(), t.toString());
        assertThat(given.code()).isEqualTo(2);
        assertThat(given.errLines()).singleElement().asString().startsWith(other + ":1:1: error [input-error]")
                .contains("not a deployment parameters file").contains("no \"parameters\" object");
        Path template = Files.writeString(dir.resolve("t2.json"), template("", "\"access\": \"Deny\""));
        Cli.Run schema = show("--parameters", template.toString(), t.toString());
        assertThat(schema.errLines()).singleElement().asString().contains("its $schema does not name"
                + " deploymentParameters.json");
    }

    @Test
    void aWellFormedParametersFileIsRead() throws IOException {
        Path t = Files.writeString(dir.resolve("azuredeploy.json"),
                template("\"access\": {\"type\": \"string\"}", "\"access\": \"[parameters('access')]\""));
        Files.writeString(dir.resolve("azuredeploy.parameters.json"), """
                {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
                 "contentVersion": "1.0.0.0", "parameters": {"access": {"value": "Allow"}}}
                """);
        Cli.Run r = show(t.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("access: Allow");
    }

    @Test
    void bytesThatAreNotUtf8AreNamedWithTheirPosition() throws IOException {
        byte[] text = template("", "\"access\": \"Deny\"").replace("\"nsg\"", "\"nsg\u00e9\"")
                .getBytes(StandardCharsets.UTF_8);
        int at = indexOf(text, (byte) 0xC3);
        text[at + 1] = 0x28; // 0xC3 followed by '(' is not UTF-8
        Path t = Files.write(dir.resolve("latin.json"), text);
        Cli.Run r = show(t.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith(t + ":6:97: error [input-error] not UTF-8 at"
                + " byte " + at + " (0xC3)");
    }

    @Test
    void aNulCharacterIsNamedWithItsLineAndColumn() throws IOException {
        Path t = Files.writeString(dir.resolve("nul.json"), template("", "\"access\": \"De\0ny\""));
        Cli.Run r = show(t.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith(t + ":8:91: error [input-error] a NUL"
                + " character");
    }

    @Test
    void aUtf16FileIsNamedAsSuch() throws IOException {
        Path t = Files.write(dir.resolve("utf16.json"), template("", "\"access\": \"Deny\"")
                .getBytes(StandardCharsets.UTF_16LE));
        byte[] withBom = new byte[(int) Files.size(t) + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(Files.readAllBytes(t), 0, withBom, 2, withBom.length - 2);
        Files.write(t, withBom);
        Cli.Run r = show(t.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith(t + ":1:1: error [input-error] the file is"
                + " UTF-16 text");
    }

    @Test
    void jsonNestedTooDeeplyIsNamedWithItsPosition() throws IOException {
        Path t = Files.writeString(dir.resolve("deep.json"), "{\n  " + SCHEMA + "  \"variables\": {\"x\": "
                + "[".repeat(300) + "]".repeat(300) + "},\n  \"resources\": []\n}\n");
        Cli.Run r = show(t.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith(t + ":4:" + (21 + Limits.MAX_JSON_DEPTH - 1)
                + ": error [input-error] JSON nested deeper than");
    }

    @Test
    void aBaselineThatIsNotUtf8IsNamedWithItsPosition() throws IOException {
        Path t = Files.writeString(dir.resolve("t.json"), template("", "\"access\": \"Deny\""));
        Path baseline = Files.write(dir.resolve("baseline.json"), new byte[] {'[', '"', (byte) 0xC3, 0x28, '"', ']'});
        Cli.Run r = Cli.run("check", t.toString(), "--baseline", baseline.toString(), "--out",
                dir.resolve("out").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(baseline + ":1:3: not UTF-8 at byte 2 (0xC3)").doesNotContain("Input length");
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
