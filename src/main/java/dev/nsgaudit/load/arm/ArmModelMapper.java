package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.model.ApplicationSecurityGroup;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.StandIn;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Suppression;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.rules.Findings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the model from evaluated ARM resources: NSGs with inline rules and rule resources, virtual networks
 * with inline and child subnets and peerings, NICs and VM scale set NIC configurations, ASGs. References by
 * resource id are resolved against what the input declares; an id that points elsewhere is kept as an
 * unresolved value on the referring object, so that what depends on it is inconclusive.
 */
final class ArmModelMapper {

    private static final String NSG = "Microsoft.Network/networkSecurityGroups";
    private static final String RULE = NSG + "/securityRules";
    private static final String VNET = "Microsoft.Network/virtualNetworks";
    private static final String SUBNET = VNET + "/subnets";
    private static final String PEERING = VNET + "/virtualNetworkPeerings";
    private static final String NIC = "Microsoft.Network/networkInterfaces";
    private static final String ASG = "Microsoft.Network/applicationSecurityGroups";
    private static final String VMSS = "Microsoft.Compute/virtualMachineScaleSets";

    private final List<DeclaredResource> resources;
    private final List<Finding> problems;
    private final Map<String, DeclaredResource> byTypeAndName = new LinkedHashMap<>();
    /** Resources by lower-case type, in declaration order (one pass, so that large inputs stay linear). */
    private final Map<String, List<DeclaredResource>> byType = new LinkedHashMap<>();
    /** Rule resources by the lower-case name of their NSG. */
    private final Map<String, List<DeclaredResource>> rulesByNsg = new LinkedHashMap<>();

