package dev.nsgaudit.model;

import java.util.List;

/**
 * A rule collection of a security admin configuration: its rules apply to the members of the network groups
 * it names.
 *
 * @param appliesToGroups network group names of the configuration's own network manager (from
 *     {@code appliesToGroups[].networkGroupId}); a group the input does not define is reported, and the
 *     collection's reach is then unknown
 * @param unresolved what the loader could not determine (an {@code appliesToGroups} entry that is an
 *     expression): the collection may then apply to any VNet
 */
public record AdminRuleCollection(
        String name,
        String description,
        List<String> appliesToGroups,
        List<AdminRule> rules,
        List<UnresolvedValue> unresolved,
        SourceRef source) {

    public AdminRuleCollection {
        appliesToGroups = SecurityRule.copy(appliesToGroups);
        rules = rules == null ? List.of() : List.copyOf(rules);
        unresolved = unresolved == null ? List.of() : List.copyOf(unresolved);
        source = source == null ? SourceRef.UNKNOWN : source;
    }
}
