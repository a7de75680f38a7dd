package dev.nsgaudit.load.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.load.arm.ArmDocument;
import dev.nsgaudit.model.ApplicationSecurityGroup;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.rules.Findings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the model from exported resources, matched by full id across files. Every reference is an id: one to a
 * resource of the export becomes that resource's model name ({@link AzureId#modelName()}); one to a resource the
 * export lacks stays an {@code unresolved-value} at the referring object, saying what to export, so flows through
 * it are inconclusive and never decided by a guess.
 */
final class ExportMapper {

    static final String NSG = "Microsoft.Network/networkSecurityGroups";
    static final String VNET = "Microsoft.Network/virtualNetworks";
    static final String SUBNET = VNET + "/subnets";
    static final String NIC = "Microsoft.Network/networkInterfaces";
    static final String ASG = "Microsoft.Network/applicationSecurityGroups";
    static final String VMSS = "Microsoft.Compute/virtualMachineScaleSets";

    /** The az command that exports each type, for messages that say what to export. */
    private static final Map<String, String> EXPORT_COMMAND = Map.of(
            NSG.toLowerCase(Locale.ROOT), "az network nsg list",
            VNET.toLowerCase(Locale.ROOT), "az network vnet list",
            NIC.toLowerCase(Locale.ROOT), "az network nic list",
            ASG.toLowerCase(Locale.ROOT), "az network asg list",
            VMSS.toLowerCase(Locale.ROOT), "az vmss list");

    /** Rule properties of the network API (plus what the flattened az form puts beside them). */
    private static final Set<String> RULE_KEYS = Set.of("description", "protocol", "sourceportrange",
            "destinationportrange", "sourceaddressprefix", "sourceaddressprefixes", "sourceapplicationsecuritygroups",
            "destinationaddressprefix", "destinationaddressprefixes", "destinationapplicationsecuritygroups",
            "sourceportranges", "destinationportranges", "access", "priority", "direction", "provisioningstate",
            "name", "id", "etag", "type", "resourcegroup", "properties");

    private final Map<String, ExportedResource> byId;
    private final List<Finding> problems;
    /** Peered networks outside the export, known only by the address space their peering gives, by id key. */
    private final Map<String, VirtualNetwork> peeredOutside = new java.util.LinkedHashMap<>();

    /** @param byId every exported resource by {@link AzureId#key()}, in input order */
    ExportMapper(Map<String, ExportedResource> byId, List<Finding> problems) {
        this.byId = byId;
        this.problems = problems;
    }

    Topology map() {
        List<VirtualNetwork> vnets = new ArrayList<>();
        List<ApplicationSecurityGroup> asgs = new ArrayList<>();
        List<NetworkInterface> nics = new ArrayList<>();
        List<NetworkSecurityGroup> nsgs = new ArrayList<>();
        for (ExportedResource r : byId.values()) {
            provisioningState(r.properties(), r.document(), r.object(), kind(r.id().type()) + " " + r.modelName());
            if (r.id().isType(NSG)) {
                nsgs.add(nsg(r));
            } else if (r.id().isType(VNET)) {
                vnets.add(vnet(r));
            } else if (r.id().isType(NIC)) {
                nics.add(nic(r));
            } else if (r.id().isType(ASG)) {
                asgs.add(new ApplicationSecurityGroup(r.modelName(), r.source()));
            } else if (r.id().isType(VMSS)) {
                nics.addAll(scaleSetNics(r));
            }
        }
        vnets.addAll(peeredOutside.values());
        List<ExportedResource> managers = byId.values().stream()
                .filter(r -> ExportNetworkManagers.TYPES.contains(r.id().type().toLowerCase(Locale.ROOT))).toList();
        ExportNetworkManagers avnm = new ExportNetworkManagers(managers, problems);
        return new Topology(vnets, asgs, nics, nsgs, List.of(), List.of(), avnm.groups(), avnm.configurations());
    }

    // ---- NSGs ------------------------------------------------------------------------------------------

