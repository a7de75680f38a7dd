package dev.nsgaudit.load;

import dev.nsgaudit.model.AddressPrefixItem;
import dev.nsgaudit.model.AdminRule;
import dev.nsgaudit.model.AdminRuleCollection;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.NetworkGroup;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.SecurityAdminConfiguration;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.net.IpPrefix;
import dev.nsgaudit.rules.Findings;
import dev.nsgaudit.semantics.AddressField;
import dev.nsgaudit.semantics.AdminAccess;
import dev.nsgaudit.semantics.PortField;
import dev.nsgaudit.semantics.ServiceTags;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What Azure would reject in Virtual Network Manager definitions (SPEC-AVNM, DOC-AVNM), as
 * {@code invalid-admin-rule}, and what the loader could not determine or the input does not define, as
 * {@code unresolved-value}: a network group outside the input may hold any VNet, so the rules' reach is not known.
 */
public final class AdminRuleValidator {

    private AdminRuleValidator() {
    }

    public static List<Finding> validate(Topology t, ServiceTags tags) {
        List<Finding> out = new ArrayList<>();
        for (NetworkGroup g : t.networkGroups()) {
            unresolved(out, g.source(), "network group " + g.qualifiedName(), g.unresolved());
            if (!g.hasSubnetMembers() && !NetworkGroup.MEMBER_VIRTUAL_NETWORK.equalsIgnoreCase(g.memberType())) {
                out.add(Findings.of("invalid-admin-rule", g.source(), "network group " + g.qualifiedName()
                        + ": memberType '" + g.memberType() + "' is neither VirtualNetwork nor Subnet"));
            }
        }
        for (SecurityAdminConfiguration c : t.securityAdminConfigurations()) {
            unresolved(out, c.source(), "security admin configuration " + c.qualifiedName(), c.unresolved());
            for (AdminRuleCollection collection : c.ruleCollections()) {
                String where = "rule collection " + c.qualifiedName() + "/" + collection.name();
                unresolved(out, collection.source(), where, collection.unresolved());
                for (String group : collection.appliesToGroups()) {
                    if (t.networkGroup(c.networkManager(), group).isEmpty()) {
                        out.add(Findings.of("unresolved-value", collection.source(), where + " applies to network"
                                + " group '" + group + "', which is not defined in the input: the VNets it reaches"
                                + " are unknown, so flows its rules may decide are inconclusive"));
                    }
                }
                Map<Integer, AdminRule> priorities = new HashMap<>();
                Map<String, AdminRule> names = new HashMap<>();
                for (AdminRule rule : collection.rules()) {
                    String what = "admin rule " + rule.name() + " of " + where;
                    unresolved(out, rule.source(), what, rule.unresolved());
                    validate(out, t, c.networkManager(), rule, what, tags);
                    if (rule.priority() != null) {
                        AdminRule first = priorities.putIfAbsent(rule.priority(), rule);
                        if (first != null) {
                            out.add(invalid(rule, what + ": priority " + rule.priority() + " is also the priority of "
                                    + first.name() + " (" + first.source() + "); priorities must be unique within a"
                                    + " rule collection, so which one decides is undefined"));
                        }
                    }
                    AdminRule sameName = names.putIfAbsent(Topology.key(rule.name()), rule);
                    if (sameName != null) {
                        out.add(invalid(rule, what + ": the name is used twice in the collection (also at "
                                + sameName.source() + "); names are case-insensitive"));
                    }
                }
            }
        }
        return out;
    }

