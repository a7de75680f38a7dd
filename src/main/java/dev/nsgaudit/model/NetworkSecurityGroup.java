package dev.nsgaudit.model;

import java.util.List;

/** A network security group and its user rules (the default rules are implied, see DefaultRules). */
public record NetworkSecurityGroup(String name, List<SecurityRule> securityRules, SourceRef source) {

    public NetworkSecurityGroup {
        securityRules = List.copyOf(securityRules);
        source = source == null ? SourceRef.UNKNOWN : source;
    }
}