    private NetworkSecurityGroup nsg(ExportedResource r) {
        ExportValues values = new ExportValues(r.document(), problems);
        String name = r.modelName();
        JsonNode p = r.properties();
        List<UnresolvedValue> unresolved = new ArrayList<>();
        List<SecurityRule> rules = new ArrayList<>();
        if (values.notAList(p, "securityRules")) {
            unresolved.add(new UnresolvedValue("securityRules", "securityRules", "is not a list of rules"));
        }
        for (JsonNode item : values.objects(p, "securityRules", "network security group " + name)) {
            rules.add(rule(item, r.document(), name));
        }
        ExportedDefaultRules.check(name, p, r.document(), problems);
        attachedOutsideExport(r, values);
        return new NetworkSecurityGroup(name, rules, unresolved, r.source());
    }

    /**
     * An NSG's read-only {@code subnets} and {@code networkInterfaces} name where it is attached; where that is
     * outside the export, the NSG would look unattached, so that is said.
     */
    private void attachedOutsideExport(ExportedResource r, ExportValues values) {
        for (String list : List.of("subnets", "networkInterfaces")) {
            for (JsonNode ref : values.objects(r.properties(), list, "network security group " + r.modelName())) {
                AzureId.parse(values.scalar(ref, "id", list)).ifPresent(id -> {
                    if (!byId.containsKey(id.topLevel().key())) {
                        problems.add(Findings.of("input-warning", r.document().sourceOfKey(r.properties(), list),
                                "network security group " + r.modelName() + " is attached to " + describe(id)
                                        + ", which is not in the export, so that attachment is not analysed; export"
                                        + " it too (" + exportHint(id.topLevel()) + ")"));
                    }
                });
            }
        }
    }

    private SecurityRule rule(JsonNode item, ArmDocument doc, String nsg) {
        ExportValues values = new ExportValues(doc, problems);
        JsonNode p = ExportValues.properties(item);
        String name = values.scalar(item, "name", "a rule of " + nsg);
        String what = "rule " + name + " of " + nsg;
        List<UnresolvedValue> unresolved = new ArrayList<>();
        p.fieldNames().forEachRemaining(key -> {
            if (!RULE_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
                problems.add(Findings.of("input-warning", doc.sourceOfKey(p, key), what + ": property '" + key
                        + "' is not one nsgaudit knows and is not evaluated; check what it does before trusting"
                        + " answers about this rule"));
            }
        });
        provisioningState(p, doc, item, what);
        String priorityText = values.scalar(p, "priority", what);
        Integer priority = null;
        if (priorityText != null) {
            try {
                priority = Integer.valueOf(priorityText.trim());
            } catch (NumberFormatException e) {
                unresolved.add(new UnresolvedValue("priority", priorityText, "not an integer"));
            }
        }
        return SecurityRule.builder(name == null ? "(unknown name)" : name)
                .description(values.scalar(p, "description", what))
                .priority(priority)
                .direction(values.scalar(p, "direction", what))
                .access(values.scalar(p, "access", what))
                .protocol(values.scalar(p, "protocol", what))
                .sourceAddressPrefix(values.scalar(p, "sourceAddressPrefix", what))
                .sourceAddressPrefixes(values.strings(p, "sourceAddressPrefixes", what))
                .sourceApplicationSecurityGroups(asgs(values, p, "sourceApplicationSecurityGroups", what, unresolved))
                .sourcePortRange(values.scalar(p, "sourcePortRange", what))
                .sourcePortRanges(values.strings(p, "sourcePortRanges", what))
                .destinationAddressPrefix(values.scalar(p, "destinationAddressPrefix", what))
                .destinationAddressPrefixes(values.strings(p, "destinationAddressPrefixes", what))
                .destinationApplicationSecurityGroups(asgs(values, p, "destinationApplicationSecurityGroups", what,
                        unresolved))
                .destinationPortRange(values.scalar(p, "destinationPortRange", what))
                .destinationPortRanges(values.strings(p, "destinationPortRanges", what))
                .unresolved(unresolved)
                .source(doc.sourceOf(item))
                .build();
    }

