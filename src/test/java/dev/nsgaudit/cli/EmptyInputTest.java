package dev.nsgaudit.cli;

import dev.nsgaudit.testing.CheckInput;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.nsgaudit.testing.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Scanning nothing is never a pass: every command that takes PATH says what it searched and exits 2. */
class EmptyInputTest {

    @TempDir
    Path dir;

    /** verify, effective, show and check, each on the given paths. */
    private static List<Cli.Run> everyCommand(Path... paths) {
        List<Cli.Run> out = new ArrayList<>();
        for (String[] base : List.of(
                new String[] {"verify", "--nsg", "nsg1", "--direction", "Inbound", "--protocol", "TCP", "--local",
                        "10.0.0.4:80", "--remote", "203.0.113.7:5000"},
                new String[] {"effective", "--nic", "nic1"},
                new String[] {"show"},
                new String[] {"check", "--policy", "none.yaml"})) {
            List<String> args = new ArrayList<>(List.of(base));
            for (Path p : paths) {
                args.add(p.toString());
            }
            out.add(run(args.toArray(String[]::new)));
        }
        return out;
    }

    private static void allFail(List<Cli.Run> runs, String expectedLine) {
        for (Cli.Run r : runs) {
            assertThat(r.code()).as(r.toString()).isEqualTo(2);
            assertThat(r.err() + r.out()).as(r.toString()).contains(expectedLine).doesNotContain("0 errors")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void anEmptyYamlFileIsAnError() throws IOException {
        Path empty = Files.writeString(dir.resolve("nsg.yaml"), "# nothing yet\n");
        allFail(everyCommand(empty), empty + ": error [input-error] the file holds no definitions");
    }

    @Test
    void aFolderWithoutDefinitionsIsAnErrorNamingWhatWasSearched() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("infra"));
        Files.writeString(folder.resolve("pipeline.yaml"), "steps: [build]\n");
        allFail(everyCommand(folder), folder + ": error [input-error] no definitions found in this folder:"
                + " searched it and its subfolders for ARM templates");
    }

    @Test
    void aBicepFileIsNotReadDirectly() throws IOException {
        Path bicep = Files.writeString(dir.resolve("main.bicep"), "resource nsg 'Microsoft.Network/x' = {}\n");
        allFail(everyCommand(bicep), bicep + ": error [input-error] Bicep is not read directly: compile it with"
                + " `az bicep build` (or `bicep build`) and check the JSON");
    }

    @Test
    void aFolderOfOnlyBicepFilesSaysHowToCompileThem() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("bicep"));
        Files.writeString(folder.resolve("main.bicep"), "param x string\n");
        allFail(everyCommand(folder), folder + ": error [input-error] no definitions found in this folder, only 1"
                + " .bicep file. Bicep is not read directly");
    }

    @Test
    void anEmptyFileBesideRealInputIsAWarningAndTheRestIsChecked() throws IOException {
        Path folder = CheckInput.folder(dir.resolve("in"), "net.yaml", CheckInput.network("", null));
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "");
        Cli.Run r = run("show", folder.toString(), empty.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.errLines()).as(r.toString()).containsExactly(empty + ": warning [input-warning] the file holds"
                + " no definitions (it is empty, or has only comments or other keys): expected virtualNetworks,"
                + " applicationSecurityGroups, networkInterfaces or networkSecurityGroups; the other inputs are"
                + " still checked");
        assertThat(r.out()).contains("name: vm1");
    }

    @Test
    void aTemplateThatDeploysNoNetworkResourceIsAnError() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("arm"));
        Path template = Files.writeString(folder.resolve("azuredeploy.json"), """
                {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                 "contentVersion": "1.0.0.0",
                 "resources": [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01",
                                "name": "st1", "location": "westeurope", "kind": "StorageV2",
                                "sku": {"name": "Standard_LRS"}}]}
                """);
        allFail(everyCommand(template), template + ": error [input-error] the template deploys nothing nsgaudit reads"
                + " (virtual networks, subnets, network interfaces, application security groups, network security"
                + " groups) with their parameters and conditions as given; nothing was checked");
        allFail(everyCommand(folder), folder + ": error [input-error] the one template or definition file found"
                + " in this folder deploys nothing nsgaudit reads");
    }
}
