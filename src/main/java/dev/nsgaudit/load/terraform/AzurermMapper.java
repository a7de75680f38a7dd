package dev.nsgaudit.load.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.nsgaudit.model.ApplicationSecurityGroup;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.rules.Findings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Maps the azurerm resources of one side of a plan to the model. Ids known in the plan are matched against the ids
 * of the other resources; ids known only after apply are resolved through {@link ConfigReferences} or become
 * unresolved values on the object that holds them. An association whose subnet or NIC cannot be known may concern
 * any subnet or NIC without a known association, so each of those gets the unresolved value.
 */
final class AzurermMapper {

    static final String NSG = "azurerm_network_security_group";
    static final String RULE = "azurerm_network_security_rule";
    static final String ASG = "azurerm_application_security_group";
    static final String VNET = "azurerm_virtual_network";
    static final String SUBNET = "azurerm_subnet";
    static final String PEERING = "azurerm_virtual_network_peering";
    static final String SUBNET_NSG = "azurerm_subnet_network_security_group_association";
    static final String NIC = "azurerm_network_interface";
    static final String NIC_NSG = "azurerm_network_interface_security_group_association";
    static final String NIC_ASG = "azurerm_network_interface_application_security_group_association";
    static final List<String> VMSS = List.of("azurerm_linux_virtual_machine_scale_set",
            "azurerm_windows_virtual_machine_scale_set");

    private static final String AFTER_APPLY = "known after apply";

    private final List<PlanResource> resources;
    private final ConfigReferences refs;
    private final List<Finding> problems;
    /** Model names by resource address (subnets as {@code vnet/subnet}). */
    private final Map<String, String> names = new HashMap<>();
    /** Model names by lower-case Azure id, per resource type. */
    private final Map<String, Map<String, String>> ids = new HashMap<>();

    private final Map<String, NsgBuilder> nsgs = new LinkedHashMap<>();
    private final Map<String, VnetBuilder> vnets = new LinkedHashMap<>();
    private final Map<String, NicBuilder> nics = new LinkedHashMap<>();
    private final List<ApplicationSecurityGroup> asgs = new ArrayList<>();

    /** {@code nsg/rule} (lower case) of the rule resources this plan destroys. */
    private final Set<String> deletedRules = new java.util.HashSet<>();

    /**
     * @param deleted the prior values of the resources the plan destroys (and does not create again)
     */
    AzurermMapper(List<PlanResource> resources, List<PlanResource> deleted, ConfigReferences refs,
                  List<Finding> problems) {
        for (PlanResource d : deleted) {
            if (d.type().equals(RULE) && d.text("network_security_group_name") != null && d.text("name") != null) {
                deletedRules.add(lower(d.text("network_security_group_name") + "/" + d.text("name")));
            }
        }
        this.resources = resources;
        this.refs = refs;
        this.problems = problems;
    }

    Topology map() {
        nameAll();
        for (PlanResource r : ofType(ASG)) {
            asgs.add(new ApplicationSecurityGroup(names.get(r.address()), r.source()));
        }
        for (PlanResource r : ofType(NSG)) {
            nsg(r);
        }
        for (PlanResource r : ofType(RULE)) {
            standaloneRule(r);
        }
        for (PlanResource r : ofType(VNET)) {
            vnet(r);
        }
        for (PlanResource r : ofType(SUBNET)) {
            subnet(r);
        }
        for (PlanResource r : ofType(PEERING)) {
            peering(r);
        }
        subnetAssociations();
        for (PlanResource r : ofType(NIC)) {
            nic(r);
        }
        for (String type : VMSS) {
            for (PlanResource r : ofType(type)) {
                scaleSet(r);
            }
        }
        nicAssociations();
        asgAssociations();
        return new Topology(vnets.values().stream().map(VnetBuilder::build).toList(), asgs,
                nics.values().stream().map(NicBuilder::build).toList(),
                nsgs.values().stream().map(NsgBuilder::build).toList());
    }

    // ---- names and ids -----------------------------------------------------------------------------------

    private void nameAll() {
        for (String type : List.of(NSG, ASG, VNET, NIC)) {
            names.putAll(ModelNames.of(ofType(type)));
        }
        List<PlanResource> scaleSets = resources.stream().filter(r -> VMSS.contains(r.type())).toList();
        names.putAll(ModelNames.of(scaleSets));
        for (PlanResource r : resources) {
            if (names.containsKey(r.address()) && r.text("name") == null) {
                unresolvedFinding(r.source(), r.address() + ": its name is known only after apply; it is named by"
                        + " its address");
            }
            String id = r.text("id");
            if (id != null && names.containsKey(r.address())) {
                ids.computeIfAbsent(r.type(), k -> new HashMap<>()).put(lower(id), names.get(r.address()));
            }
        }
    }