    /** ASG references: model names of exported ASGs; one the export lacks is unresolved (membership unknown). */
    private List<String> asgs(ExportValues values, JsonNode p, String property, String what,
                              List<UnresolvedValue> unresolved) {
        List<String> out = new ArrayList<>();
        for (JsonNode ref : values.objects(p, property, what)) {
            String id = values.scalar(ref, "id", what + " " + property);
            resolve(id, ASG, property, unresolved).ifPresent(out::add);
        }
        return out;
    }

    // ---- virtual networks ----------------------------------------------------------------------------

    private VirtualNetwork vnet(ExportedResource r) {
        ExportValues values = new ExportValues(r.document(), problems);
        String name = r.modelName();
        String what = "virtual network " + name;
        JsonNode p = r.properties();
        List<UnresolvedValue> unresolved = new ArrayList<>();
        JsonNode space = ExportValues.member(p, "addressSpace");
        List<String> addressSpace = space == null || space.isNull() ? List.of()
                : values.strings(space, "addressPrefixes", what + " addressSpace");
        if (addressSpace.isEmpty()) {
            unresolved.add(new UnresolvedValue("addressSpace", "addressSpace", "the export gives no address"
                    + " prefixes; export the virtual network again"));
        }
        List<Subnet> subnets = new ArrayList<>();
        for (JsonNode s : values.objects(p, "subnets", what)) {
            subnets.add(subnet(s, r, values));
        }
        List<String> peerings = new ArrayList<>();
        for (JsonNode peering : values.objects(p, "virtualNetworkPeerings", what)) {
            JsonNode pp = ExportValues.properties(peering);
            String peeringName = values.scalar(peering, "name", what + " peering");
            String state = values.scalar(pp, "peeringState", what + " peering " + peeringName);
            if (state != null && !state.equalsIgnoreCase("Connected")) {
                problems.add(Findings.of("input-warning", r.document().sourceOf(peering), what + ": peering "
                        + peeringName + " is " + state + ", not Connected, so no traffic crosses it; it is not"
                        + " counted (VirtualNetwork does not include the remote network)"));
                continue;
            }
            JsonNode access = ExportValues.member(pp, "allowVirtualNetworkAccess");
            if (access != null && access.isBoolean() && !access.booleanValue()) {
                problems.add(Findings.of("input-warning", r.document().sourceOf(peering), what + ": peering "
                        + peeringName + " has allowVirtualNetworkAccess false, so the remote network is not part of"
                        + " VirtualNetwork here; it is not counted"));
                continue;
            }
            String remote = values.referenceId(pp, "remoteVirtualNetwork", what + " peering " + peeringName);
            java.util.Optional<String> outside = peeredOutsideExport(remote, pp, peering, r, values);
            if (outside.isPresent()) {
                peerings.add(outside.get());
                continue;
            }
            resolve(remote, VNET, "peerings", unresolved).ifPresent(peerings::add);
        }
        return new VirtualNetwork(name, addressSpace, peerings, List.of(), subnets, unresolved, r.source());
    }

