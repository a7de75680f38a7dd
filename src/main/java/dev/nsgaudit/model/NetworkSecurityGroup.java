package dev.nsgaudit.model;

import java.util.List;

/**
 * A network security group and its user rules (the default rules are implied, see DefaultRules).
 *
 * @param unresolved what the loader could not determine about the NSG as a whole (its rule list, whether it
 *     is deployed at all); any flow through such an NSG is inconclusive
 */
public record NetworkSecurityGroup(String name, List<SecurityRule> securityRules, List<UnresolvedValue> unresolved,
                                   SourceRef source) {

    public NetworkSecurityGroup {
        securityRules = List.copyOf(securityRules);
        unresolved = unresolved == null ? List.of() : List.copyOf(unresolved);
        source = source == null ? SourceRef.UNKNOWN : source;
    }

    public NetworkSecurityGroup(String name, List<SecurityRule> securityRules, SourceRef source) {
        this(name, securityRules, List.of(), source);
    }
}
