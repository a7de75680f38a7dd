package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.model.AddressPrefixItem;
import dev.nsgaudit.model.AdminRule;
import dev.nsgaudit.model.AdminRuleCollection;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.NetworkGroup;
import dev.nsgaudit.model.SecurityAdminConfiguration;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.rules.Findings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static dev.nsgaudit.load.arm.ArmModelMapper.addMarker;
import static dev.nsgaudit.load.arm.ArmModelMapper.member;
import static dev.nsgaudit.load.arm.ArmModelMapper.scalar;
import static dev.nsgaudit.load.arm.ArmModelMapper.strings;

/**
 * Builds the Azure Virtual Network Manager part of the model from evaluated ARM resources: network groups with
 * their static members, security admin configurations, rule collections and admin rules, declared top-level with
 * full type names or nested as child resources (the collector gives both the same full type and name). A child
 * whose parent is not declared still counts: its parent is built from the name alone.
 */
final class ArmNetworkManagers {

    static final String MANAGER = "Microsoft.Network/networkManagers";
    static final String GROUP = MANAGER + "/networkGroups";
    static final String MEMBER = GROUP + "/staticMembers";
    static final String CONFIGURATION = MANAGER + "/securityAdminConfigurations";
    static final String COLLECTION = CONFIGURATION + "/ruleCollections";
    static final String RULE = COLLECTION + "/rules";
    private static final String VNET = "Microsoft.Network/virtualNetworks";
    private static final String SUBNET = VNET + "/subnets";

    private final Function<String, List<DeclaredResource>> ofType;
    private final List<Finding> problems;

    ArmNetworkManagers(Function<String, List<DeclaredResource>> ofType, List<Finding> problems) {
        this.ofType = ofType;
        this.problems = problems;
    }

    private static List<String> names(DeclaredResource r) {
        return List.of(r.name().split("/", -1));
    }

    /** The resource's name segments when there are as many as its type has; otherwise reported and null. */
    private List<String> names(DeclaredResource r, int expected) {
        List<String> n = names(r);
        if (n.size() == expected) {
            return n;
        }
        if (!r.unresolved().isEmpty()) {
            problems.add(Findings.of("unresolved-value", r.source(), r.type() + " '" + r.name() + "': its name"
                    + " cannot be determined offline (" + r.unresolved().get(0).expression() + "), so it is not"
                    + " known which network manager, configuration or collection it belongs to: it is not analysed,"
                    + " so answers do not account for it; give the name a value that can be evaluated offline"));
            return null;
        }
        problems.add(Findings.of("input-error", r.source(), r.type() + " '" + r.name() + "' has " + n.size()
                + " name segments, but its type needs " + expected + " (" + String.join("/", List.of(
                "manager", "group or configuration", "member or collection", "rule").subList(0, expected))
                + "); ARM would reject this template: it is not analysed"));
        return null;
    }

    private static String key(List<String> names, int count) {
        return String.join("/", names.subList(0, count)).toLowerCase(Locale.ROOT);
    }

    // ---- network groups ------------------------------------------------------------------------------------

    private static final class GroupBuilder {
        final String manager;
        final String name;
        String description;
        String memberType;
        final List<String> members = new ArrayList<>();
        final List<UnresolvedValue> unresolved = new ArrayList<>();
        SourceRef source;

        GroupBuilder(String manager, String name) {
            this.manager = manager;
            this.name = name;
        }
    }

    List<NetworkGroup> groups() {
        Map<String, GroupBuilder> groups = new LinkedHashMap<>();
        for (DeclaredResource r : ofType.apply(GROUP)) {
            List<String> n = names(r, 2);
            if (n == null) {
                continue;
            }
            GroupBuilder b = groups.computeIfAbsent(key(n, 2), k -> new GroupBuilder(n.get(0), n.get(1)));
            b.source = r.source();
            b.unresolved.addAll(r.unresolved());
            b.description = scalar(member(r.properties(), "description"), "description", b.unresolved);
            b.memberType = scalar(member(r.properties(), "memberType"), "memberType", b.unresolved);
        }
        for (DeclaredResource r : ofType.apply(MEMBER)) {
            List<String> n = names(r, 3);
            if (n == null) {
                continue;
            }
            GroupBuilder b = groups.computeIfAbsent(key(n, 2), k -> new GroupBuilder(n.get(0), n.get(1)));
            if (b.source == null) {
                b.source = r.source();
            }
            List<UnresolvedValue> memberUnresolved = new ArrayList<>(r.unresolved());
            staticMember(r.properties(), memberUnresolved).ifPresent(b.members::add);
            for (UnresolvedValue u : memberUnresolved) {
                b.unresolved.add(new UnresolvedValue("staticMembers", u.expression(),
                        "static member '" + n.get(2) + "': " + u.property() + " " + u.reason()));
            }
        }
        List<String> policies = policyTexts();
        List<NetworkGroup> out = new ArrayList<>();
        for (GroupBuilder b : groups.values()) {
            boolean named = policies.stream().anyMatch(p -> namesGroup(p, b.name));
            boolean unnamed = policies.stream().anyMatch(p -> groups.values().stream().noneMatch(g -> namesGroup(p,
                    g.name)));
            // A group the input gives no static member is filled elsewhere (Azure Policy, another deployment).
            boolean dynamic = named || unnamed || (b.members.isEmpty() && b.unresolved.isEmpty());
            out.add(new NetworkGroup(b.manager, b.name, b.description, b.memberType, b.members, dynamic, b.unresolved,
                    b.source));
        }
        return out;
    }