    /**
     * A peered network of another subscription or resource group is often not exported (a hub the team cannot
     * read). Its peering gives its address space ({@code remoteAddressSpace}), which is all VirtualNetwork needs
     * here, so it stands in the model as a network of that space with no subnet, said with a warning. Only while
     * the peering is in sync: otherwise the space may be stale, and the peering stays unresolved.
     */
    private java.util.Optional<String> peeredOutsideExport(String remoteId, JsonNode pp, JsonNode peering,
                                                           ExportedResource vnet, ExportValues values) {
        java.util.Optional<AzureId> id = AzureId.parse(remoteId);
        if (id.isEmpty() || !id.get().isType(VNET) || byId.containsKey(id.get().key())) {
            return java.util.Optional.empty();
        }
        String sync = values.scalar(pp, "peeringSyncLevel", "peering");
        JsonNode space = ExportValues.member(pp, "remoteAddressSpace");
        List<String> prefixes = space == null || space.isNull() ? List.of()
                : values.strings(space, "addressPrefixes", "peering remoteAddressSpace");
        if (prefixes.isEmpty() || sync != null && !sync.equalsIgnoreCase("FullyInSync")) {
            return java.util.Optional.empty();
        }
        String name = id.get().modelName();
        VirtualNetwork known = peeredOutside.get(id.get().key());
        if (known == null) {
            problems.add(Findings.of("input-warning", vnet.document().sourceOf(peering), describe(id.get())
                    + ", peered with " + vnet.modelName() + ", is not in the export: its address space "
                    + String.join(", ", prefixes) + " is taken from the peering (remoteAddressSpace), its subnets,"
                    + " NICs and NSGs are not known; export it too (" + exportHint(id.get()) + ")"));
            peeredOutside.put(id.get().key(), new VirtualNetwork(name, prefixes, List.of(), List.of(), List.of(),
                    vnet.document().sourceOf(peering)));
        } else if (known.unresolved().isEmpty()
                && !new java.util.HashSet<>(known.addressSpace()).equals(new java.util.HashSet<>(prefixes))) {
            // Two peerings disagree on the space: neither is taken.
            peeredOutside.put(id.get().key(), new VirtualNetwork(name, List.of(), List.of(), List.of(), List.of(),
                    List.of(new UnresolvedValue("addressSpace", remoteId, "the peerings with it give different"
                            + " address spaces (" + String.join(", ", known.addressSpace()) + " and "
                            + String.join(", ", prefixes) + "); export it too (" + exportHint(id.get()) + ")")),
                    known.source()));
        }
        return java.util.Optional.of(name);
    }

    private Subnet subnet(JsonNode s, ExportedResource vnet, ExportValues values) {
        String name = values.scalar(s, "name", "a subnet of " + vnet.modelName());
        String what = "subnet " + vnet.modelName() + "/" + name;
        JsonNode p = ExportValues.properties(s);
        provisioningState(p, vnet.document(), s, what);
        List<String> prefixes = new ArrayList<>();
        String single = values.scalar(p, "addressPrefix", what);
        if (single != null) {
            prefixes.add(single);
        }
        prefixes.addAll(values.strings(p, "addressPrefixes", what));
        List<UnresolvedValue> unresolved = new ArrayList<>();
        String nsgId = values.referenceId(p, "networkSecurityGroup", what);
        String nsg = nsgId == null ? null : resolveKeepingName(nsgId, NSG, "networkSecurityGroup", unresolved);
        return new Subnet(name == null ? "(unknown name)" : name, prefixes, nsg, unresolved,
                vnet.document().sourceOf(s));
    }

    // ---- network interfaces ----------------------------------------------------------------------------

    private NetworkInterface nic(ExportedResource r) {
        ExportValues values = new ExportValues(r.document(), problems);
        String name = r.modelName();
        String what = "network interface " + name;
        JsonNode p = r.properties();
        List<UnresolvedValue> unresolved = new ArrayList<>();
        String nsgId = values.referenceId(p, "networkSecurityGroup", what);
        String nsg = nsgId == null ? null : resolveKeepingName(nsgId, NSG, "networkSecurityGroup", unresolved);
        List<IpConfiguration> ips = new ArrayList<>();
        int index = 0;
        for (JsonNode item : values.objects(p, "ipConfigurations", what)) {
            index++;
            IpConfiguration ip = ipConfiguration(item, "ipconfig" + index, r.document(), what, false, values);
            // The primary configuration first: it is the one effective rules and single queries are about.
            boolean primary = ExportValues.properties(item).path("primary").asBoolean(false);
            if (primary) {
                ips.add(0, ip);
            } else {
                ips.add(ip);
            }
        }
        return new NetworkInterface(name, ips, nsg, unresolved, r.source());
    }

