package dev.nsgaudit.load.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.model.AddressPrefixItem;
import dev.nsgaudit.model.AdminRule;
import dev.nsgaudit.model.AdminRuleCollection;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.NetworkGroup;
import dev.nsgaudit.model.SecurityAdminConfiguration;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.UnresolvedValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Virtual Network Manager resources of an export ({@code az network manager group list}, {@code ... group
 * static-member list}, {@code ... security-admin-config list}, {@code ... rule-collection list}, {@code ... rule list},
 * or Resource Graph rows of the same types): each is a resource of its own, matched to its parent by id. The
 * network manager's model name is {@code name@resourceGroup@subscription}, as for every exported resource; static
 * members name VNets and subnets by their model names. A group exported without static members may be filled by
 * Azure Policy (or its members were not exported), so its membership is taken as not known.
 */
final class ExportNetworkManagers {

    static final String MANAGER = "Microsoft.Network/networkManagers";
    static final String GROUP = MANAGER + "/networkGroups";
    static final String MEMBER = GROUP + "/staticMembers";
    static final String CONFIGURATION = MANAGER + "/securityAdminConfigurations";
    static final String COLLECTION = CONFIGURATION + "/ruleCollections";
    static final String RULE = COLLECTION + "/rules";

    /** The types read, lower case. */
    static final List<String> TYPES = List.of(GROUP, MEMBER, CONFIGURATION, COLLECTION, RULE).stream()
            .map(t -> t.toLowerCase(Locale.ROOT)).toList();

    private final List<ExportedResource> resources;
    private final List<Finding> problems;

    ExportNetworkManagers(List<ExportedResource> resources, List<Finding> problems) {
        this.resources = resources;
        this.problems = problems;
    }

    private static String parentKey(AzureId id, int names) {
        return (id.subscription() + "/" + id.resourceGroup() + "/" + String.join("/", id.names().subList(0, names)))
                .toLowerCase(Locale.ROOT);
    }

    private static final class GroupBuilder {
        String manager;
        String name;
        String description;
        String memberType;
        final List<String> members = new ArrayList<>();
        final List<UnresolvedValue> unresolved = new ArrayList<>();
        SourceRef source;
    }

    List<NetworkGroup> groups() {
        Map<String, GroupBuilder> groups = new LinkedHashMap<>();
        for (ExportedResource r : resources) {
            if (r.id().isType(GROUP)) {
                GroupBuilder b = group(groups, r);
                ExportValues v = new ExportValues(r.document(), problems);
                b.source = r.source();
                b.description = v.scalar(r.properties(), "description", "network group " + b.name);
                b.memberType = v.scalar(r.properties(), "memberType", "network group " + b.name);
            }
        }
        for (ExportedResource r : resources) {
            if (r.id().isType(MEMBER)) {
                GroupBuilder b = group(groups, r);
                ExportValues v = new ExportValues(r.document(), problems);
                String id = v.scalar(r.properties(), "resourceId", "static member " + r.id().name());
                Optional<AzureId> member = AzureId.parse(id);
                if (member.isPresent() && member.get().isType(ExportMapper.VNET)) {
                    b.members.add(member.get().modelName());
                } else if (member.isPresent() && member.get().isType(ExportMapper.SUBNET)) {
                    b.members.add(member.get().modelName() + "/" + member.get().name());
                } else {
                    b.unresolved.add(new UnresolvedValue("staticMembers", String.valueOf(id), "static member '"
                            + r.id().name() + "' is not the resource id of a virtual network or subnet"));
                }
            }
        }
        List<NetworkGroup> out = new ArrayList<>();
        for (GroupBuilder b : groups.values()) {
            boolean dynamic = b.members.isEmpty() && b.unresolved.isEmpty();
            out.add(new NetworkGroup(b.manager, b.name, b.description, b.memberType, b.members, dynamic, b.unresolved,
                    b.source));
        }
        return out;
    }

    private static GroupBuilder group(Map<String, GroupBuilder> groups, ExportedResource r) {
        GroupBuilder b = groups.computeIfAbsent(parentKey(r.id(), 2), k -> new GroupBuilder());
        b.manager = r.id().modelName();
        b.name = r.id().names().get(1);
        if (b.source == null) {
            b.source = r.source();
        }
        return b;
    }

    private static final class ConfigurationBuilder {
        String manager;
        String name;
        String description;
        SourceRef source;
        final Map<String, CollectionBuilder> collections = new LinkedHashMap<>();
    }

    private static final class CollectionBuilder {
        String name;
        String description;
        final List<String> groups = new ArrayList<>();
        final List<UnresolvedValue> unresolved = new ArrayList<>();
        final List<AdminRule> rules = new ArrayList<>();
        SourceRef source;
    }