    private List<PlanResource> ofType(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** The model name of a resource of {@code type} with this Azure name (in this resource group, when known). */
    private Optional<String> byName(String type, String name, String resourceGroup) {
        List<PlanResource> matches = ofType(type).stream()
                .filter(r -> name.equalsIgnoreCase(r.text("name")))
                .filter(r -> resourceGroup == null || r.text("resource_group_name") == null
                        || resourceGroup.equalsIgnoreCase(r.text("resource_group_name")))
                .toList();
        return matches.size() == 1 ? Optional.ofNullable(names.get(matches.get(0).address())) : Optional.empty();
    }

    /** A reference found, absent, or unresolved (then {@code unresolved} is set and already recorded). */
    private record Ref(String name, boolean unresolved, boolean outside) {
        static final Ref NONE = new Ref(null, false, false);
        static final Ref UNRESOLVED = new Ref(null, true, false);

        Ref(String name, boolean unresolved) {
            this(name, unresolved, false);
        }
    }

    /**
     * The model name of the resource an id attribute names: matched by id when the plan knows it, through the
     * configuration's references when it is known only after apply.
     */
    private Ref idRef(PlanResource r, Object[] path, JsonNode expression, String type, String property,
                      List<UnresolvedValue> out) {
        if (r.isUnknown(path)) {
            return fromConfig(r, expression, type, "id", property, out);
        }
        String id = r.text(path);
        if (id == null) {
            return Ref.NONE;
        }
        String name = ids.getOrDefault(type, Map.of()).get(lower(id));
        if (name != null) {
            return new Ref(name, false);
        }
        out.add(new UnresolvedValue(property, id, "names " + kind(type) + " '" + id.substring(id.lastIndexOf('/') + 1)
                + "', which this plan does not manage (" + r.address() + ")"));
        return Ref.UNRESOLVED;
    }

    private Ref fromConfig(PlanResource r, JsonNode expression, String type, String attribute, String property,
                           List<UnresolvedValue> out) {
        ConfigReferences.Resolution res = refs.one(r, expression, type, attribute);
        if (res.resolved()) {
            String name = names.get(res.targets().get(0).address());
            if (name != null) {
                return new Ref(name, false);
            }
            out.add(new UnresolvedValue(property, AFTER_APPLY, "names " + res.targets().get(0).address()
                    + ", whose place in the model is not known (" + r.address() + ")"));
            return Ref.UNRESOLVED;
        }
        out.add(new UnresolvedValue(property, written(expression), "known only after apply and " + res.reason()
                + " (" + r.address() + ")"));
        return Ref.UNRESOLVED;
    }

    /** The model name of a resource named by an Azure {@code name} attribute (NSG of a rule, VNet of a subnet). */
    private Ref nameRef(PlanResource r, String attribute, String type, String property, List<UnresolvedValue> out) {
        if (r.isUnknown(attribute)) {
            return fromConfig(r, refs.expressions(r).path(attribute), type, "name", property, out);
        }
        String name = r.text(attribute);
        if (name == null) {
            return Ref.NONE;
        }
        Optional<String> inPlan = byName(type, name, r.text("resource_group_name"));
        if (inPlan.isPresent()) {
            return new Ref(inPlan.get(), false);
        }
        // Not managed by this plan: named as the plan would name it, qualified when a managed one has the name.
        String rg = r.text("resource_group_name");
        boolean clash = ofType(type).stream().anyMatch(o -> name.equalsIgnoreCase(names.get(o.address())));
        return new Ref(clash && rg != null ? name + "@" + rg : name, false, true);
    }

    /** ASG ids (a set): known ids by id, unknown ones through the configuration's references. */
    private List<String> asgIds(PlanResource r, Object[] path, JsonNode expression, String property,
                                List<UnresolvedValue> out) {
        Set<String> names = new LinkedHashSet<>();
        int unknown = 0;
        if (r.isUnknown(path)) {
            unknown = 1;
        } else {
            JsonNode list = r.value(path);
            for (int i = 0; list != null && i < list.size(); i++) {
                Object[] at = append(path, i);
                if (r.isUnknown(at)) {
                    unknown++;
                    continue;
                }
                Ref ref = idRef(r, at, MissingNode.getInstance(), ASG, property, out);
                if (ref.name() != null) {
                    names.add(ref.name());
                }
            }
        }
        if (unknown > 0) {
            ConfigReferences.Resolution res = refs.all(r, expression, ASG, "id");
            if (res.resolved() && res.targets().stream().allMatch(t -> this.names.containsKey(t.address()))) {
                res.targets().forEach(t -> names.add(this.names.get(t.address())));
            } else {
                out.add(new UnresolvedValue(property, AFTER_APPLY, "known only after apply and "
                        + (res.resolved() ? "names a resource outside the model" : res.reason()) + " (" + r.address()
                        + ")"));
            }
        }
        return new ArrayList<>(names);
    }

    /**
     * Unknown, and set in the configuration. A computed attribute the configuration leaves out only mirrors what
     * other resources of the plan set (an NSG's security_rule set when its rules are rule resources, a VNet's subnet
     * set when its subnets are subnet resources), and those are read themselves. Without the configuration it
     * counts as set.
     */
    private boolean unknownConfigured(PlanResource r, String attribute) {
        if (!r.isUnknown(attribute)) {
            return false;
        }
        JsonNode e = refs.expressions(r);
        return e.isMissingNode() || e.has(attribute);
    }

    /** What the configuration writes for a value: the references of its expression, when it gives them. */
    private static String written(JsonNode expression) {
        JsonNode refs = expression == null ? null : expression.get("references");
        if (refs == null || !refs.isArray() || refs.isEmpty()) {
            return AFTER_APPLY;
        }
        List<String> out = new ArrayList<>();
        refs.forEach(ref -> out.add(ref.asText()));
        return String.join(", ", out);
    }

    private static Object[] append(Object[] path, Object step) {
        Object[] out = Arrays.copyOf(path, path.length + 1);
        out[path.length] = step;
        return out;
    }

    private static String kind(String type) {
        return type.substring("azurerm_".length()).replace('_', ' ');
    }

    private void unresolvedFinding(SourceRef at, String message) {
        problems.add(Findings.of("unresolved-value", at, message));
    }

    // ---- NSGs and rules ----------------------------------------------------------------------------------

    private void nsg(PlanResource r) {
        NsgBuilder b = new NsgBuilder(names.get(r.address()), r.source());
        nsgs.put(r.address(), b);
        if (unknownConfigured(r, "security_rule")) {
            b.unresolved.add(new UnresolvedValue("securityRules", AFTER_APPLY, "the inline security_rule set is known"
                    + " only after apply (" + r.address() + ")"));
            return;
        }
        JsonNode rules = r.value("security_rule");
        JsonNode config = refs.expressions(r).path("security_rule");
        for (int i = 0; rules != null && i < rules.size(); i++) {
            Object[] at = {"security_rule", i};
            if (r.isUnknown(at)) {
                b.unresolved.add(new UnresolvedValue("securityRules", AFTER_APPLY, "an inline security_rule is known"
                        + " only after apply (" + r.address() + ")"));
                continue;
            }
            String ruleName = r.text("security_rule", i, "name");
            if (ruleName != null && deletedRules.contains(lower(ModelNames.azureName(r) + "/" + ruleName))) {
                continue; // mirrored from the state, but its rule resource is destroyed by this plan
            }
            b.rules.add(rule(r, at, inlineConfig(config, ruleName), r.source()));
        }
    }

    /** The configuration of an inline rule: the block with the same constant name (a set has no order). */
    private static JsonNode inlineConfig(JsonNode config, String ruleName) {
        if (config.isArray() && ruleName != null) {
            for (JsonNode block : config) {
                if (ruleName.equals(block.path("name").path("constant_value").asText(null))) {
                    return block;
                }
            }
        }
        return MissingNode.getInstance();
    }

    private void standaloneRule(PlanResource r) {
        List<UnresolvedValue> u = new ArrayList<>();
        Ref nsg = nameRef(r, "network_security_group_name", NSG, "networkSecurityGroup", u);
        SecurityRule rule = rule(r, new Object[0], refs.expressions(r), r.source());
        NsgBuilder target = nsg.name() == null || nsg.outside() ? null : nsgs.values().stream()
                .filter(b -> b.name.equalsIgnoreCase(nsg.name())).findFirst().orElse(null);
        if (target != null) {
            // The NSG's computed rule set (state, or a plan that leaves it unchanged) mirrors this rule: keep one.
            target.rules.removeIf(existing -> existing.name().equalsIgnoreCase(rule.name()));
            target.rules.add(rule);
            return;
        }
        if (nsg.unresolved()) {
            // The rule may belong to any NSG of the plan.
            for (NsgBuilder b : nsgs.values()) {
                b.unresolved.add(new UnresolvedValue("securityRules", r.address(), "rule resource " + r.address()
                        + " may belong to this NSG: " + u.get(0).reason()));
            }
            unresolvedFinding(r.source(), "rule resource " + r.address() + ": the NSG it belongs to cannot be"
                    + " determined offline: " + u.get(0).reason() + "; every NSG of the plan may hold it");
            return;
        }
        unresolvedFinding(r.source(), "rule resource " + r.address() + " belongs to network security group '"
                + nsg.name() + "', which this plan does not manage; its effect cannot be checked");
    }

    /** A rule from an inline element or a rule resource; {@code config} holds the element's expressions. */
    private SecurityRule rule(PlanResource r, Object[] at, JsonNode config, SourceRef source) {
        List<UnresolvedValue> u = new ArrayList<>();
        Function<String, String> text = attr -> {
            Object[] path = append(at, attr);
            if (r.isUnknown(path)) {
                u.add(new UnresolvedValue(armName(attr), written(config.path(attr)), attr + " is known only after"
                        + " apply (" + r.address() + ")"));
                return null;
            }
            return r.text(path);
        };
        Function<String, List<String>> list = attr -> {
            Object[] path = append(at, attr);
            List<String> out = new ArrayList<>();
            if (r.isUnknown(path)) {
                u.add(new UnresolvedValue(armName(attr), written(config.path(attr)), attr + " is known only after"
                        + " apply (" + r.address() + ")"));
                return out;
            }
            JsonNode v = r.value(path);
            for (int i = 0; v != null && i < v.size(); i++) {
                if (r.isUnknown(append(path, i))) {
                    u.add(new UnresolvedValue(armName(attr), AFTER_APPLY, "an element of " + attr
                            + " is known only after apply (" + r.address() + ")"));
                } else if (v.get(i).isValueNode() && !v.get(i).asText().isEmpty()) {
                    out.add(v.get(i).asText());
                }
            }
            return out;
        };
        String name = text.apply("name");
        String priorityText = text.apply("priority");
        Integer priority = null;
        if (priorityText != null) {
            try {
                priority = Integer.parseInt(priorityText);
            } catch (NumberFormatException e) {
                u.add(new UnresolvedValue("priority", priorityText, "not an integer (" + r.address() + ")"));
            }
        }
        return SecurityRule.builder(name == null ? r.address() : name)
                .description(text.apply("description"))
                .priority(priority)
                .direction(text.apply("direction"))
                .access(text.apply("access"))
                .protocol(text.apply("protocol"))
                .sourceAddressPrefix(text.apply("source_address_prefix"))
                .sourceAddressPrefixes(list.apply("source_address_prefixes"))
                .sourceApplicationSecurityGroups(asgIds(r, append(at, "source_application_security_group_ids"),
                        config.path("source_application_security_group_ids"), "sourceApplicationSecurityGroups", u))
                .sourcePortRange(text.apply("source_port_range"))
                .sourcePortRanges(list.apply("source_port_ranges"))
                .destinationAddressPrefix(text.apply("destination_address_prefix"))
                .destinationAddressPrefixes(list.apply("destination_address_prefixes"))
                .destinationApplicationSecurityGroups(asgIds(r, append(at, "destination_application_security_group_ids"),
                        config.path("destination_application_security_group_ids"),
                        "destinationApplicationSecurityGroups", u))
                .destinationPortRange(text.apply("destination_port_range"))
                .destinationPortRanges(list.apply("destination_port_ranges"))
                .unresolved(u)
                .source(source)
                .build();
    }

    /** The ARM property an azurerm argument maps to, so that the validator and evaluator read it as usual. */
    static String armName(String attribute) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : attribute.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    // ---- virtual networks and subnets --------------------------------------------------------------------

    private void vnet(PlanResource r) {
        VnetBuilder b = vnetBuilder(names.get(r.address()));
        b.declared = true;
        b.source = r.source();
        if (r.isUnknown("address_space")) {
            b.unresolved.add(new UnresolvedValue("addressSpace", AFTER_APPLY, "known only after apply ("
                    + r.address() + ")"));
        } else {
            b.addressSpace.addAll(strings(r.value("address_space")));
        }
        if (unknownConfigured(r, "subnet")) {
            b.unresolved.add(new UnresolvedValue("subnets", AFTER_APPLY, "the inline subnet set is known only after"
                    + " apply (" + r.address() + ")"));
            return;
        }
        JsonNode inline = r.value("subnet");
        for (int i = 0; inline != null && i < inline.size(); i++) {
            List<UnresolvedValue> u = new ArrayList<>();
            String name = r.text("subnet", i, "name");
            if (name == null) {
                b.unresolved.add(new UnresolvedValue("subnets", AFTER_APPLY, "an inline subnet's name is known only"
                        + " after apply (" + r.address() + ")"));
                continue;
            }
            List<String> prefixes = new ArrayList<>();
            for (String attr : List.of("address_prefix", "address_prefixes")) {
                if (r.isUnknown("subnet", i, attr)) {
                    u.add(new UnresolvedValue("addressPrefix", AFTER_APPLY, "known only after apply ("
                            + r.address() + ")"));
                }
                JsonNode v = r.value("subnet", i, attr);
                if (v != null) {
                    prefixes.addAll(v.isArray() ? strings(v) : v.asText().isEmpty() ? List.of() : List.of(v.asText()));
                }
            }
            // An inline subnet names its NSG by id in security_group; the set's configuration has no order.
            Ref nsg = idRef(r, new Object[] {"subnet", i, "security_group"}, MissingNode.getInstance(), NSG,
                    "networkSecurityGroup", u);
            SubnetBuilder s = new SubnetBuilder(name, prefixes, u, r.source());
            s.nsg = nsg.name();
            s.nsgKnown = nsg.name() != null || nsg.unresolved();
            b.subnets.put(lower(name), s);
            String id = r.text("subnet", i, "id");
            if (id != null) {
                ids.computeIfAbsent(SUBNET, k -> new HashMap<>()).put(lower(id), b.name + "/" + name);
            }
        }
    }

    private VnetBuilder vnetBuilder(String name) {
        return vnets.computeIfAbsent(lower(name), k -> new VnetBuilder(name));
    }

    private void subnet(PlanResource r) {
        List<UnresolvedValue> vnetUnknown = new ArrayList<>();
        Ref vnet = nameRef(r, "virtual_network_name", VNET, "virtualNetwork", vnetUnknown);
        String name = r.text("name");
        if (vnet.name() == null || name == null) {
            String why = vnet.name() == null ? (vnetUnknown.isEmpty() ? "names no virtual network"
                    : "its virtual network cannot be determined offline: " + vnetUnknown.get(0).reason())
                    : "its name is known only after apply";
            unresolvedFinding(r.source(), "subnet " + r.address() + ": " + why
                    + "; NICs in it are reported as in an unknown subnet");
            return;
        }
        List<UnresolvedValue> u = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (String attr : List.of("address_prefix", "address_prefixes")) {
            if (unknownConfigured(r, attr)) {
                u.add(new UnresolvedValue("addressPrefix", AFTER_APPLY, "known only after apply (" + r.address() + ")"));
            }
            JsonNode v = r.value(attr);
            if (v != null) {
                prefixes.addAll(v.isArray() ? strings(v) : v.asText().isEmpty() ? List.of() : List.of(v.asText()));
            }
        }
        VnetBuilder b = vnetBuilder(vnet.name());
        if (b.source == null) {
            b.source = r.source();
        }
        b.subnets.put(lower(name), new SubnetBuilder(name, prefixes, u, r.source()));
        String model = b.name + "/" + name;
        names.put(r.address(), model);
        String id = r.text("id");
        if (id != null) {
            ids.computeIfAbsent(SUBNET, k -> new HashMap<>()).put(lower(id), model);
        }
    }

    private void peering(PlanResource r) {
        List<UnresolvedValue> u = new ArrayList<>();
        Ref local = nameRef(r, "virtual_network_name", VNET, "virtualNetwork", u);
        if (local.name() == null) {
            unresolvedFinding(r.source(), "peering " + r.address() + ": its virtual network cannot be determined"
                    + " offline" + (u.isEmpty() ? "" : ": " + u.get(0).reason()) + "; the peering is not modeled");
            return;
        }
        VnetBuilder b = vnetBuilder(local.name());
        if (b.source == null) {
            b.source = r.source();
        }
        Ref remote = idRef(r, new Object[] {"remote_virtual_network_id"},
                refs.expressions(r).path("remote_virtual_network_id"), VNET, "peerings", b.unresolved);
        if (remote.name() != null) {
            b.peerings.add(remote.name());
        }
    }

    private void subnetAssociations() {
        List<String> unknownSubnets = new ArrayList<>();
        Map<String, String> byAssociation = new LinkedHashMap<>();
        for (PlanResource r : ofType(SUBNET_NSG)) {
            List<UnresolvedValue> u = new ArrayList<>();
            JsonNode config = refs.expressions(r);
            Ref subnet = idRef(r, new Object[] {"subnet_id"}, config.path("subnet_id"), SUBNET, "subnet", u);
            Ref nsg = idRef(r, new Object[] {"network_security_group_id"}, config.path("network_security_group_id"),
                    NSG, "networkSecurityGroup", u);
            SubnetBuilder s = subnet.name() == null ? null : subnetBuilder(subnet.name());
            if (s == null) {
                String why = u.isEmpty() ? "its subnet is not in the model" : u.get(0).reason();
                unknownSubnets.add(r.address() + ": " + why);
                unresolvedFinding(r.source(), "association " + r.address() + ": the subnet cannot be determined"
                        + " offline: " + why + "; every subnet of the plan without a known NSG may be the one");
                continue;
            }
            s.nsg = nsg.name();
            s.nsgKnown = true;
            s.unresolved.addAll(u);
            byAssociation.put(r.address(), subnet.name());
        }
        for (String why : unknownSubnets) {
            for (VnetBuilder v : vnets.values()) {
                for (SubnetBuilder s : v.subnets.values()) {
                    if (!s.nsgKnown) {
                        s.unresolved.add(new UnresolvedValue("networkSecurityGroup", AFTER_APPLY,
                                "the subnet of association " + why + ", so it may be this one"));
                    }
                }
            }
        }
    }

    private SubnetBuilder subnetBuilder(String reference) {
        int slash = reference.indexOf('/');
        VnetBuilder v = vnets.get(lower(reference.substring(0, slash)));
        return v == null ? null : v.subnets.get(lower(reference.substring(slash + 1)));
    }

    // ---- NICs and scale sets -----------------------------------------------------------------------------

    private void nic(PlanResource r) {
        NicBuilder b = new NicBuilder(names.get(r.address()), r.source());
        nics.put(r.address(), b);
        if (r.isUnknown("ip_configuration")) {
            b.unresolved.add(new UnresolvedValue("ipConfigurations", AFTER_APPLY, "known only after apply ("
                    + r.address() + ")"));
            return;
        }
        JsonNode list = r.value("ip_configuration");
        JsonNode config = refs.expressions(r).path("ip_configuration");
        for (int i = 0; list != null && i < list.size(); i++) {
            Object[] at = {"ip_configuration", i};
            List<UnresolvedValue> u = new ArrayList<>();
            String name = r.text(append(at, "name"));
            // A list block: the planned element i is the configuration's block i.
            JsonNode block = config.isArray() && config.size() == list.size() ? config.get(i) : MissingNode.getInstance();
            Ref subnet = idRef(r, append(at, "subnet_id"), block.path("subnet_id"), SUBNET, "subnet", u);
            String allocation = r.text(append(at, "private_ip_address_allocation"));
            String address = null;
            if (allocation != null && allocation.equalsIgnoreCase("Static")) {
                if (r.isUnknown(append(at, "private_ip_address"))) {
                    u.add(new UnresolvedValue("privateIPAddress", AFTER_APPLY, "a static address known only after"
                            + " apply (" + r.address() + ")"));
                } else {
                    address = r.text(append(at, "private_ip_address"));
                }
            }
            String version = r.text(append(at, "private_ip_address_version"));
            b.ips.add(new IpBuilder(name == null ? "ipconfig" + (i + 1) : name, subnet.name(), address, version, u,
                    r.source()));
        }
    }

    private void scaleSet(PlanResource r) {
        String vmss = names.get(r.address());
        JsonNode list = r.value("network_interface");
        if (r.isUnknown("network_interface")) {
            NicBuilder b = new NicBuilder(vmss, r.source());
            b.unresolved.add(new UnresolvedValue("ipConfigurations", AFTER_APPLY, "the network_interface blocks are"
                    + " known only after apply (" + r.address() + ")"));
            nics.put(r.address(), b);
            return;
        }
        JsonNode config = refs.expressions(r).path("network_interface");
        for (int n = 0; list != null && n < list.size(); n++) {
            Object[] at = {"network_interface", n};
            String nicName = r.text(append(at, "name"));
            NicBuilder b = new NicBuilder(vmss + "/" + (nicName == null ? "nic" + (n + 1) : nicName), r.source());
            nics.put(r.address() + "/" + n, b);
            JsonNode nicConfig = config.isArray() && config.size() == list.size() ? config.get(n)
                    : MissingNode.getInstance();
            Ref nsg = idRef(r, append(at, "network_security_group_id"), nicConfig.path("network_security_group_id"),
                    NSG, "networkSecurityGroup", b.unresolved);
            b.nsg = nsg.name();
            b.nsgKnown = true;
            JsonNode ips = r.value(append(at, "ip_configuration"));
            JsonNode ipsConfig = nicConfig.path("ip_configuration");
            for (int i = 0; ips != null && i < ips.size(); i++) {
                Object[] ip = append(append(at, "ip_configuration"), i);
                JsonNode block = ipsConfig.isArray() && ipsConfig.size() == ips.size() ? ipsConfig.get(i)
                        : MissingNode.getInstance();
                List<UnresolvedValue> u = new ArrayList<>();
                Ref subnet = idRef(r, append(ip, "subnet_id"), block.path("subnet_id"), SUBNET, "subnet", u);
                List<String> memberOf = asgIds(r, append(ip, "application_security_group_ids"),
                        block.path("application_security_group_ids"), "applicationSecurityGroups", u);
                String name = r.text(append(ip, "name"));
                // Scale set instances get their addresses at run time: always dynamic (D8).
                IpBuilder built = new IpBuilder(name == null ? "ipconfig" + (i + 1) : name, subnet.name(), null,
                        r.text(append(ip, "version")), u, r.source());
                built.asgs.addAll(memberOf);
                b.ips.add(built);
            }
        }
    }

    private void nicAssociations() {
        List<String> unknownNics = new ArrayList<>();
        for (PlanResource r : ofType(NIC_NSG)) {
            List<UnresolvedValue> u = new ArrayList<>();
            JsonNode config = refs.expressions(r);
            Ref nic = idRef(r, new Object[] {"network_interface_id"}, config.path("network_interface_id"), NIC,
                    "networkInterface", u);
            Ref nsg = idRef(r, new Object[] {"network_security_group_id"}, config.path("network_security_group_id"),
                    NSG, "networkSecurityGroup", u);
            NicBuilder b = nic.name() == null ? null : nicBuilder(nic.name());
            if (b == null) {
                String why = u.isEmpty() ? "its NIC is not in the model" : u.get(0).reason();
                unknownNics.add(r.address() + ": " + why);
                unresolvedFinding(r.source(), "association " + r.address() + ": the network interface cannot be"
                        + " determined offline: " + why + "; every NIC of the plan without a known NSG may be the one");
                continue;
            }
            b.nsg = nsg.name();
            b.nsgKnown = true;
            b.unresolved.addAll(u);
        }
        for (String why : unknownNics) {
            for (NicBuilder b : nics.values()) {
                if (!b.nsgKnown) {
                    b.unresolved.add(new UnresolvedValue("networkSecurityGroup", AFTER_APPLY,
                            "the NIC of association " + why + ", so it may be this one"));
                }
            }
        }
    }

    private void asgAssociations() {
        for (PlanResource r : ofType(NIC_ASG)) {
            List<UnresolvedValue> u = new ArrayList<>();
            JsonNode config = refs.expressions(r);
            Ref nic = idRef(r, new Object[] {"network_interface_id"}, config.path("network_interface_id"), NIC,
                    "networkInterface", u);
            List<UnresolvedValue> asgUnknown = new ArrayList<>();
            Ref asg = idRef(r, new Object[] {"application_security_group_id"},
                    config.path("application_security_group_id"), ASG, "applicationSecurityGroups", asgUnknown);
            NicBuilder b = nic.name() == null ? null : nicBuilder(nic.name());
            if (b == null) {
                unresolvedFinding(r.source(), "association " + r.address() + ": the network interface cannot be"
                        + " determined offline" + (u.isEmpty() ? "" : ": " + u.get(0).reason())
                        + "; every NIC of the plan may be a member of the group");
                // Any NIC may join the group: every NIC's membership is open.
                for (NicBuilder other : nics.values()) {
                    for (IpBuilder ip : other.ips) {
                        ip.unresolved.add(new UnresolvedValue("applicationSecurityGroups", AFTER_APPLY,
                                "the NIC of association " + r.address() + " " + (u.isEmpty() ? "is not in the model"
                                        : u.get(0).reason()) + ", so it may be this one"));
                    }
                }
                continue;
            }
            // azurerm adds the group to every IP configuration of the NIC.
            for (IpBuilder ip : b.ips) {
                if (asg.name() != null) {
                    ip.asgs.add(asg.name());
                }
                ip.unresolved.addAll(asgUnknown);
            }
        }
    }

    private NicBuilder nicBuilder(String name) {
        return nics.values().stream().filter(n -> n.name.equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (JsonNode v : list) {
                if (v.isValueNode() && !v.isNull() && !v.asText().isEmpty()) {
                    out.add(v.asText());
                }
            }
        }
        return out;
    }

    // ---- builders ----------------------------------------------------------------------------------------

    private static final class NsgBuilder {
        final String name;
        final SourceRef source;
        final List<SecurityRule> rules = new ArrayList<>();
        final List<UnresolvedValue> unresolved = new ArrayList<>();

        NsgBuilder(String name, SourceRef source) {
            this.name = name;
            this.source = source;
        }

        NetworkSecurityGroup build() {
            return new NetworkSecurityGroup(name, rules, unresolved, source);
        }
    }

    private static final class VnetBuilder {
        final String name;
        final List<String> addressSpace = new ArrayList<>();
        final List<String> peerings = new ArrayList<>();
        final Map<String, SubnetBuilder> subnets = new LinkedHashMap<>();
        final List<UnresolvedValue> unresolved = new ArrayList<>();
        SourceRef source;
        boolean declared;

        VnetBuilder(String name) {
            this.name = name;
        }

        VirtualNetwork build() {
            List<UnresolvedValue> u = new ArrayList<>(unresolved);
            if (!declared) {
                u.add(new UnresolvedValue("addressSpace", name, "virtual network '" + name + "' is not managed by"
                        + " this plan (only its subnets or peerings are); its address space is unknown"));
            }
            return new VirtualNetwork(name, addressSpace, peerings, List.of(),
                    subnets.values().stream().map(SubnetBuilder::build).toList(), u, source);
        }
    }

    private static final class SubnetBuilder {
        final String name;
        final List<String> prefixes;
        final List<UnresolvedValue> unresolved;
        final SourceRef source;
        String nsg;
        boolean nsgKnown;

        SubnetBuilder(String name, List<String> prefixes, List<UnresolvedValue> unresolved, SourceRef source) {
            this.name = name;
            this.prefixes = prefixes;
            this.unresolved = new ArrayList<>(unresolved);
            this.source = source;
        }

        Subnet build() {
            return new Subnet(name, prefixes, nsg, unresolved, source);
        }
    }

    private static final class NicBuilder {
        final String name;
        final SourceRef source;
        final List<IpBuilder> ips = new ArrayList<>();
        final List<UnresolvedValue> unresolved = new ArrayList<>();
        String nsg;
        boolean nsgKnown;

        NicBuilder(String name, SourceRef source) {
            this.name = name;
            this.source = source;
        }

        NetworkInterface build() {
            return new NetworkInterface(name, ips.stream().map(IpBuilder::build).toList(), nsg, unresolved, source);
        }
    }

    private static final class IpBuilder {
        final String name;
        final String subnet;
        final String address;
        final String version;
        final List<String> asgs = new ArrayList<>();
        final List<UnresolvedValue> unresolved;
        final SourceRef source;

        IpBuilder(String name, String subnet, String address, String version, List<UnresolvedValue> unresolved,
                  SourceRef source) {
            this.name = name;
            this.subnet = subnet;
            this.address = address;
            this.version = version;
            this.unresolved = new ArrayList<>(unresolved);
            this.source = source;
        }

        IpConfiguration build() {
            return new IpConfiguration(name, subnet, address, version, new ArrayList<>(new LinkedHashSet<>(asgs)),
                    unresolved, source);
        }
    }
}