    /**
     * One IP configuration. In exported state the address Azure assigned is known, Dynamic allocation included, so
     * it is used as the configuration's address (no D8 uncertainty); a configuration exported without one is
     * unresolved (treated as any address of its subnet). Scale set profiles have no instance addresses: dynamic.
     */
    private IpConfiguration ipConfiguration(JsonNode item, String fallbackName, ArmDocument doc, String owner,
                                            boolean profile, ExportValues values) {
        String name = values.scalar(item, "name", "an IP configuration of " + owner);
        if (name == null) {
            name = fallbackName;
        }
        String what = "IP configuration " + name + " of " + owner;
        JsonNode p = ExportValues.properties(item);
        List<UnresolvedValue> unresolved = new ArrayList<>();
        String subnet = null;
        String subnetId = values.referenceId(p, "subnet", what);
        if (subnetId != null) {
            subnet = subnetReference(subnetId, unresolved);
        }
        String address = profile ? null : values.scalar(p, "privateIPAddress", what);
        if (!profile && address == null) {
            unresolved.add(new UnresolvedValue("privateIPAddress", "privateIPAddress", "the export gives no"
                    + " assigned private address (a configuration that failed or is being updated); it is taken as"
                    + " any address of its subnet: export again once it has one"));
        }
        String version = values.scalar(p, "privateIPAddressVersion", what);
        List<String> asgs = asgs(values, p, "applicationSecurityGroups", what, unresolved);
        return new IpConfiguration(name, subnet, address, version, asgs, unresolved, doc.sourceOf(item));
    }

    /**
     * A scale set's network interface configurations, each a NIC named {@code <scale set>/<configuration>} whose
     * instances get their addresses at run time (dynamic, D8). A Flexible scale set's instances have ordinary NICs,
     * which {@code az network nic list} exports with their addresses, so its profile adds nothing.
     */
    private List<NetworkInterface> scaleSetNics(ExportedResource r) {
        ExportValues values = new ExportValues(r.document(), problems);
        List<NetworkInterface> out = new ArrayList<>();
        String mode = values.scalar(r.properties(), "orchestrationMode", "scale set " + r.modelName());
        if (mode != null && mode.equalsIgnoreCase("Flexible")) {
            return out;
        }
        JsonNode profile = ExportValues.properties(ExportValues.member(r.properties(), "virtualMachineProfile"));
        JsonNode network = ExportValues.member(profile, "networkProfile");
        String vmss = r.id().name();
        for (JsonNode config : values.objects(network, "networkInterfaceConfigurations", "scale set " + vmss)) {
            String configName = values.scalar(config, "name", "a network interface configuration of " + vmss);
            String name = r.id().qualified(vmss + "/" + (configName == null ? "nic" : configName));
            String what = "network interface " + name;
            JsonNode p = ExportValues.properties(config);
            List<UnresolvedValue> unresolved = new ArrayList<>();
            String nsgId = values.referenceId(p, "networkSecurityGroup", what);
            String nsg = nsgId == null ? null : resolveKeepingName(nsgId, NSG, "networkSecurityGroup", unresolved);
            List<IpConfiguration> ips = new ArrayList<>();
            int index = 0;
            for (JsonNode item : values.objects(p, "ipConfigurations", what)) {
                index++;
                ips.add(ipConfiguration(item, "ipconfig" + index, r.document(), what, true, values));
            }
            out.add(new NetworkInterface(name, ips, nsg, unresolved, r.document().sourceOf(config)));
        }
        return out;
    }

    // ---- references ------------------------------------------------------------------------------------

