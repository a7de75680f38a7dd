package dev.nsgaudit.load;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.rules.Findings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Scanning nothing is never a pass. Each input path that gave no definition is reported, saying what was
 * searched: as an error when no path gave any (nothing would be checked), as a warning otherwise (an empty
 * file or folder among real input is suspicious but the rest is still checked). A {@code .bicep} file named
 * on the command line is always an error: the tool reads the JSON that Bicep compiles to. A path that already
 * has a problem (a syntax error, say) is not reported again.
 */
final class EmptyInput {

    static final String BICEP = "Bicep is not read directly: compile it with `az bicep build` (or `bicep build`)"
            + " and check the JSON";
    private static final String SEARCHED = "ARM templates (*.json whose $schema names deploymentTemplate.json),"
            + " Terraform plans (*.json from terraform show -json), YAML definitions (*.yaml, *.yml with"
            + " virtualNetworks, applicationSecurityGroups, networkInterfaces or networkSecurityGroups at the top"
            + " level) and exported Azure state (*.json from az ... list -o json or az graph query -o json)";

    private static final String NOTHING = "nothing nsgaudit reads (virtual networks, subnets, network interfaces,"
            + " application security groups, network security groups) with their parameters and conditions as given";

    private EmptyInput() {
    }

    static boolean isEmpty(Topology t) {
        return t.virtualNetworks().isEmpty() && t.applicationSecurityGroups().isEmpty()
                && t.networkInterfaces().isEmpty() && t.networkSecurityGroups().isEmpty() && !t.hasNetworkManagers();
    }

    /**
     * @param filesByInput the files read for each input path that exists (a named file: itself)
     * @param defining the files that gave at least one definition (or are templates read through a link)
     */
    static List<Finding> check(Map<Path, List<Path>> filesByInput, Set<Path> defining, List<Finding> problems) {
        boolean anything = filesByInput.values().stream().flatMap(List::stream).anyMatch(defining::contains);
        String id = anything ? "input-warning" : "input-error";
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<Path, List<Path>> e : filesByInput.entrySet()) {
            Path input = e.getKey();
            String display = input.toString();
            boolean folder = Files.isDirectory(input);
            if (!folder && isBicep(input)) {
                out.add(Findings.of("input-error", SourceRef.of(display, 0), BICEP));
                continue;
            }
            if (e.getValue().stream().anyMatch(defining::contains) || hasProblem(display, folder, problems)) {
                continue;
            }
            String message;
            if (folder) {
                long bicep = countBicep(input);
                int found = e.getValue().size();
                if (found > 0) {
                    message = (found == 1 ? "the one template or definition file found in this folder deploys "
                            : "the " + found + " templates and definition files found in this folder deploy ") + NOTHING;
                } else if (bicep > 0) {
                    message = "no definitions found in this folder, only " + bicep + " .bicep file"
                            + (bicep == 1 ? "" : "s") + ". " + BICEP;
                } else {
                    message = "no definitions found in this folder: searched it and its subfolders for " + SEARCHED;
                }
            } else if (display.toLowerCase(Locale.ROOT).endsWith(".json")) {
                message = "the template deploys " + NOTHING;
            } else {
                message = "the file holds no definitions (it is empty, or has only comments or other keys): expected"
                        + " virtualNetworks, applicationSecurityGroups, networkInterfaces or networkSecurityGroups";
            }
            out.add(Findings.of(id, SourceRef.of(display, 0), message
                    + (anything ? "; the other inputs are still checked" : "; nothing was checked")));
        }
        return out;
    }

    private static boolean isBicep(Path p) {
        return p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bicep");
    }

    private static boolean hasProblem(String display, boolean folder, List<Finding> problems) {
        return problems.stream().filter(f -> f.severity() == Severity.ERROR).map(f -> f.location().file())
                .anyMatch(file -> file.equals(display) || folder && file.startsWith(display));
    }

    private static long countBicep(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).filter(EmptyInput::isBicep).count();
        } catch (IOException e) {
            return 0; // the listing problem is reported by discover
        }
    }
}
