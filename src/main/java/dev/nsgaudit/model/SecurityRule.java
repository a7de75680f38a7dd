package dev.nsgaudit.model;

import java.util.List;

/**
 * A security rule as declared, with every property of ARM's {@code SecurityRulePropertiesFormat}. Values are
 * kept as written (strings, case as given); the evaluator interprets them and the validator reports those
 * Azure would reject. Plural lists are never null; absent singular values are null.
 */
public record SecurityRule(
        String name,
        String description,
        Integer priority,
        String direction,
        String access,
        String protocol,
        String sourceAddressPrefix,
        List<String> sourceAddressPrefixes,
        List<String> sourceApplicationSecurityGroups,
        String sourcePortRange,
        List<String> sourcePortRanges,
        String destinationAddressPrefix,
        List<String> destinationAddressPrefixes,
        List<String> destinationApplicationSecurityGroups,
        String destinationPortRange,
        List<String> destinationPortRanges,
        List<UnresolvedValue> unresolved,
        SourceRef source) {

    public SecurityRule {
        sourceAddressPrefixes = copy(sourceAddressPrefixes);
        sourceApplicationSecurityGroups = copy(sourceApplicationSecurityGroups);
        sourcePortRanges = copy(sourcePortRanges);
        destinationAddressPrefixes = copy(destinationAddressPrefixes);
        destinationApplicationSecurityGroups = copy(destinationApplicationSecurityGroups);
        destinationPortRanges = copy(destinationPortRanges);
        unresolved = unresolved == null ? List.of() : List.copyOf(unresolved);
        source = source == null ? SourceRef.UNKNOWN : source;
    }

    static List<String> copy(List<String> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Fluent construction for tests and loaders. */
    public static final class Builder {
        private final String name;
        private String description;
        private Integer priority;
        private String direction = "Inbound";
        private String access = "Allow";
        private String protocol = "*";
        private String sourceAddressPrefix;
        private List<String> sourceAddressPrefixes = List.of();
        private List<String> sourceAsgs = List.of();
        private String sourcePortRange;
        private List<String> sourcePortRanges = List.of();
        private String destinationAddressPrefix;
        private List<String> destinationAddressPrefixes = List.of();
        private List<String> destinationAsgs = List.of();
        private String destinationPortRange;
        private List<String> destinationPortRanges = List.of();
        private List<UnresolvedValue> unresolved = List.of();
        private SourceRef source = SourceRef.UNKNOWN;

        private Builder(String name) {
            this.name = name;
        }

        public Builder description(String v) { description = v; return this; }
        public Builder priority(Integer v) { priority = v; return this; }
        public Builder direction(String v) { direction = v; return this; }
        public Builder access(String v) { access = v; return this; }
        public Builder protocol(String v) { protocol = v; return this; }
        public Builder sourceAddressPrefix(String v) { sourceAddressPrefix = v; return this; }
        public Builder sourceAddressPrefixes(List<String> v) { sourceAddressPrefixes = v; return this; }
        public Builder sourceApplicationSecurityGroups(List<String> v) { sourceAsgs = v; return this; }
        public Builder sourcePortRange(String v) { sourcePortRange = v; return this; }
        public Builder sourcePortRanges(List<String> v) { sourcePortRanges = v; return this; }
        public Builder destinationAddressPrefix(String v) { destinationAddressPrefix = v; return this; }
        public Builder destinationAddressPrefixes(List<String> v) { destinationAddressPrefixes = v; return this; }
        public Builder destinationApplicationSecurityGroups(List<String> v) { destinationAsgs = v; return this; }
        public Builder destinationPortRange(String v) { destinationPortRange = v; return this; }
        public Builder destinationPortRanges(List<String> v) { destinationPortRanges = v; return this; }
        public Builder unresolved(List<UnresolvedValue> v) { unresolved = v; return this; }
        public Builder source(SourceRef v) { source = v; return this; }

        public SecurityRule build() {
            return new SecurityRule(name, description, priority, direction, access, protocol,
                    sourceAddressPrefix, sourceAddressPrefixes, sourceAsgs, sourcePortRange, sourcePortRanges,
                    destinationAddressPrefix, destinationAddressPrefixes, destinationAsgs,
                    destinationPortRange, destinationPortRanges, unresolved, source);
        }
    }
}