    /** The member's model name: a VNet's name, or {@code vnet/subnet}; a VNet outside the input keeps its name. */
    private static Optional<String> staticMember(JsonNode properties, List<UnresolvedValue> unresolved) {
        String property = "resourceId";
        String id = scalar(member(properties, property), property, unresolved);
        if (id == null) {
            if (unresolved.isEmpty()) {
                unresolved.add(new UnresolvedValue(property, "", "is missing"));
            }
            return Optional.empty();
        }
        Optional<ResourceIds.Parsed> parsed = ResourceIds.parse(id);
        if (parsed.isPresent() && (parsed.get().isType(VNET) || parsed.get().isType(SUBNET))) {
            return Optional.of(parsed.get().fullName());
        }
        unresolved.add(new UnresolvedValue(property, id, "is not the resource id of a virtual network or subnet"));
        return Optional.empty();
    }

    /** The raw text of every policy definition whose effect adds members to a network group. */
    private List<String> policyTexts() {
        List<String> out = new ArrayList<>();
        for (DeclaredResource r : ofType.apply(ResourceCollector.POLICY_DEFINITIONS)) {
            String text = r.declaration().toString();
            if (text.toLowerCase(Locale.ROOT).contains("addtonetworkgroup")) {
                out.add(text);
            }
        }
        return out;
    }

    private static boolean namesGroup(String policyText, String group) {
        String lower = policyText.toLowerCase(Locale.ROOT);
        String g = group.toLowerCase(Locale.ROOT);
        return lower.contains("/" + g + "'") || lower.contains("/" + g + "\"") || lower.contains("'" + g + "'")
                || lower.contains("networkgroups/" + g);
    }

    // ---- security admin configurations -----------------------------------------------------------------------

    private static final class ConfigurationBuilder {
        final String manager;
        final String name;
        String description;
        final List<UnresolvedValue> unresolved = new ArrayList<>();
        SourceRef source;
        final Map<String, CollectionBuilder> collections = new LinkedHashMap<>();

        ConfigurationBuilder(String manager, String name) {
            this.manager = manager;
            this.name = name;
        }
    }

    private static final class CollectionBuilder {
        final String name;
        String description;
        final List<String> groups = new ArrayList<>();
        final List<UnresolvedValue> unresolved = new ArrayList<>();
        final List<AdminRule> rules = new ArrayList<>();
        SourceRef source;

        CollectionBuilder(String name) {
            this.name = name;
        }
    }

    List<SecurityAdminConfiguration> configurations() {
        Map<String, ConfigurationBuilder> configurations = new LinkedHashMap<>();
        for (DeclaredResource r : ofType.apply(CONFIGURATION)) {
            List<String> n = names(r, 2);
            if (n == null) {
                continue;
            }
            ConfigurationBuilder b = configuration(configurations, n, r.source());
            b.source = r.source();
            b.unresolved.addAll(r.unresolved());
            b.description = scalar(member(r.properties(), "description"), "description", b.unresolved);
        }
        for (DeclaredResource r : ofType.apply(COLLECTION)) {
            List<String> n = names(r, 3);
            if (n == null) {
                continue;
            }
            CollectionBuilder c = collection(configuration(configurations, n, r.source()), n.get(2), r.source());
            c.source = r.source();
            c.unresolved.addAll(r.unresolved());
            c.description = scalar(member(r.properties(), "description"), "description", c.unresolved);
            appliesTo(member(r.properties(), "appliesToGroups"), c);
        }
        for (DeclaredResource r : ofType.apply(RULE)) {
            List<String> n = names(r, 4);
            if (n == null) {
                continue;
            }
            collection(configuration(configurations, n, r.source()), n.get(2), r.source()).rules.add(rule(r, n.get(3)));
        }
        List<SecurityAdminConfiguration> out = new ArrayList<>();
        for (ConfigurationBuilder b : configurations.values()) {
            List<AdminRuleCollection> collections = new ArrayList<>();
            for (CollectionBuilder c : b.collections.values()) {
                collections.add(new AdminRuleCollection(c.name, c.description, c.groups, c.rules, c.unresolved,
                        c.source));
            }
            out.add(new SecurityAdminConfiguration(b.manager, b.name, b.description, collections, b.unresolved,
                    b.source));
        }
        return out;
    }

