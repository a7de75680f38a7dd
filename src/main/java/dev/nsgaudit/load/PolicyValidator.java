package dev.nsgaudit.load;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.rules.Findings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the policies of all files together against the loaded model: a policy name used twice (reports and
 * JUnit identify policies by name; matrix cells are named {@code <matrix>: <from> -> <to> ...}), and an
 * endpoint that names a NIC, subnet, ASG or VNet the input does not define (a dangling reference, which
 * would otherwise be an inconclusive policy). Returns the policies that can be checked.
 */
public final class PolicyValidator {

    private PolicyValidator() {
    }

    public static List<Policy> validate(List<Policy> policies, Topology topology, List<Finding> problems) {
        List<Policy> out = new ArrayList<>();
        Map<String, Policy> byName = new HashMap<>();
        for (Policy p : policies) {
            Policy first = byName.putIfAbsent(p.name().toLowerCase(Locale.ROOT), p);
            if (first != null) {
                problems.add(Findings.of("duplicate-definition", p.source(), "policy '" + p.name()
                        + "' is already defined at " + first.source() + " (names are case-insensitive); rename one"
                        + " of them"));
                continue;
            }
            String missing = missing(p.from(), topology);
            if (missing == null) {
                missing = missing(p.to(), topology);
            }
            if (missing != null) {
                problems.add(Findings.of("dangling-reference", p.source(), "policy '" + p.name()
                        + "': " + missing));
                continue;
            }
            out.add(p);
        }
        return out;
    }

    private static String missing(String endpoint, Topology t) {
        int colon = endpoint.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String kind = endpoint.substring(0, colon).toLowerCase(Locale.ROOT);
        String name = endpoint.substring(colon + 1).trim();
        boolean defined = switch (kind) {
            case "nic" -> t.networkInterface(name).isPresent();
            case "subnet" -> t.subnet(name).isPresent();
            case "asg" -> t.applicationSecurityGroup(name).isPresent();
            case "vnet" -> t.virtualNetwork(name).isPresent();
            default -> true; // an IPv6 address; the syntax was checked when the file was read
        };
        String what = switch (kind) {
            case "nic" -> "network interface";
            case "subnet" -> "subnet";
            case "asg" -> "application security group";
            default -> "virtual network";
        };
        return defined ? null : "endpoint '" + endpoint + "' names " + what + " '" + name + "', which the input does"
                + " not define; check the name or add the definition";
    }
}
