package dev.nsgaudit.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run of the build's class-data-sharing archive (pom.xml, {@code package}): runs every command once
 * on the bundled example and on a one-rule ARM template, in one JVM started with
 * {@code -XX:DumpLoadedClassList}, so that the archive holds the classes a short run loads. {@code bin/nsgaudit}
 * then starts the JVM with that archive. What the commands print is discarded and their exit codes do not matter
 * (check exits 1 on findings); an internal error fails the build, because the archive would miss classes.
 *
 * <p>Usage: {@code java -XX:DumpLoadedClassList=FILE -cp nsgaudit.jar dev.nsgaudit.cli.ClassArchiveTraining REPO}
 */
public final class ClassArchiveTraining {

    /**
     * A virtual network and one NSG with one rule, named through parameters, variables and template functions: the
     * shape of the smallest ARM templates people check, so that the expression evaluator is in the archive too.
     */
    private static final String ARM_TEMPLATE = """
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "contentVersion": "1.0.0.0",
              "parameters": {
                "location": {"type": "string", "defaultValue": "[resourceGroup().location]"},
                "prefix": {"type": "string", "defaultValue": "training"},
                "vnetSpace": {"type": "string", "defaultValue": "10.20.0.0/16"}
              },
              "variables": {
                "nsgName": "[concat(parameters('prefix'), '-nsg')]",
                "vnetName": "[format('{0}-vnet', parameters('prefix'))]",
                "subnetPrefix": "[cidrSubnet(parameters('vnetSpace'), 24, 1)]"
              },
              "resources": [
                {
                  "type": "Microsoft.Network/networkSecurityGroups",
                  "apiVersion": "2023-09-01",
                  "name": "[variables('nsgName')]",
                  "location": "[parameters('location')]",
                  "properties": {
                    "securityRules": [
                      {
                        "name": "[toUpper('allow-ssh')]",
                        "properties": {
                          "priority": "[add(1000, length(parameters('prefix')))]", "direction": "Inbound",
                          "access": "Allow", "protocol": "Tcp",
                          "sourceAddressPrefix": "*", "sourcePortRange": "*",
                          "destinationAddressPrefix": "*", "destinationPortRange": "[string(22)]"
                        }
                      }
                    ]
                  }
                },
                {
                  "type": "Microsoft.Network/virtualNetworks",
                  "apiVersion": "2023-09-01",
                  "name": "[variables('vnetName')]",
                  "location": "[parameters('location')]",
                  "dependsOn": ["[resourceId('Microsoft.Network/networkSecurityGroups', variables('nsgName'))]"],
                  "properties": {
                    "addressSpace": {"addressPrefixes": ["[parameters('vnetSpace')]"]},
                    "subnets": [
                      {
                        "name": "[if(equals(parameters('prefix'), 'training'), 'app', 'other')]",
                        "properties": {
                          "addressPrefix": "[variables('subnetPrefix')]",
                          "networkSecurityGroup": {
                            "id": "[resourceId('Microsoft.Network/networkSecurityGroups', variables('nsgName'))]"
                          }
                        }
                      }
                    ]
                  }
                }
              ]
            }
            """;

    private ClassArchiveTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path repo = Path.of(args.length > 0 ? args[0] : ".");
        String example = repo.resolve("examples/three-tier").toString();
        String policies = repo.resolve("policies").toString();
        Path work = Files.createTempDirectory("nsgaudit-training");
        try {
            Path template = Files.writeString(work.resolve("azuredeploy.json"), ARM_TEMPLATE);
            String arm = template.toString();
            String reports = work.resolve("reports").toString();
            List<String[]> runs = new ArrayList<>();
            runs.add(new String[] {"check", example});
            runs.add(new String[] {"check", arm});
            runs.add(new String[] {"check", example, "--policy", policies, "--format", "text,json,sarif,junit,html",
                    "--out", reports});
            runs.add(new String[] {"show", example});
            runs.add(new String[] {"show", "--format", "json", arm});
            runs.add(new String[] {"verify", "--nic", "nic-web-1", "--direction", "Inbound", "--protocol", "TCP",
                    "--local", "10.0.1.4:80", "--remote", "203.0.113.7:50000", example});
            runs.add(new String[] {"effective", "--nic", "nic-web-1", example});
            runs.add(new String[] {"diff", example, example});
            runs.add(new String[] {"rules"});
            runs.add(new String[] {"check", "--help"});
            runs.add(new String[] {"--version"});
            for (String[] run : runs) {
                PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
                StringWriter err = new StringWriter();
                PrintWriter errors = new PrintWriter(err);
                Main.run(run, discard, errors);
                if (err.toString().contains("internal error")) {
                    throw new IllegalStateException("training run " + String.join(" ", run) + " failed: " + err);
                }
            }
        } finally {
            deleteTree(work);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