    private static ConfigurationBuilder configuration(Map<String, ConfigurationBuilder> all, List<String> n,
                                                      SourceRef at) {
        ConfigurationBuilder b = all.computeIfAbsent(key(n, 2), k -> new ConfigurationBuilder(n.get(0), n.get(1)));
        if (b.source == null) {
            b.source = at;
        }
        return b;
    }

    private static CollectionBuilder collection(ConfigurationBuilder configuration, String name, SourceRef at) {
        CollectionBuilder c = configuration.collections.computeIfAbsent(name.toLowerCase(Locale.ROOT),
                k -> new CollectionBuilder(name));
        if (c.source == null) {
            c.source = at;
        }
        return c;
    }

    private static void appliesTo(JsonNode list, CollectionBuilder c) {
        if (list == null || list.isNull()) {
            return;
        }
        if (Unresolved.isMarker(list) || !list.isArray()) {
            addMarker(list, "appliesToGroups", c.unresolved);
            return;
        }
        for (JsonNode item : list) {
            String id = scalar(member(item, "networkGroupId"), "appliesToGroups", c.unresolved);
            if (id == null) {
                continue;
            }
            Optional<ResourceIds.Parsed> parsed = ResourceIds.parse(id);
            if (parsed.isPresent() && parsed.get().isType(GROUP)) {
                c.groups.add(parsed.get().name());
            } else {
                c.unresolved.add(new UnresolvedValue("appliesToGroups", id,
                        "is not the resource id of a network group"));
            }
        }
    }

    private static AdminRule rule(DeclaredResource r, String name) {
        List<UnresolvedValue> unresolved = new ArrayList<>(r.unresolved());
        JsonNode p = r.properties();
        String kind = r.declaration().path("kind").isTextual() ? r.declaration().path("kind").asText() : null;
        if (kind != null && kind.startsWith("[")) {
            unresolved.add(new UnresolvedValue("kind", kind, "an expression the loader does not evaluate for kind"));
        } else if (kind != null && kind.equalsIgnoreCase("Default")) {
            unresolved.add(new UnresolvedValue("kind", "Default" + Optional.ofNullable(scalar(member(p, "flag"),
                    "flag", unresolved)).map(f -> " (flag " + f + ")").orElse(""),
                    "a Default admin rule stands for a rule Azure defines; its content is not known offline"));
        }
        String priorityText = scalar(member(p, "priority"), "priority", unresolved);
        Integer priority = null;
        if (priorityText != null) {
            try {
                priority = Integer.valueOf(priorityText.trim());
            } catch (NumberFormatException e) {
                unresolved.add(new UnresolvedValue("priority", priorityText, "not an integer"));
            }
        }
        return AdminRule.builder(name)
                .kind(kind)
                .description(scalar(member(p, "description"), "description", unresolved))
                .priority(priority)
                .direction(scalar(member(p, "direction"), "direction", unresolved))
                .access(scalar(member(p, "access"), "access", unresolved))
                .protocol(scalar(member(p, "protocol"), "protocol", unresolved))
                .sources(items(member(p, "sources"), "sources", unresolved))
                .destinations(items(member(p, "destinations"), "destinations", unresolved))
                .sourcePortRanges(strings(member(p, "sourcePortRanges"), "sourcePortRanges", unresolved))
                .destinationPortRanges(strings(member(p, "destinationPortRanges"), "destinationPortRanges",
                        unresolved))
                .unresolved(unresolved)
                .source(r.source())
                .build();
    }

    private static List<AddressPrefixItem> items(JsonNode list, String property, List<UnresolvedValue> unresolved) {
        List<AddressPrefixItem> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (Unresolved.isMarker(list) || !list.isArray()) {
            addMarker(list, property, unresolved);
            return out;
        }
        for (JsonNode item : list) {
            if (Unresolved.isMarker(item) || !item.isObject()) {
                addMarker(item, property, unresolved);
                continue;
            }
            int before = unresolved.size();
            AddressPrefixItem read = new AddressPrefixItem(scalar(member(item, "addressPrefix"), property, unresolved),
                    scalar(member(item, "addressPrefixType"), property, unresolved));
            if (unresolved.size() == before) {
                out.add(read); // an item with an unknown part is only in the unresolved values, never half-read
            }
        }
        return out;
    }
}