    /** The model name of the exported resource an id names, or empty with an unresolved value on the referrer. */
    private java.util.Optional<String> resolve(String idText, String type, String property,
                                               List<UnresolvedValue> unresolved) {
        if (idText == null) {
            return java.util.Optional.empty();
        }
        java.util.Optional<AzureId> id = AzureId.parse(idText);
        if (id.isEmpty() || !id.get().isType(type)) {
            unresolved.add(new UnresolvedValue(property, idText, "is not the id of a " + kind(type)));
            return java.util.Optional.empty();
        }
        ExportedResource target = byId.get(id.get().key());
        if (target == null) {
            unresolved.add(new UnresolvedValue(property, idText, "names " + describe(id.get())
                    + ", which is not in the export; export it too (" + exportHint(id.get()) + ")"));
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(target.modelName());
    }

    /** As {@link #resolve}, but an NSG outside the export keeps its name, so that show says which NSG was meant. */
    private String resolveKeepingName(String idText, String type, String property, List<UnresolvedValue> unresolved) {
        return resolve(idText, type, property, unresolved)
                .orElseGet(() -> AzureId.parse(idText).map(AzureId::modelName).orElse(null));
    }

    /** {@code vnet/subnet} for a subnet id whose virtual network is exported with that subnet; else unresolved. */
    private String subnetReference(String idText, List<UnresolvedValue> unresolved) {
        java.util.Optional<AzureId> id = AzureId.parse(idText);
        if (id.isEmpty() || !id.get().isType(SUBNET)) {
            unresolved.add(new UnresolvedValue("subnet", idText, "is not the id of a subnet"));
            return null;
        }
        ExportedResource vnet = byId.get(id.get().topLevel().key());
        if (vnet == null) {
            unresolved.add(new UnresolvedValue("subnet", idText, "names " + describe(id.get())
                    + ", whose virtual network is not in the export; export it too ("
                    + exportHint(id.get().topLevel()) + ")"));
            return null;
        }
        for (JsonNode s : new ExportValues(vnet.document(), new ArrayList<>())
                .objects(vnet.properties(), "subnets", "")) {
            JsonNode n = s.get("name");
            if (n != null && n.asText().equalsIgnoreCase(id.get().name())) {
                return vnet.modelName() + "/" + n.asText();
            }
        }
        unresolved.add(new UnresolvedValue("subnet", idText, "names " + describe(id.get()) + ", which virtual network "
                + vnet.modelName() + " in the export does not have; export both again at the same time"));
        return null;
    }

    /** {@code network security group 'nsg-web' in resource group rg of subscription S}. */
    static String describe(AzureId id) {
        String what = kind(id.type());
        return what + " '" + String.join("/", id.names()) + "' in resource group " + id.resourceGroup()
                + " of subscription " + id.subscription();
    }

    private static String exportHint(AzureId id) {
        String command = EXPORT_COMMAND.getOrDefault(id.topLevel().type().toLowerCase(Locale.ROOT),
                "az resource list");
        return command + " --subscription " + id.subscription() + " -o json";
    }

    static String kind(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        if (t.equals(NSG.toLowerCase(Locale.ROOT))) {
            return "network security group";
        } else if (t.equals(VNET.toLowerCase(Locale.ROOT))) {
            return "virtual network";
        } else if (t.equals(SUBNET.toLowerCase(Locale.ROOT))) {
            return "subnet";
        } else if (t.equals(NIC.toLowerCase(Locale.ROOT))) {
            return "network interface";
        } else if (t.equals(ASG.toLowerCase(Locale.ROOT))) {
            return "application security group";
        } else if (t.equals(VMSS.toLowerCase(Locale.ROOT))) {
            return "virtual machine scale set";
        }
        return type;
    }

    /** A resource Azure has not finished provisioning may not be what runs: a warning, and it is still read. */
    private void provisioningState(JsonNode properties, ArmDocument doc, JsonNode object, String what) {
        JsonNode state = ExportValues.member(properties, "provisioningState");
        if (state != null && state.isValueNode() && !state.isNull()
                && !state.asText().equalsIgnoreCase("Succeeded")) {
            problems.add(Findings.of("input-warning", doc.sourceOf(object), what + " has provisioningState "
                    + state.asText() + ", not Succeeded: what runs may differ from the export; it is read as"
                    + " exported, export again once it has settled"));
        }
    }
}
