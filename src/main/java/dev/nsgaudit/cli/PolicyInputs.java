package dev.nsgaudit.cli;

import dev.nsgaudit.load.PolicyLoader;
import dev.nsgaudit.load.PolicyValidator;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.rules.Findings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The policies of one {@code check}: every file read, then checked together against the model (names used twice,
 * endpoints naming nothing). A path given with {@code --policy} that holds no policy is an error: the user asked
 * for policies and none would run.
 */
final class PolicyInputs {

    private PolicyInputs() {
    }

    static List<Policy> load(List<Path> paths, boolean explicit, Topology topology, List<Finding> problems) {
        List<Policy> out = new ArrayList<>();
        for (Path p : paths) {
            int before = problems.size();
            List<Policy> read = PolicyLoader.load(p, problems);
            if (read.isEmpty() && problems.size() == before && explicit) {
                problems.add(Findings.of("input-error", SourceRef.of(p.toString(), 0), "no policies"
                        + " found: expected policies: or matrix: entries in " + (Files.isDirectory(p)
                        ? "the *.yaml and *.yml files of this folder" : "this file")));
            }
            out.addAll(read);
        }
        return PolicyValidator.validate(out, topology, problems);
    }
}