    private static void validate(List<Finding> out, Topology t, String manager, AdminRule rule, String what,
                                 ServiceTags tags) {
        boolean known = rule.unresolved().isEmpty();
        if (rule.kind() != null && !rule.kind().equalsIgnoreCase("Custom") && !rule.kind().equalsIgnoreCase("Default")
                && !rule.kind().startsWith("[")) {
            out.add(invalid(rule, what + ": kind '" + rule.kind() + "' is neither Custom nor Default"));
        }
        if (rule.kind() != null && rule.kind().equalsIgnoreCase("Default")) {
            return; // its content is Azure's; reported as unresolved
        }
        if (rule.priority() == null) {
            if (known) {
                out.add(invalid(rule, what + ": priority is missing; give an integer 1-4096"));
            }
        } else if (rule.priority() < 1 || rule.priority() > 4096) {
            out.add(invalid(rule, what + ": priority " + rule.priority() + " is outside 1-4096"));
        }
        if (rule.access() != null && AdminAccess.parse(rule.access()).isEmpty()) {
            out.add(invalid(rule, what + ": access '" + rule.access() + "' is not Allow, AlwaysAllow or Deny"));
        } else if (rule.access() == null && known) {
            out.add(invalid(rule, what + ": access is missing; give Allow, AlwaysAllow or Deny"));
        }
        if (rule.direction() != null && Direction.parse(rule.direction()).isEmpty()) {
            out.add(invalid(rule, what + ": direction '" + rule.direction() + "' is neither Inbound nor Outbound"));
        } else if (rule.direction() == null && known) {
            out.add(invalid(rule, what + ": direction is missing; give Inbound or Outbound"));
        }
        if (rule.protocol() != null && !rule.protocol().trim().equalsIgnoreCase("Any")
                && Protocol.parse(rule.protocol()).isEmpty()) {
            out.add(invalid(rule, what + ": protocol '" + rule.protocol()
                    + "' is not one of Tcp, Udp, Icmp, Esp, Ah, Any"));
        } else if (rule.protocol() == null && known) {
            out.add(invalid(rule, what + ": protocol is missing; give Tcp, Udp, Icmp, Esp, Ah or Any"));
        }
        for (String field : List.of("sourcePortRanges", "destinationPortRanges")) {
            List<String> ranges = field.startsWith("source") ? rule.sourcePortRanges() : rule.destinationPortRanges();
            if (!ranges.isEmpty()) {
                PortField.parse(field.replace("Ranges", ""), null, ranges).unresolvable()
                        .forEach(m -> out.add(invalid(rule, what + ": " + m)));
            }
        }
        items(out, t, manager, rule, what + ": sources", rule.sources(), tags);
        items(out, t, manager, rule, what + ": destinations", rule.destinations(), tags);
    }

    private static void items(List<Finding> out, Topology t, String manager, AdminRule rule, String what,
                              List<AddressPrefixItem> items, ServiceTags tags) {
        for (AddressPrefixItem item : items) {
            String prefix = item.addressPrefix() == null ? "" : item.addressPrefix().trim();
            String type = item.addressPrefixType();
            if (prefix.isEmpty()) {
                out.add(invalid(rule, what + ": an item has no addressPrefix"));
            } else if (type == null) {
                out.add(invalid(rule, what + ": '" + prefix + "' has no addressPrefixType; give IPPrefix, ServiceTag"
                        + " or NetworkGroup"));
            } else if (item.isType(AddressPrefixItem.IP_PREFIX)) {
                if (!AddressField.isAny(prefix)) {
                    try {
                        IpPrefix.parse(prefix);
                    } catch (IllegalArgumentException e) {
                        out.add(invalid(rule, what + ": '" + prefix + "' is not an IP address or CIDR ("
                                + e.getMessage() + ")" + (isTag(prefix, tags) ? "; for a service tag use"
                                + " addressPrefixType ServiceTag" : "")));
                    }
                }
            } else if (item.isType(AddressPrefixItem.SERVICE_TAG)) {
                if (!isTag(prefix, tags)) {
                    out.add(invalid(rule, what + ": '" + prefix + "' is not a known service tag (check the spelling,"
                            + " or pass the tag file that defines it with --service-tags)"));
                }
            } else if (item.isType(AddressPrefixItem.NETWORK_GROUP)) {
                String name = prefix.substring(prefix.lastIndexOf('/') + 1);
                if (t.networkGroup(manager, name).isEmpty()) {
                    out.add(Findings.of("unresolved-value", rule.source(), what + " names network group '" + prefix
                            + "', which is not defined in the input; its addresses are unknown, so flows the rule"
                            + " may decide are inconclusive"));
                }
            } else {
                out.add(invalid(rule, what + ": addressPrefixType '" + type + "' is not IPPrefix, ServiceTag or"
                        + " NetworkGroup"));
            }
        }
    }

    private static boolean isTag(String text, ServiceTags tags) {
        return AddressField.builtInTag(text) != null || tags.lookup(text).isPresent();
    }

    private static Finding invalid(AdminRule rule, String message) {
        return Findings.of("invalid-admin-rule", rule.source(), message);
    }

    private static void unresolved(List<Finding> out, SourceRef at, String what, List<UnresolvedValue> values) {
        for (UnresolvedValue u : values) {
            out.add(Findings.of("unresolved-value", at, what + ": " + u.property()
                    + " cannot be determined offline (" + u.expression() + "): " + u.reason()
                    + "; flows that depend on it are inconclusive"));
        }
    }
}