    ArmModelMapper(List<DeclaredResource> declared, List<Finding> problems) {
        this.problems = problems;
        // A resource declared again (typically a nested deployment that updates it) is one resource: the
        // declaration met last, in deployment order, is what ends up deployed.
        Map<String, DeclaredResource> last = new LinkedHashMap<>();
        for (DeclaredResource r : declared) {
            DeclaredResource before = last.remove(key(r.type(), r.name()));
            if (before != null && !before.source().equals(r.source())) {
                problems.add(Findings.of("input-warning", before.source(), r.type()
                        + " '" + r.name() + "' is declared again at " + r.source() + "; the later declaration"
                        + " (a later deployment updates the resource) is used"));
            }
            last.put(key(r.type(), r.name()), r);
        }
        this.resources = new ArrayList<>(last.values());
        byTypeAndName.putAll(last);
        for (DeclaredResource r : resources) {
            byType.computeIfAbsent(r.type().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(r);
            if (r.isType(RULE)) {
                rulesByNsg.computeIfAbsent(parentName(r.name()).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(r);
            }
        }
    }

    private static String key(String type, String name) {
        return (type + "|" + name).toLowerCase(Locale.ROOT);
    }

    Topology map() {
        List<NetworkSecurityGroup> nsgs = new ArrayList<>();
        for (DeclaredResource r : ofType(NSG)) {
            nsgs.add(nsg(r));
        }
        Map<String, VnetBuilder> vnets = new LinkedHashMap<>();
        for (DeclaredResource r : ofType(VNET)) {
            VnetBuilder b = vnets.computeIfAbsent(r.name().toLowerCase(Locale.ROOT), k -> new VnetBuilder(r.name()));
            b.declare(r);
        }
        for (DeclaredResource r : ofType(SUBNET)) {
            String vnetName = parentName(r.name());
            VnetBuilder b = vnets.computeIfAbsent(vnetName.toLowerCase(Locale.ROOT), k -> new VnetBuilder(vnetName));
            b.subnets.put(r.shortName().toLowerCase(Locale.ROOT), subnet(r.shortName(), r.properties(), r.source(),
                    new ArrayList<>(r.unresolved())));
            b.sourceIfUnknown(r.source());
        }
        for (DeclaredResource r : ofType(PEERING)) {
            String vnetName = parentName(r.name());
            VnetBuilder b = vnets.computeIfAbsent(vnetName.toLowerCase(Locale.ROOT), k -> new VnetBuilder(vnetName));
            b.peering(r.properties());
            b.sourceIfUnknown(r.source());
        }
        List<ApplicationSecurityGroup> asgs = new ArrayList<>();
        for (DeclaredResource r : ofType(ASG)) {
            asgs.add(new ApplicationSecurityGroup(r.shortName(), r.source()));
        }
        List<NetworkInterface> nics = new ArrayList<>();
        for (DeclaredResource r : ofType(NIC)) {
            nics.add(nic(r.shortName(), r.properties(), r.source(), r.unresolved()));
        }
        for (DeclaredResource r : ofType(VMSS)) {
            nics.addAll(scaleSetNics(r));
        }
        List<VirtualNetwork> vnetList = vnets.values().stream().map(VnetBuilder::build).toList();
        List<Suppression> suppressions = new ArrayList<>();
        for (DeclaredResource r : resources) {
            if (r.isType(NSG)) {
                suppressions.addAll(suppressions(r, r.shortName(), null));
            } else if (r.isType(RULE)) {
                suppressions.addAll(suppressions(r, parentName(r.name()), r.shortName()));
            }
        }
        List<StandIn> standIns = new ArrayList<>();
        for (DeclaredResource r : resources) {
            if (!r.nameFromStandIn()) {
                continue;
            }
            String kind = r.isType(NSG) ? StandIn.NSG : r.isType(VNET) ? StandIn.VNET : r.isType(NIC) ? StandIn.NIC
                    : r.isType(ASG) ? StandIn.ASG : null;
            if (kind != null) {
                standIns.add(new StandIn(kind, r.shortName(), standInNote(r)));
            } else if (r.isType(VMSS)) {
                for (NetworkInterface n : nics) {
                    if (n.name().toLowerCase(Locale.ROOT).startsWith(r.shortName().toLowerCase(Locale.ROOT) + "/")) {
                        standIns.add(new StandIn(StandIn.NIC, n.name(), standInNote(r)));
                    }
                }
            }
        }
        ArmNetworkManagers managers = new ArmNetworkManagers(this::ofType, problems);
        return new Topology(vnetList, asgs, nics, nsgs, suppressions, standIns, managers.groups(),
                managers.configurations());
    }

    /** Says which expression gave the name and that it uses the stand-in context, not Azure's values. */
    private static String standInNote(DeclaredResource r) {
        return "name computed by " + ArmExpressionException.abbreviate(r.declaration().path("name").asText())
                + " from the stand-in deployment context (subscription "
                + DeploymentContext.PLACEHOLDER_SUBSCRIPTION + ", resource group '"
                + DeploymentContext.PLACEHOLDER_RESOURCE_GROUP + "', deployment '"
                + DeploymentContext.PLACEHOLDER_DEPLOYMENT + "'); the deployed name will differ";
    }

    /**
     * Suppressions declared on the resource: {@code "metadata": {"nsgaudit": {"suppress": [{"id": "...",
     * "rule": "...", "reason": "...", "expires": "YYYY-MM-DD"}]}}}. A suppression without a reason is an error.
     */
    private List<Suppression> suppressions(DeclaredResource r, String nsg, String rule) {
        List<Suppression> out = new ArrayList<>();
        JsonNode list = r.declaration().path("metadata").path("nsgaudit").path("suppress");
        if (!list.isArray()) {
            if (!list.isMissingNode() && !list.isNull()) {
                problems.add(Findings.of("input-error", r.document().sourceOfKey(
                        r.declaration().path("metadata").path("nsgaudit"), "suppress"), "metadata.nsgaudit.suppress"
                        + " must be a list of {\"id\": ..., \"reason\": ...}, not " + ("OAIEU".indexOf(ArmValues
                        .typeName(list).charAt(0)) >= 0 ? "an " : "a ") + ArmValues.typeName(list)
                        .toLowerCase(Locale.ROOT) + "; the suppressions are not applied"));
            }
            return out;
        }
        for (JsonNode s : list) {
            SourceRef at = r.document().sourceOf(s.isObject() ? s : r.declaration());
            String id = s.path("id").asText("");
            String reason = s.path("reason").asText("");
            if (id.isBlank() || reason.isBlank()) {
                problems.add(Findings.of("input-error", at, "a suppression needs an id and a reason:"
                        + " {\"id\": \"internet-exposed-ssh\", \"reason\": \"why it is accepted\"}"));
                continue;
            }
            String ruleName = s.has("rule") ? s.path("rule").asText() : rule;
            java.time.LocalDate expires = null;
            if (s.hasNonNull("expires")) {
                try {
                    expires = java.time.LocalDate.parse(s.path("expires").asText());
                } catch (java.time.format.DateTimeParseException e) {
                    problems.add(Findings.of("input-error", at, "expires must be a date like"
                            + " 2027-03-31, not '" + s.path("expires").asText() + "'"));
                    continue;
                }
            }
            out.add(new Suppression(id, ruleName == null ? nsg : nsg + "/" + ruleName, reason, expires, at));
        }
        return out;
    }

    List<DeclaredResource> ofType(String type) {
        return byType.getOrDefault(type.toLowerCase(Locale.ROOT), List.of());
    }

    private static String parentName(String fullName) {
        int slash = fullName.indexOf('/');
        return slash < 0 ? fullName : fullName.substring(0, slash);
    }

    // ---- NSGs and rules -------------------------------------------------------------------------------

    private NetworkSecurityGroup nsg(DeclaredResource r) {
        List<UnresolvedValue> unresolved = new ArrayList<>(r.unresolved());
        List<SecurityRule> rules = new ArrayList<>();
        JsonNode list = member(r.properties(), "securityRules");
        JsonNode declaredList = r.declaration().path("properties").path("securityRules");
        if (Unresolved.isMarker(list)) {
            Unresolved u = Unresolved.of(list).get();
            unresolved.add(new UnresolvedValue("securityRules", u.expression(), u.reason()));
        } else if (list != null && !list.isNull() && !list.isArray()) {
            // Reported as a wrong type; the rules are not known, so nothing through the NSG is decided.
            unresolved.add(new UnresolvedValue("securityRules", ArmExpressionException.abbreviate(list.toString()),
                    "is not a list of rules"));
        } else if (list != null && list.isArray()) {
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                if (Unresolved.isMarker(item) || !item.isObject()) {
                    Unresolved u = Unresolved.of(item).orElse(new Unresolved(item.toString(), "not a rule object"));
                    unresolved.add(new UnresolvedValue("securityRules", u.expression(), u.reason()));
                    continue;
                }
                JsonNode declared = declaredList.isArray() && declaredList.size() == list.size()
                        ? declaredList.get(i) : null;
                SourceRef at = declared != null ? r.document().sourceOf(declared) : r.source();
                rules.add(rule(item, at));
            }
        }
        for (DeclaredResource child : rulesByNsg.getOrDefault(r.shortName().toLowerCase(Locale.ROOT), List.of())) {
            JsonNode ruleObject = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                    .put("name", child.shortName()).set("properties", child.properties());
            SecurityRule rule = rule(ruleObject, child.source());
            List<UnresolvedValue> all = new ArrayList<>(rule.unresolved());
            all.addAll(child.unresolved());
            rule = withUnresolved(rule, all);
            // One rule declared inline and as a child resource (az group export writes every rule both ways) is one
            // rule: the child, deployed after its NSG, is what stays; a warning only when the two differ.
            int inline = indexOfName(rules, rule.name());
            if (inline < 0) {
                rules.add(rule);
                continue;
            }
            SecurityRule declaredInline = rules.get(inline);
            if (!withSource(declaredInline, rule.source()).equals(rule)) {
                problems.add(Findings.of("input-warning", declaredInline.source(), "rule '" + rule.name()
                        + "' is declared in the NSG and again as a child resource at " + rule.source()
                        + ", differently; the child resource (deployed after the NSG) is used"));
            }
            rules.set(inline, rule);
        }
        return new NetworkSecurityGroup(r.shortName(), rules, unresolved, r.source());
    }

    /** Rule resources whose NSG the input does not declare. */
    List<DeclaredResource> orphanRules() {
        java.util.Set<String> nsgs = new java.util.HashSet<>();
        for (DeclaredResource n : ofType(NSG)) {
            nsgs.add(n.shortName().toLowerCase(Locale.ROOT));
        }
        List<DeclaredResource> out = new ArrayList<>();
        for (DeclaredResource child : ofType(RULE)) {
            if (!nsgs.contains(parentName(child.name()).toLowerCase(Locale.ROOT))) {
                out.add(child);
            }
        }
        return out;
    }

    private SecurityRule rule(JsonNode item, SourceRef at) {
        List<UnresolvedValue> unresolved = new ArrayList<>();
        String name = scalar(item.get("name"), "name", unresolved);
        JsonNode p = item.path("properties");
        if (Unresolved.isMarker(p)) {
            Unresolved u = Unresolved.of(p).get();
            unresolved.add(new UnresolvedValue("properties", u.expression(), u.reason()));
            p = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
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
        return SecurityRule.builder(name == null ? "(unknown name)" : name)
                .description(scalar(member(p, "description"), "description", unresolved))
                .priority(priority)
                .direction(scalar(member(p, "direction"), "direction", unresolved))
                .access(scalar(member(p, "access"), "access", unresolved))
                .protocol(scalar(member(p, "protocol"), "protocol", unresolved))
                .sourceAddressPrefix(scalar(member(p, "sourceAddressPrefix"), "sourceAddressPrefix", unresolved))
                .sourceAddressPrefixes(strings(member(p, "sourceAddressPrefixes"), "sourceAddressPrefixes", unresolved))
                .sourceApplicationSecurityGroups(asgRefs(member(p, "sourceApplicationSecurityGroups"),
                        "sourceApplicationSecurityGroups", unresolved))
                .sourcePortRange(scalar(member(p, "sourcePortRange"), "sourcePortRange", unresolved))
                .sourcePortRanges(strings(member(p, "sourcePortRanges"), "sourcePortRanges", unresolved))
                .destinationAddressPrefix(scalar(member(p, "destinationAddressPrefix"), "destinationAddressPrefix",
                        unresolved))
                .destinationAddressPrefixes(strings(member(p, "destinationAddressPrefixes"),
                        "destinationAddressPrefixes", unresolved))
                .destinationApplicationSecurityGroups(asgRefs(member(p, "destinationApplicationSecurityGroups"),
                        "destinationApplicationSecurityGroups", unresolved))
                .destinationPortRange(scalar(member(p, "destinationPortRange"), "destinationPortRange", unresolved))
                .destinationPortRanges(strings(member(p, "destinationPortRanges"), "destinationPortRanges", unresolved))
                .unresolved(unresolved)
                .source(at)
                .build();
    }

    private static int indexOfName(List<SecurityRule> rules, String name) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static SecurityRule withSource(SecurityRule r, SourceRef source) {
        return new SecurityRule(r.name(), r.description(), r.priority(), r.direction(), r.access(), r.protocol(),
                r.sourceAddressPrefix(), r.sourceAddressPrefixes(), r.sourceApplicationSecurityGroups(),
                r.sourcePortRange(), r.sourcePortRanges(), r.destinationAddressPrefix(), r.destinationAddressPrefixes(),
                r.destinationApplicationSecurityGroups(), r.destinationPortRange(), r.destinationPortRanges(),
                r.unresolved(), source);
    }

    private static SecurityRule withUnresolved(SecurityRule r, List<UnresolvedValue> unresolved) {
        return new SecurityRule(r.name(), r.description(), r.priority(), r.direction(), r.access(), r.protocol(),
                r.sourceAddressPrefix(), r.sourceAddressPrefixes(), r.sourceApplicationSecurityGroups(),
                r.sourcePortRange(), r.sourcePortRanges(), r.destinationAddressPrefix(), r.destinationAddressPrefixes(),
                r.destinationApplicationSecurityGroups(), r.destinationPortRange(), r.destinationPortRanges(),
                unresolved, r.source());
    }

    private List<String> asgRefs(JsonNode list, String property, List<UnresolvedValue> unresolved) {
        List<String> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (Unresolved.isMarker(list) || !list.isArray()) {
            addMarker(list, property, unresolved);
            return out;
        }
        for (JsonNode item : list) {
            JsonNode id = item.isObject() ? member(item, "id") : item;
            Optional<String> name = reference(id, ASG, property, unresolved);
            name.ifPresent(out::add);
        }
        return out;
    }

    // ---- virtual networks ------------------------------------------------------------------------------

    private final class VnetBuilder {
        final String name;
        final List<String> addressSpace = new ArrayList<>();
        final List<String> peerings = new ArrayList<>();
        final Map<String, Subnet> subnets = new LinkedHashMap<>();
        final List<UnresolvedValue> unresolved = new ArrayList<>();
        SourceRef source;
        boolean declared;

        VnetBuilder(String name) {
            this.name = name;
        }

        void sourceIfUnknown(SourceRef s) {
            if (source == null) {
                source = s;
            }
        }

        void declare(DeclaredResource r) {
            declared = true;
            source = r.source();
            unresolved.addAll(r.unresolved());
            JsonNode p = r.properties();
            JsonNode space = member(member(p, "addressSpace"), "addressPrefixes");
            addressSpace.addAll(strings(space, "addressSpace", unresolved));
            JsonNode list = member(p, "subnets");
            JsonNode declaredList = r.declaration().path("properties").path("subnets");
            if (Unresolved.isMarker(list)) {
                addMarker(list, "subnets", unresolved);
            } else if (list != null && list.isArray()) {
                for (int i = 0; i < list.size(); i++) {
                    JsonNode item = list.get(i);
                    if (!item.isObject()) {
                        addMarker(item, "subnets", unresolved);
                        continue;
                    }
                    List<UnresolvedValue> su = new ArrayList<>();
                    String subnetName = scalar(item.get("name"), "name", su);
                    JsonNode declared = declaredList.isArray() && declaredList.size() == list.size()
                            ? declaredList.get(i) : null;
                    SourceRef at = declared != null ? r.document().sourceOf(declared) : r.source();
                    subnets.put(String.valueOf(subnetName).toLowerCase(Locale.ROOT),
                            subnet(subnetName == null ? "(unknown name)" : subnetName, item.path("properties"), at, su));
                }
            }
            JsonNode peeringList = member(p, "virtualNetworkPeerings");
            if (peeringList != null && peeringList.isArray()) {
                for (JsonNode peering : peeringList) {
                    peering(peering.path("properties"));
                }
            } else if (Unresolved.isMarker(peeringList)) {
                addMarker(peeringList, "peerings", unresolved);
            }
        }

        void peering(JsonNode properties) {
            JsonNode id = member(member(properties, "remoteVirtualNetwork"), "id");
            reference(id, VNET, "peerings", unresolved).ifPresent(peerings::add);
        }

        VirtualNetwork build() {
            if (!declared) {
                unresolved.add(new UnresolvedValue("addressSpace", name, "virtual network '" + name
                        + "' is not declared in the input (only its subnets or peerings are); its address space"
                        + " is unknown"));
            }
            return new VirtualNetwork(name, addressSpace, peerings, List.of(), new ArrayList<>(subnets.values()),
                    unresolved, source);
        }
    }

    private Subnet subnet(String name, JsonNode p, SourceRef at, List<UnresolvedValue> unresolved) {
        if (Unresolved.isMarker(p)) {
            // Properties unknown as a whole: so are the prefix and the NSG.
            addMarker(p, "addressPrefix", unresolved);
            addMarker(p, "networkSecurityGroup", unresolved);
            return new Subnet(name, List.of(), null, unresolved, at);
        }
        List<String> prefixes = new ArrayList<>();
        String single = scalar(member(p, "addressPrefix"), "addressPrefix", unresolved);
        if (single != null) {
            prefixes.add(single);
        }
        prefixes.addAll(strings(member(p, "addressPrefixes"), "addressPrefixes", unresolved));
        String nsg = null;
        JsonNode nsgRef = member(p, "networkSecurityGroup");
        if (nsgRef != null && !nsgRef.isNull()) {
            nsg = reference(Unresolved.isMarker(nsgRef) ? nsgRef : member(nsgRef, "id"), NSG, "networkSecurityGroup",
                    unresolved).orElse(unresolvedName(unresolved, "networkSecurityGroup"));
        }
        return new Subnet(name, prefixes, nsg, unresolved, at);
    }

    // ---- NICs --------------------------------------------------------------------------------------------

    private NetworkInterface nic(String name, JsonNode p, SourceRef at, List<UnresolvedValue> resourceUnresolved) {
        List<UnresolvedValue> unresolved = new ArrayList<>(resourceUnresolved);
        String nsg = null;
        JsonNode nsgRef = member(p, "networkSecurityGroup");
        if (nsgRef != null && !nsgRef.isNull()) {
            nsg = reference(Unresolved.isMarker(nsgRef) ? nsgRef : member(nsgRef, "id"), NSG, "networkSecurityGroup",
                    unresolved).orElse(unresolvedName(unresolved, "networkSecurityGroup"));
        }
        List<IpConfiguration> ips = new ArrayList<>();
        JsonNode list = member(p, "ipConfigurations");
        if (Unresolved.isMarker(list)) {
            addMarker(list, "ipConfigurations", unresolved);
        } else if (list != null && list.isArray()) {
            int index = 0;
            for (JsonNode item : list) {
                index++;
                if (!item.isObject()) {
                    addMarker(item, "ipConfigurations", unresolved);
                    continue;
                }
                ips.add(ipConfiguration(item, "ipconfig" + index, at, false));
            }
        }
        return new NetworkInterface(name, ips, nsg, unresolved, at);
    }

    private IpConfiguration ipConfiguration(JsonNode item, String fallbackName, SourceRef at, boolean alwaysDynamic) {
        List<UnresolvedValue> unresolved = new ArrayList<>();
        String name = scalar(item.get("name"), "name", unresolved);
        JsonNode p = item.path("properties");
        if (Unresolved.isMarker(p)) {
            // Properties unknown as a whole: the subnet and the ASG memberships are what the evaluator needs.
            addMarker(p, "subnet", unresolved);
            addMarker(p, "applicationSecurityGroups", unresolved);
            return new IpConfiguration(name == null ? fallbackName : name, null, null, null, List.of(), unresolved, at);
        }
        String subnet = null;
        JsonNode subnetRef = member(p, "subnet");
        if (subnetRef != null && !subnetRef.isNull()) {
            JsonNode id = Unresolved.isMarker(subnetRef) ? subnetRef : member(subnetRef, "id");
            subnet = subnetReference(id, unresolved);
        }
        String method = scalar(member(p, "privateIPAllocationMethod"), "privateIPAllocationMethod", unresolved);
        String address = scalar(member(p, "privateIPAddress"), "privateIPAddress", unresolved);
        boolean dynamic = alwaysDynamic || method == null || !method.equalsIgnoreCase("Static");
        String version = scalar(member(p, "privateIPAddressVersion"), "privateIPAddressVersion", unresolved);
        List<String> asgs = new ArrayList<>();
        JsonNode asgList = member(p, "applicationSecurityGroups");
        if (asgList != null && !asgList.isNull()) {
            if (Unresolved.isMarker(asgList) || !asgList.isArray()) {
                addMarker(asgList, "applicationSecurityGroups", unresolved);
            } else {
                for (JsonNode a : asgList) {
                    JsonNode id = a.isObject() ? member(a, "id") : a;
                    reference(id, ASG, "applicationSecurityGroups", unresolved).ifPresent(asgs::add);
                }
            }
        }
        return new IpConfiguration(name == null ? fallbackName : name, subnet, dynamic ? null : address, version,
                asgs, unresolved, at);
    }

    private List<NetworkInterface> scaleSetNics(DeclaredResource r) {
        List<NetworkInterface> out = new ArrayList<>();
        JsonNode configs = member(member(member(r.properties(), "virtualMachineProfile"), "networkProfile"),
                "networkInterfaceConfigurations");
        if (configs == null || !configs.isArray()) {
            if (Unresolved.isMarker(configs)) {
                List<UnresolvedValue> u = new ArrayList<>(r.unresolved());
                addMarker(configs, "ipConfigurations", u);
                out.add(new NetworkInterface(r.shortName(), List.of(), null, u, r.source()));
            }
            return out;
        }
        for (JsonNode config : configs) {
            List<UnresolvedValue> unresolved = new ArrayList<>(r.unresolved());
            String configName = scalar(config.get("name"), "name", unresolved);
            JsonNode p = config.path("properties");
            String nsg = null;
            JsonNode nsgRef = member(p, "networkSecurityGroup");
            if (nsgRef != null && !nsgRef.isNull()) {
                nsg = reference(Unresolved.isMarker(nsgRef) ? nsgRef : member(nsgRef, "id"), NSG,
                        "networkSecurityGroup", unresolved).orElse(unresolvedName(unresolved, "networkSecurityGroup"));
            }
            List<IpConfiguration> ips = new ArrayList<>();
            JsonNode list = member(p, "ipConfigurations");
            if (list != null && list.isArray()) {
                int index = 0;
                for (JsonNode item : list) {
                    index++;
                    // Scale set instances get their addresses at run time: always dynamic (D8).
                    ips.add(ipConfiguration(item, "ipconfig" + index, r.source(), true));
                }
            } else if (Unresolved.isMarker(list)) {
                addMarker(list, "ipConfigurations", unresolved);
            }
            out.add(new NetworkInterface(r.shortName() + "/" + (configName == null ? "nic" : configName), ips, nsg,
                    unresolved, r.source()));
        }
        return out;
    }

    // ---- references and values ---------------------------------------------------------------------------

    /** The declared resource an id names, as a model name; otherwise an unresolved value on the referrer. */
    private Optional<String> reference(JsonNode id, String type, String property, List<UnresolvedValue> unresolved) {
        if (id == null || id.isNull()) {
            return Optional.empty();
        }
        if (Unresolved.isMarker(id)) {
            addMarker(id, property, unresolved);
            return Optional.empty();
        }
        String text = id.asText();
        Optional<ResourceIds.Parsed> parsed = ResourceIds.parse(text);
        if (parsed.isPresent() && parsed.get().isType(type)) {
            DeclaredResource target = byTypeAndName.get(key(type, parsed.get().fullName()));
            if (target != null) {
                return Optional.of(target.shortName());
            }
            unresolved.add(new UnresolvedValue(property, text, "names " + type.substring(type.lastIndexOf('/') + 1)
                    + " '" + parsed.get().name() + "', which is not declared in the input"));
            return Optional.empty();
        }
        unresolved.add(new UnresolvedValue(property, text, "is not a resource id of a " + type));
        return Optional.empty();
    }

    /** {@code vnet/subnet} for a subnet id, declared or not (an undeclared one is unresolved). */
    private String subnetReference(JsonNode id, List<UnresolvedValue> unresolved) {
        if (Unresolved.isMarker(id)) {
            addMarker(id, "subnet", unresolved);
            return null;
        }
        if (id == null || id.isNull()) {
            return null;
        }
        Optional<ResourceIds.Parsed> parsed = ResourceIds.parse(id.asText());
        if (parsed.isEmpty() || !parsed.get().isType(SUBNET)) {
            unresolved.add(new UnresolvedValue("subnet", id.asText(), "is not a subnet resource id"));
            return null;
        }
        String ref = parsed.get().fullName();
        boolean declared = byTypeAndName.containsKey(key(SUBNET, ref))
                || Optional.ofNullable(byTypeAndName.get(key(VNET, parsed.get().names().get(0))))
                .filter(v -> declaresSubnet(v, parsed.get().name())).isPresent();
        if (!declared) {
            unresolved.add(new UnresolvedValue("subnet", id.asText(), "names subnet '" + ref
                    + "', which is not declared in the input"));
            return null;
        }
        return ref;
    }

    private static boolean declaresSubnet(DeclaredResource vnet, String subnet) {
        JsonNode list = member(vnet.properties(), "subnets");
        if (list == null || !list.isArray()) {
            return false;
        }
        for (JsonNode s : list) {
            if (s.isObject() && s.path("name").isTextual() && s.path("name").asText().equalsIgnoreCase(subnet)) {
                return true;
            }
        }
        return false;
    }

    /** The name written in an unresolved id, so that show can say which NSG was meant. */
    private static String unresolvedName(List<UnresolvedValue> unresolved, String property) {
        for (UnresolvedValue u : unresolved) {
            if (u.property().equals(property)) {
                return ResourceIds.parse(u.expression()).map(ResourceIds.Parsed::name).orElse(null);
            }
        }
        return null;
    }

    /**
     * A member of an evaluated object, case-insensitively. A marker stands for the whole unknown object, so a
     * member of it is that marker: what is read below an unknown value is unknown, never absent.
     */
    static JsonNode member(JsonNode object, String name) {
        if (Unresolved.isMarker(object)) {
            return object;
        }
        if (object == null || !object.isObject()) {
            return null;
        }
        return ArmValues.get(object, name);
    }

    static String scalar(JsonNode v, String property, List<UnresolvedValue> unresolved) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (Unresolved.isMarker(v)) {
            addMarker(v, property, unresolved);
            return null;
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        if (Unresolved.containsAny(v)) {
            addMarker(Unresolved.firstIn(v).get().toNode(), property, unresolved);
            return null;
        }
        return v.toString();
    }

    static List<String> strings(JsonNode v, String property, List<UnresolvedValue> unresolved) {
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            String one = scalar(v, property, unresolved);
            if (one != null) {
                out.add(one);
            }
            return out;
        }
        for (JsonNode item : v) {
            String s = scalar(item, property, unresolved);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    static void addMarker(JsonNode v, String property, List<UnresolvedValue> unresolved) {
        Unresolved u = v == null ? new Unresolved("", "missing")
                : Unresolved.of(v).orElseGet(() -> Unresolved.firstIn(v).orElse(new Unresolved(v.toString(),
                "has an unexpected shape")));
        unresolved.add(new UnresolvedValue(property, u.expression(), u.reason()));
    }
}
