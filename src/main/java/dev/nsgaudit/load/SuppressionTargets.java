package dev.nsgaudit.load;

import dev.nsgaudit.semantics.DefaultRules;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Suppression;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.rules.Findings;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A suppression's target must be able to name something: {@code *}, an NSG, {@code nsg/rule}, {@code nsg:<name>},
 * {@code nic:<name>} or {@code subnet:<vnet>/<subnet>}. An unknown kind ({@code nci:vm1}) can never match and is an
 * error; a well-formed target naming nothing in the input is a warning (it suppresses nothing, which fails safe,
 * but is probably a typo or a leftover).
 */
public final class SuppressionTargets {

    private static final Set<String> KINDS = Set.of("nsg", "nic", "subnet");

    private SuppressionTargets() {
    }

    public static void check(List<Suppression> suppressions, Topology t, List<Finding> problems) {
        for (Suppression s : suppressions) {
            String target = s.target().trim();
            if (target.equals("*")) {
                continue;
            }
            int colon = target.indexOf(':');
            if (colon >= 0) {
                String kind = target.substring(0, colon).toLowerCase(Locale.ROOT);
                if (!KINDS.contains(kind)) {
                    String near = YamlNodes.closest(kind, KINDS);
                    problems.add(Findings.of("input-error", s.source(), "suppression target '" + target
                            + "' can match nothing: '" + target.substring(0, colon) + ":' is no kind of target"
                            + (near != null ? "; did you mean '" + near + ":'?" : "; use *, an NSG, nsg/rule, nsg:,"
                            + " nic: or subnet:<vnet>/<subnet>")));
                    continue;
                }
            }
            if (!names(target, t)) {
                problems.add(Findings.of("input-warning", s.source(), "suppression target '" + target
                        + "' names nothing in the input, so it suppresses nothing; check the name"));
            }
        }
    }

    private static boolean names(String target, Topology t) {
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("nsg:")) {
            return t.networkSecurityGroup(target.substring(4)).isPresent();
        }
        if (lower.startsWith("nic:")) {
            return t.networkInterface(target.substring(4)).isPresent();
        }
        if (lower.startsWith("subnet:")) {
            return t.subnet(target.substring(7)).isPresent();
        }
        int slash = target.indexOf('/');
        Optional<NetworkSecurityGroup> nsg = t.networkSecurityGroup(slash < 0 ? target : target.substring(0, slash));
        if (nsg.isEmpty() || slash < 0) {
            return nsg.isPresent();
        }
        String rule = target.substring(slash + 1);
        return Stream.concat(nsg.get().securityRules().stream(), DefaultRules.ALL.stream())
                .map(SecurityRule::name).anyMatch(rule::equalsIgnoreCase);
    }
}
