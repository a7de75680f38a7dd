package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.model.Direction;
import dev.nsgaudit.semantics.AdminLayer;
import dev.nsgaudit.semantics.CompiledAdminRule;
import dev.nsgaudit.semantics.CompiledRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What first match reads of the security admin rules in front of a place (priority, outcome, what they match,
 * certainty, D7 tags), so that two versions can be compared without where the rules are declared.
 */
final class AdminChanges {

    private AdminChanges() {
    }

    /** Whether both versions put the same admin rules, to first match, in front of the place in both directions. */
    static boolean same(AdminLayer base, AdminLayer head) {
        for (Direction d : Direction.values()) {
            if (!keys(rules(base, d)).equals(keys(rules(head, d)))) {
                return false;
            }
        }
        return true;
    }

    static List<CompiledAdminRule> rules(AdminLayer layer, Direction d) {
        return layer == null ? List.of() : layer.rules(d);
    }

    /** One key per rule, in list order. */
    static List<List<Object>> keys(List<CompiledAdminRule> rules) {
        List<List<Object>> out = new ArrayList<>(rules.size());
        for (CompiledAdminRule a : rules) {
            out.add(key(a));
        }
        return out;
    }

    /** The rule's priority, outcome and matching fields; not its name or position. */
    static List<Object> key(CompiledAdminRule a) {
        CompiledRule r = a.rule();
        return List.of(r.priority(), Objects.toString(a.outcome(), ""), r.protocolMask(), r.sourceAddresses(),
                r.sourcePorts(), r.destinationAddresses(), r.destinationPorts(), r.platformTags(), r.certain());
    }
}
