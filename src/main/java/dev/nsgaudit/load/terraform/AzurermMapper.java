package dev.nsgaudit.load.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.nsgaudit.model.ApplicationSecurityGroup;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.load.terraform.ModelBuilders.IpBuilder;
import dev.nsgaudit.load.terraform.ModelBuilders.NicBuilder;
import dev.nsgaudit.load.terraform.ModelBuilders.NsgBuilder;
import dev.nsgaudit.load.terraform.ModelBuilders.SubnetBuilder;
import dev.nsgaudit.load.terraform.ModelBuilders.VnetBuilder;
import dev.nsgaudit.rules.Findings;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Maps the azurerm resources of one side of a plan to the model. How one resource names another (by id, known or
 * not, or by name) is {@link ResourceLinks}; what cannot be known becomes an unresolved value on the object that
 * holds it. An association whose subnet or NIC cannot be known may concern
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

    private static final String AFTER_APPLY = ResourceLinks.AFTER_APPLY;

    private final List<PlanResource> resources;
    private final List<Finding> problems;
    private final ResourceLinks links;

    private final Map<String, NsgBuilder> nsgs = new LinkedHashMap<>();
    private final Map<String, VnetBuilder> vnets = new LinkedHashMap<>();
    private final Map<String, NicBuilder> nics = new LinkedHashMap<>();
    private final List<ApplicationSecurityGroup> asgs = new ArrayList<>();

    /** The resources this plan destroys, with their values before it. */
    private final List<PlanResource> deleted;
    /** {@code nsg/rule} (lower case) of the rule resources this plan destroys. */
    private final Set<String> deletedRules = new HashSet<>();

    /**
     * @param deleted the prior values of the resources the plan destroys (and does not create again)
     */
    AzurermMapper(List<PlanResource> resources, List<PlanResource> deleted, ConfigReferences refs,
                  List<Finding> problems) {
        this.deleted = deleted;
        for (PlanResource d : deleted) {
            if (d.type().equals(RULE) && d.text("network_security_group_name") != null && d.text("name") != null) {
                deletedRules.add(ResourceLinks.lower(d.text("network_security_group_name") + "/" + d.text("name")));
            }
        }
        this.resources = resources;
        this.links = new ResourceLinks(resources, refs);
        this.problems = problems;
    }

    Topology map() {
        nameAll();
        for (PlanResource r : links.ofType(ASG)) {
            asgs.add(new ApplicationSecurityGroup(links.name(r.address()), r.source()));
        }
        for (PlanResource r : links.ofType(NSG)) {
            nsg(r);
        }
        for (PlanResource r : links.ofType(RULE)) {
            standaloneRule(r);
        }
        for (PlanResource r : links.ofType(VNET)) {
            vnet(r);
        }
        for (PlanResource r : links.ofType(SUBNET)) {
            subnet(r);
        }
        for (PlanResource r : links.ofType(PEERING)) {
            peering(r);
        }
        subnetAssociations();
        for (PlanResource r : links.ofType(NIC)) {
            nic(r);
        }
        for (String type : VMSS) {
            for (PlanResource r : links.ofType(type)) {
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
            links.putNames(ModelNames.of(links.ofType(type)));
        }
        List<PlanResource> scaleSets = resources.stream().filter(r -> VMSS.contains(r.type())).toList();
        links.putNames(ModelNames.of(scaleSets));
        for (PlanResource r : resources) {
            if (links.name(r.address()) != null && r.text("name") == null) {
                unresolvedFinding(r.source(), r.address() + ": its name is known only after apply; it is named by"
                        + " its address");
            }
            String id = r.text("id");
            if (id != null && links.name(r.address()) != null) {
                links.putId(r.type(), id, links.name(r.address()));
            }
        }
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
        JsonNode e = links.expressions(r);
        return e.isMissingNode() || e.has(attribute);
    }

    private void unresolvedFinding(SourceRef at, String message) {
        problems.add(Findings.of("unresolved-value", at, message));
    }

    // ---- NSGs and rules ----------------------------------------------------------------------------------

    private void nsg(PlanResource r) {
        NsgBuilder b = new NsgBuilder(links.name(r.address()), r.source());
        nsgs.put(r.address(), b);
        if (unknownConfigured(r, "security_rule")) {
            b.unresolved.add(new UnresolvedValue("securityRules", AFTER_APPLY, "the inline security_rule set is known"
                    + " only after apply (" + r.address() + ")"));
            return;
        }
        JsonNode rules = r.value("security_rule");
        JsonNode config = links.expressions(r).path("security_rule");
        for (int i = 0; rules != null && i < rules.size(); i++) {
            Object[] at = {"security_rule", i};
            if (r.isUnknown(at)) {
                b.unresolved.add(new UnresolvedValue("securityRules", AFTER_APPLY, "an inline security_rule is known"
                        + " only after apply (" + r.address() + ")"));
                continue;
            }
            String ruleName = r.text("security_rule", i, "name");
            if (ruleName != null && deletedRules.contains(ResourceLinks.lower(ModelNames.azureName(r) + "/" + ruleName))) {
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
        ResourceLinks.Ref nsg = links.nameRef(r, "network_security_group_name", NSG, "networkSecurityGroup", u);
        SecurityRule rule = rule(r, new Object[0], links.expressions(r), r.source());
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
            Object[] path = ResourceLinks.append(at, attr);
            if (r.isUnknown(path)) {
                u.add(new UnresolvedValue(armName(attr), ResourceLinks.written(config.path(attr)), attr + " is known only after"
                        + " apply (" + r.address() + ")"));
                return null;
            }
            return r.text(path);
        };
        Function<String, List<String>> list = attr -> {
            Object[] path = ResourceLinks.append(at, attr);
            List<String> out = new ArrayList<>();
            if (r.isUnknown(path)) {
                u.add(new UnresolvedValue(armName(attr), ResourceLinks.written(config.path(attr)), attr + " is known only after"
                        + " apply (" + r.address() + ")"));
                return out;
            }
            JsonNode v = r.value(path);
            for (int i = 0; v != null && i < v.size(); i++) {
                if (r.isUnknown(ResourceLinks.append(path, i))) {
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
                .sourceApplicationSecurityGroups(links.asgIds(r, ResourceLinks.append(at, "source_application_security_group_ids"),
                        config.path("source_application_security_group_ids"), "sourceApplicationSecurityGroups", u))
                .sourcePortRange(text.apply("source_port_range"))
                .sourcePortRanges(list.apply("source_port_ranges"))
                .destinationAddressPrefix(text.apply("destination_address_prefix"))
                .destinationAddressPrefixes(list.apply("destination_address_prefixes"))
                .destinationApplicationSecurityGroups(links.asgIds(r, ResourceLinks.append(at, "destination_application_security_group_ids"),
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
        VnetBuilder b = vnetBuilder(links.name(r.address()));
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
            ResourceLinks.Ref nsg = links.idRef(r, new Object[] {"subnet", i, "security_group"}, MissingNode.getInstance(), NSG,
                    "networkSecurityGroup", u);
            SubnetBuilder s = new SubnetBuilder(name, prefixes, u, r.source());
            s.nsg = nsg.name();
            s.nsgKnown = nsg.name() != null || nsg.unresolved();
            b.subnets.put(ResourceLinks.lower(name), s);
            String id = r.text("subnet", i, "id");
            if (id != null) {
                links.putId(SUBNET, id, b.name + "/" + name);
            }
        }
    }

    private VnetBuilder vnetBuilder(String name) {
        return vnets.computeIfAbsent(ResourceLinks.lower(name), k -> new VnetBuilder(name));
    }

    private void subnet(PlanResource r) {
        List<UnresolvedValue> vnetUnknown = new ArrayList<>();
        ResourceLinks.Ref vnet = links.nameRef(r, "virtual_network_name", VNET, "virtualNetwork", vnetUnknown);
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
        SubnetBuilder s = new SubnetBuilder(name, prefixes, u, r.source());
        SubnetBuilder mirrored = b.subnets.get(ResourceLinks.lower(name));
        if (mirrored != null && mirrored.nsgKnown) {
            // The VNet's computed subnet set (Azure's view) says which NSG the subnet has, however it was attached;
            // an association of the plan overrides it.
            s.nsg = mirrored.nsg;
            s.nsgKnown = true;
            mirrored.unresolved.stream().filter(v -> v.property().equals("networkSecurityGroup"))
                    .forEach(s.unresolved::add);
        }
        b.subnets.put(ResourceLinks.lower(name), s);
        String model = b.name + "/" + name;
        links.putName(r.address(), model);
        String id = r.text("id");
        if (id != null) {
            links.putId(SUBNET, id, model);
        }
    }

    private void peering(PlanResource r) {
        List<UnresolvedValue> u = new ArrayList<>();
        ResourceLinks.Ref local = links.nameRef(r, "virtual_network_name", VNET, "virtualNetwork", u);
        if (local.name() == null) {
            unresolvedFinding(r.source(), "peering " + r.address() + ": its virtual network cannot be determined"
                    + " offline" + (u.isEmpty() ? "" : ": " + u.get(0).reason()) + "; the peering is not modeled");
            return;
        }
        VnetBuilder b = vnetBuilder(local.name());
        if (b.source == null) {
            b.source = r.source();
        }
        ResourceLinks.Ref remote = links.idRef(r, new Object[] {"remote_virtual_network_id"},
                links.expressions(r).path("remote_virtual_network_id"), VNET, "peerings", b.unresolved);
        if (remote.name() != null) {
            b.peerings.add(remote.name());
        }
    }

    private void subnetAssociations() {
        for (PlanResource d : deleted) {
            // An association the plan destroys takes its NSG off the subnet (the VNet's subnet set still shows it).
            ResourceLinks.Ref subnet = d.type().equals(SUBNET_NSG) ? links.idRef(d, new Object[] {"subnet_id"},
                    MissingNode.getInstance(), SUBNET, "subnet", new ArrayList<>()) : ResourceLinks.Ref.NONE;
            SubnetBuilder s = subnet.name() == null ? null : subnetBuilder(subnet.name());
            if (s != null) {
                s.nsg = null;
                s.unresolved.removeIf(v -> v.property().equals("networkSecurityGroup"));
            }
        }
        List<String> unknownSubnets = new ArrayList<>();
        Map<String, String> byAssociation = new LinkedHashMap<>();
        for (PlanResource r : links.ofType(SUBNET_NSG)) {
            List<UnresolvedValue> u = new ArrayList<>();
            JsonNode config = links.expressions(r);
            ResourceLinks.Ref subnet = links.idRef(r, new Object[] {"subnet_id"}, config.path("subnet_id"), SUBNET, "subnet", u);
            ResourceLinks.Ref nsg = links.idRef(r, new Object[] {"network_security_group_id"}, config.path("network_security_group_id"),
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
        VnetBuilder v = vnets.get(ResourceLinks.lower(reference.substring(0, slash)));
        return v == null ? null : v.subnets.get(ResourceLinks.lower(reference.substring(slash + 1)));
    }

    // ---- NICs and scale sets -----------------------------------------------------------------------------

    private void nic(PlanResource r) {
        NicBuilder b = new NicBuilder(links.name(r.address()), r.source());
        nics.put(r.address(), b);
        if (r.isUnknown("ip_configuration")) {
            b.unresolved.add(new UnresolvedValue("ipConfigurations", AFTER_APPLY, "known only after apply ("
                    + r.address() + ")"));
            return;
        }
        if (r.value("network_security_group_id") != null) {
            // azurerm 1.x wrote the NIC's NSG here; it is not read, so the NIC layer is unknown, never left out.
            b.unresolved.add(new UnresolvedValue("networkSecurityGroup", "azurerm 1.x network_security_group_id",
                    "the NSG is set by azurerm 1.x's network_security_group_id, which is not read (" + r.address()
                            + "); use azurerm_network_interface_security_group_association"));
        }
        JsonNode list = r.value("ip_configuration");
        JsonNode config = links.expressions(r).path("ip_configuration");
        for (int i = 0; list != null && i < list.size(); i++) {
            Object[] at = {"ip_configuration", i};
            List<UnresolvedValue> u = new ArrayList<>();
            JsonNode oldAsgs = r.value(ResourceLinks.append(at, "application_security_group_ids"));
            if (oldAsgs != null && !oldAsgs.isEmpty()) {
                u.add(new UnresolvedValue("applicationSecurityGroups", "azurerm 1.x application_security_group_ids",
                        "ASG memberships set by azurerm 1.x's application_security_group_ids are not read ("
                                + r.address() + "); use azurerm_network_interface_application_security_group_association"));
            }
            String name = r.text(ResourceLinks.append(at, "name"));
            // A list block: the planned element i is the configuration's block i.
            JsonNode block = config.isArray() && config.size() == list.size() ? config.get(i) : MissingNode.getInstance();
            ResourceLinks.Ref subnet = links.idRef(r, ResourceLinks.append(at, "subnet_id"), block.path("subnet_id"), SUBNET, "subnet", u);
            String allocation = r.text(ResourceLinks.append(at, "private_ip_address_allocation"));
            String address = null;
            if (allocation != null && allocation.equalsIgnoreCase("Static")) {
                if (r.isUnknown(ResourceLinks.append(at, "private_ip_address"))) {
                    u.add(new UnresolvedValue("privateIPAddress", AFTER_APPLY, "a static address known only after"
                            + " apply (" + r.address() + ")"));
                } else {
                    address = r.text(ResourceLinks.append(at, "private_ip_address"));
                }
            }
            String version = r.text(ResourceLinks.append(at, "private_ip_address_version"));
            b.ips.add(new IpBuilder(name == null ? "ipconfig" + (i + 1) : name, subnet.name(), address, version, u,
                    r.source()));
        }
    }

    private void scaleSet(PlanResource r) {
        String vmss = links.name(r.address());
        JsonNode list = r.value("network_interface");
        if (r.isUnknown("network_interface")) {
            NicBuilder b = new NicBuilder(vmss, r.source());
            b.unresolved.add(new UnresolvedValue("ipConfigurations", AFTER_APPLY, "the network_interface blocks are"
                    + " known only after apply (" + r.address() + ")"));
            nics.put(r.address(), b);
            return;
        }
        JsonNode config = links.expressions(r).path("network_interface");
        for (int n = 0; list != null && n < list.size(); n++) {
            Object[] at = {"network_interface", n};
            String nicName = r.text(ResourceLinks.append(at, "name"));
            NicBuilder b = new NicBuilder(vmss + "/" + (nicName == null ? "nic" + (n + 1) : nicName), r.source());
            nics.put(r.address() + "/" + n, b);
            JsonNode nicConfig = config.isArray() && config.size() == list.size() ? config.get(n)
                    : MissingNode.getInstance();
            ResourceLinks.Ref nsg = links.idRef(r, ResourceLinks.append(at, "network_security_group_id"), nicConfig.path("network_security_group_id"),
                    NSG, "networkSecurityGroup", b.unresolved);
            b.nsg = nsg.name();
            b.nsgKnown = true;
            JsonNode ips = r.value(ResourceLinks.append(at, "ip_configuration"));
            JsonNode ipsConfig = nicConfig.path("ip_configuration");
            for (int i = 0; ips != null && i < ips.size(); i++) {
                Object[] ip = ResourceLinks.append(ResourceLinks.append(at, "ip_configuration"), i);
                JsonNode block = ipsConfig.isArray() && ipsConfig.size() == ips.size() ? ipsConfig.get(i)
                        : MissingNode.getInstance();
                List<UnresolvedValue> u = new ArrayList<>();
                ResourceLinks.Ref subnet = links.idRef(r, ResourceLinks.append(ip, "subnet_id"), block.path("subnet_id"), SUBNET, "subnet", u);
                List<String> memberOf = links.asgIds(r, ResourceLinks.append(ip, "application_security_group_ids"),
                        block.path("application_security_group_ids"), "applicationSecurityGroups", u);
                String name = r.text(ResourceLinks.append(ip, "name"));
                // Scale set instances get their addresses at run time: always dynamic (D8).
                IpBuilder built = new IpBuilder(name == null ? "ipconfig" + (i + 1) : name, subnet.name(), null,
                        r.text(ResourceLinks.append(ip, "version")), u, r.source());
                built.asgs.addAll(memberOf);
                b.ips.add(built);
            }
        }
    }

    private void nicAssociations() {
        List<String> unknownNics = new ArrayList<>();
        for (PlanResource r : links.ofType(NIC_NSG)) {
            List<UnresolvedValue> u = new ArrayList<>();
            JsonNode config = links.expressions(r);
            ResourceLinks.Ref nic = links.idRef(r, new Object[] {"network_interface_id"}, config.path("network_interface_id"), NIC,
                    "networkInterface", u);
            ResourceLinks.Ref nsg = links.idRef(r, new Object[] {"network_security_group_id"}, config.path("network_security_group_id"),
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
        for (PlanResource r : links.ofType(NIC_ASG)) {
            List<UnresolvedValue> u = new ArrayList<>();
            JsonNode config = links.expressions(r);
            ResourceLinks.Ref nic = links.idRef(r, new Object[] {"network_interface_id"}, config.path("network_interface_id"), NIC,
                    "networkInterface", u);
            List<UnresolvedValue> asgUnknown = new ArrayList<>();
            ResourceLinks.Ref asg = links.idRef(r, new Object[] {"application_security_group_id"},
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
}