    List<SecurityAdminConfiguration> configurations() {
        Map<String, ConfigurationBuilder> configurations = new LinkedHashMap<>();
        for (ExportedResource r : resources) {
            if (r.id().isType(CONFIGURATION)) {
                ConfigurationBuilder b = configuration(configurations, r);
                b.source = r.source();
                b.description = new ExportValues(r.document(), problems).scalar(r.properties(), "description",
                        "security admin configuration " + b.name);
            }
        }
        for (ExportedResource r : resources) {
            if (r.id().isType(COLLECTION)) {
                CollectionBuilder c = collection(configuration(configurations, r), r);
                c.source = r.source();
                ExportValues v = new ExportValues(r.document(), problems);
                String what = "rule collection " + c.name;
                c.description = v.scalar(r.properties(), "description", what);
                for (JsonNode g : v.objects(r.properties(), "appliesToGroups", what)) {
                    String id = v.scalar(g, "networkGroupId", what);
                    Optional<AzureId> group = AzureId.parse(id);
                    if (group.isPresent() && group.get().isType(GROUP)) {
                        c.groups.add(group.get().names().get(1));
                    } else {
                        c.unresolved.add(new UnresolvedValue("appliesToGroups", String.valueOf(id),
                                "is not the resource id of a network group"));
                    }
                }
            }
        }
        for (ExportedResource r : resources) {
            if (r.id().isType(RULE)) {
                collection(configuration(configurations, r), r).rules.add(rule(r));
            }
        }
        List<SecurityAdminConfiguration> out = new ArrayList<>();
        for (ConfigurationBuilder b : configurations.values()) {
            List<AdminRuleCollection> collections = new ArrayList<>();
            for (CollectionBuilder c : b.collections.values()) {
                collections.add(new AdminRuleCollection(c.name, c.description, c.groups, c.rules, c.unresolved,
                        c.source));
            }
            out.add(new SecurityAdminConfiguration(b.manager, b.name, b.description, collections, List.of(), b.source));
        }
        return out;
    }

    private static ConfigurationBuilder configuration(Map<String, ConfigurationBuilder> all, ExportedResource r) {
        ConfigurationBuilder b = all.computeIfAbsent(parentKey(r.id(), 2), k -> new ConfigurationBuilder());
        b.manager = r.id().modelName();
        b.name = r.id().names().get(1);
        if (b.source == null) {
            b.source = r.source();
        }
        return b;
    }

    private static CollectionBuilder collection(ConfigurationBuilder configuration, ExportedResource r) {
        String name = r.id().names().get(2);
        CollectionBuilder c = configuration.collections.computeIfAbsent(name.toLowerCase(Locale.ROOT),
                k -> new CollectionBuilder());
        c.name = name;
        if (c.source == null) {
            c.source = r.source();
        }
        return c;
    }

    private AdminRule rule(ExportedResource r) {
        ExportValues v = new ExportValues(r.document(), problems);
        JsonNode p = r.properties();
        String name = r.id().name();
        String what = "admin rule " + name;
        List<UnresolvedValue> unresolved = new ArrayList<>();
        String kind = v.scalar(r.object(), "kind", what);
        if (kind != null && kind.equalsIgnoreCase("Default")) {
            String flag = v.scalar(p, "flag", what);
            unresolved.add(new UnresolvedValue("kind", "Default" + (flag == null ? "" : " (flag " + flag + ")"),
                    "a Default admin rule stands for a rule Azure defines; its content is not known offline"));
        }
        String priorityText = v.scalar(p, "priority", what);
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
                .description(v.scalar(p, "description", what))
                .priority(priority)
                .direction(v.scalar(p, "direction", what))
                .access(v.scalar(p, "access", what))
                .protocol(v.scalar(p, "protocol", what))
                .sources(items(v, p, "sources", what))
                .destinations(items(v, p, "destinations", what))
                .sourcePortRanges(v.strings(p, "sourcePortRanges", what))
                .destinationPortRanges(v.strings(p, "destinationPortRanges", what))
                .unresolved(unresolved)
                .source(r.source())
                .build();
    }

    private static List<AddressPrefixItem> items(ExportValues v, JsonNode p, String key, String what) {
        List<AddressPrefixItem> out = new ArrayList<>();
        for (JsonNode item : v.objects(p, key, what)) {
            out.add(new AddressPrefixItem(v.scalar(item, "addressPrefix", what),
                    v.scalar(item, "addressPrefixType", what)));
        }
        return out;
    }
}
