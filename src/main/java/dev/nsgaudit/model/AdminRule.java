package dev.nsgaudit.model;

import java.util.List;

/**
 * A security admin rule of Azure Virtual Network Manager (ARM {@code .../ruleCollections/rules}, kind
 * {@code Custom}), kept as written like {@link SecurityRule}: the semantics layer interprets the values and
 * the validator reports what Azure would reject. Lists are never null; absent singular values are null.
 *
 * @param access {@code Allow}, {@code AlwaysAllow} or {@code Deny} as written
 * @param protocol {@code Tcp}, {@code Udp}, {@code Icmp}, {@code Esp}, {@code Ah} or {@code Any} as written
 * @param sourcePortRanges as written; empty means any port (ARM's default)
 */
public record AdminRule(
        String name,
        String kind,
        String description,
        Integer priority,
        String direction,
        String access,
        String protocol,
        List<AddressPrefixItem> sources,
        List<AddressPrefixItem> destinations,
        List<String> sourcePortRanges,
        List<String> destinationPortRanges,
        List<UnresolvedValue> unresolved,
        SourceRef source) {

    public AdminRule {
        sources = sources == null ? List.of() : List.copyOf(sources);
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
        sourcePortRanges = SecurityRule.copy(sourcePortRanges);
        destinationPortRanges = SecurityRule.copy(destinationPortRanges);
        unresolved = unresolved == null ? List.of() : List.copyOf(unresolved);
        source = source == null ? SourceRef.UNKNOWN : source;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Fluent construction for tests and loaders. */
    public static final class Builder {
        private final String name;
        private String kind = "Custom";
        private String description;
        private Integer priority;
        private String direction = "Inbound";
        private String access = "Allow";
        private String protocol = "Any";
        private List<AddressPrefixItem> sources = List.of();
        private List<AddressPrefixItem> destinations = List.of();
        private List<String> sourcePortRanges = List.of();
        private List<String> destinationPortRanges = List.of();
        private List<UnresolvedValue> unresolved = List.of();
        private SourceRef source = SourceRef.UNKNOWN;

        private Builder(String name) {
            this.name = name;
        }

        public Builder kind(String v) { kind = v; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder priority(Integer v) { priority = v; return this; }
        public Builder direction(String v) { direction = v; return this; }
        public Builder access(String v) { access = v; return this; }
        public Builder protocol(String v) { protocol = v; return this; }
        public Builder sources(List<AddressPrefixItem> v) { sources = v; return this; }
        public Builder destinations(List<AddressPrefixItem> v) { destinations = v; return this; }
        public Builder sourcePortRanges(List<String> v) { sourcePortRanges = v; return this; }
        public Builder destinationPortRanges(List<String> v) { destinationPortRanges = v; return this; }
        public Builder unresolved(List<UnresolvedValue> v) { unresolved = v; return this; }
        public Builder source(SourceRef v) { source = v; return this; }

        public AdminRule build() {
            return new AdminRule(name, kind, description, priority, direction, access, protocol, sources,
                    destinations, sourcePortRanges, destinationPortRanges, unresolved, source);
        }
    }
}
