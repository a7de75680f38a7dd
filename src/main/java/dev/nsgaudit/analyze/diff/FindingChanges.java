package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Findings of one version that the other does not have. A finding is the same in both when its id, NSG, rule and
 * target are (names case-insensitive): where it is written and the wording of its message may change without it
 * being a new finding.
 */
final class FindingChanges {

    private FindingChanges() {
    }

    /** The findings of {@code in} that {@code notIn} does not have, sorted by id, NSG, rule and target. */
    static List<Finding> only(List<Finding> in, List<Finding> notIn) {
        Set<String> known = new HashSet<>();
        notIn.forEach(f -> known.add(fingerprint(f)));
        List<Finding> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Finding f : in) {
            String key = fingerprint(f);
            if (!known.contains(key) && seen.add(key + "|" + f.message())) {
                out.add(f);
            }
        }
        out.sort(Comparator.comparing(FindingChanges::fingerprint).thenComparing(Finding::message));
        return out;
    }

    static String fingerprint(Finding f) {
        return f.id() + "|" + Topology.key(f.networkSecurityGroup()) + "|" + Topology.key(f.rule()) + "|"
                + Topology.key(f.target());
    }
}
