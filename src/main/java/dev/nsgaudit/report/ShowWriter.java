package dev.nsgaudit.report;

import dev.nsgaudit.model.AddressPrefixItem;
import dev.nsgaudit.model.AdminRule;
import dev.nsgaudit.model.AdminRuleCollection;
import dev.nsgaudit.model.ApplicationSecurityGroup;
import dev.nsgaudit.model.NetworkGroup;
import dev.nsgaudit.model.SecurityAdminConfiguration;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.StandIn;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.model.VirtualNetwork;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the loaded model in the YAML definition format of SPEC section 3 (or the same tree as JSON). Every
 * object carries {@code definedAt: file:line}; loading the output back gives the same model.
 */
public final class ShowWriter {

    private ShowWriter() {
    }

    public static Map<String, Object> tree(Topology t) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (!t.virtualNetworks().isEmpty()) {
            root.put("virtualNetworks", t.virtualNetworks().stream()
                    .map(v -> standIn(vnet(v), t.standIn(StandIn.VNET, v.name()))).toList());
        }
        if (!t.applicationSecurityGroups().isEmpty()) {
            root.put("applicationSecurityGroups", t.applicationSecurityGroups().stream()
                    .map(a -> standIn(asg(a), t.standIn(StandIn.ASG, a.name()))).toList());
        }
        if (!t.networkInterfaces().isEmpty()) {
            root.put("networkInterfaces", t.networkInterfaces().stream()
                    .map(n -> standIn(nic(n), t.standIn(StandIn.NIC, n.name()))).toList());
        }
        if (!t.networkSecurityGroups().isEmpty()) {
            root.put("networkSecurityGroups", t.networkSecurityGroups().stream()
                    .map(n -> standIn(nsg(n), t.standIn(StandIn.NSG, n.name()))).toList());
        }
        if (!t.networkGroups().isEmpty()) {
            root.put("networkGroups", t.networkGroups().stream().map(ShowWriter::networkGroup).toList());
        }
        if (!t.securityAdminConfigurations().isEmpty()) {
            root.put("securityAdminConfigurations", t.securityAdminConfigurations().stream()
                    .map(ShowWriter::configuration).toList());
        }
        return root;
    }

    /** {@code derivedFromStandIn: <note>} right after the name of an object whose name the tool computed. */
    private static Map<String, Object> standIn(Map<String, Object> object, java.util.Optional<String> note) {
        if (note.isEmpty()) {
            return object;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", object.get("name"));
        out.put("derivedFromStandIn", note.get());
        out.putAll(object);
        return out;
    }

    public static String yaml(Topology t) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(120);
        options.setSplitLines(false);
        options.setLineBreak(DumperOptions.LineBreak.UNIX);
        // A name with a control character is written as a double-quoted escape ("\e"), not as !!binary base64,
        // which the loader would read back as the base64 text.
        options.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
        Map<String, Object> tree = tree(t);
        return tree.isEmpty() ? "{}\n" : new Yaml(options).dump(tree);
    }

    public static String json(Topology t) {
        return Json.pretty(tree(t)) + "\n";
    }

    private static Map<String, Object> vnet(VirtualNetwork v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("addressSpace", v.addressSpace());
        putList(m, "peerings", v.peerings());
        putList(m, "onPremisesPrefixes", v.onPremisesPrefixes());
        if (!v.subnets().isEmpty()) {
            List<Object> subnets = new ArrayList<>();
            for (Subnet s : v.subnets()) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("name", s.name());
                if (s.addressPrefixes().size() == 1) {
                    sm.put("addressPrefix", s.addressPrefixes().get(0));
                } else {
                    putList(sm, "addressPrefixes", s.addressPrefixes());
                }
                putValue(sm, "networkSecurityGroup", s.networkSecurityGroup());
                unresolved(sm, s.unresolved());
                definedAt(sm, s.source());
                subnets.add(sm);
            }
            m.put("subnets", subnets);
        }
        unresolved(m, v.unresolved());
        definedAt(m, v.source());
        return m;
    }

    private static Map<String, Object> asg(ApplicationSecurityGroup a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        definedAt(m, a.source());
        return m;
    }

    private static Map<String, Object> nic(NetworkInterface n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", n.name());
        putValue(m, "networkSecurityGroup", n.networkSecurityGroup());
        List<Object> ips = new ArrayList<>();
        for (IpConfiguration ip : n.ipConfigurations()) {
            Map<String, Object> im = new LinkedHashMap<>();
            im.put("name", ip.name());
            putValue(im, "subnet", ip.subnet());
            if (ip.isDynamic()) {
                im.put("privateIPAllocationMethod", "Dynamic");
            } else {
                im.put("privateIPAddress", ip.privateIPAddress());
            }
            if (!ip.privateIPAddressVersion().equalsIgnoreCase("IPv4")) {
                im.put("privateIPAddressVersion", ip.privateIPAddressVersion());
            }
            putList(im, "applicationSecurityGroups", ip.applicationSecurityGroups());
            unresolved(im, ip.unresolved());
            definedAt(im, ip.source());
            ips.add(im);
        }
        m.put("ipConfigurations", ips);
        unresolved(m, n.unresolved());
        definedAt(m, n.source());
        return m;
    }

    private static Map<String, Object> nsg(NetworkSecurityGroup n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", n.name());
        m.put("securityRules", n.securityRules().stream().map(ShowWriter::rule).toList());
        unresolved(m, n.unresolved());
        definedAt(m, n.source());
        return m;
    }

    private static Map<String, Object> rule(SecurityRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        putValue(m, "description", r.description());
        if (r.priority() != null) {
            m.put("priority", r.priority());
        }
        putValue(m, "direction", r.direction());
        putValue(m, "access", r.access());
        putValue(m, "protocol", r.protocol());
        putValue(m, "sourceAddressPrefix", r.sourceAddressPrefix());
        putList(m, "sourceAddressPrefixes", r.sourceAddressPrefixes());
        putList(m, "sourceApplicationSecurityGroups", r.sourceApplicationSecurityGroups());
        putValue(m, "sourcePortRange", r.sourcePortRange());
        putList(m, "sourcePortRanges", r.sourcePortRanges());
        putValue(m, "destinationAddressPrefix", r.destinationAddressPrefix());
        putList(m, "destinationAddressPrefixes", r.destinationAddressPrefixes());
        putList(m, "destinationApplicationSecurityGroups", r.destinationApplicationSecurityGroups());
        putValue(m, "destinationPortRange", r.destinationPortRange());
        putList(m, "destinationPortRanges", r.destinationPortRanges());
        unresolved(m, r.unresolved());
        definedAt(m, r.source());
        return m;
    }

    private static Map<String, Object> networkGroup(NetworkGroup g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", g.name());
        m.put("networkManager", g.networkManager());
        putValue(m, "description", g.description());
        m.put("memberType", g.memberType());
        putList(m, "staticMembers", g.staticMembers());
        if (g.dynamicMembership()) {
            m.put("dynamicMembership", true);
        }
        unresolved(m, g.unresolved());
        definedAt(m, g.source());
        return m;
    }

    private static Map<String, Object> configuration(SecurityAdminConfiguration c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("networkManager", c.networkManager());
        putValue(m, "description", c.description());
        List<Object> collections = new ArrayList<>();
        for (AdminRuleCollection rc : c.ruleCollections()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", rc.name());
            putValue(cm, "description", rc.description());
            putList(cm, "appliesToGroups", rc.appliesToGroups());
            cm.put("rules", rc.rules().stream().map(ShowWriter::adminRule).toList());
            unresolved(cm, rc.unresolved());
            definedAt(cm, rc.source());
            collections.add(cm);
        }
        m.put("ruleCollections", collections);
        unresolved(m, c.unresolved());
        definedAt(m, c.source());
        return m;
    }

    private static Map<String, Object> adminRule(AdminRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        putValue(m, "kind", r.kind());
        putValue(m, "description", r.description());
        if (r.priority() != null) {
            m.put("priority", r.priority());
        }
        putValue(m, "direction", r.direction());
        putValue(m, "access", r.access());
        putValue(m, "protocol", r.protocol());
        putItems(m, "sources", r.sources());
        putItems(m, "destinations", r.destinations());
        putList(m, "sourcePortRanges", r.sourcePortRanges());
        putList(m, "destinationPortRanges", r.destinationPortRanges());
        unresolved(m, r.unresolved());
        definedAt(m, r.source());
        return m;
    }

    private static void putItems(Map<String, Object> m, String key, List<AddressPrefixItem> items) {
        if (!items.isEmpty()) {
            List<Object> out = new ArrayList<>();
            for (AddressPrefixItem item : items) {
                Map<String, Object> im = new LinkedHashMap<>();
                putValue(im, "addressPrefix", item.addressPrefix());
                putValue(im, "addressPrefixType", item.addressPrefixType());
                out.add(im);
            }
            m.put(key, out);
        }
    }

    /**
     * Marks what the loader could not determine where it stands: a value replaced by
     * {@code {unresolved: <expression>, reason: <why>}}, a marker item appended to a list; what has no key of its
     * own (a resource condition, say) goes into the object's {@code unresolved} list.
     */
    @SuppressWarnings("unchecked")
    private static void unresolved(Map<String, Object> m, List<UnresolvedValue> values) {
        List<Object> objectLevel = new ArrayList<>();
        for (UnresolvedValue u : values) {
            Map<String, Object> marker = new LinkedHashMap<>();
            marker.put("unresolved", u.expression());
            marker.put("reason", u.reason());
            Object current = m.get(u.property());
            if (current instanceof List<?> list) {
                List<Object> extended = new ArrayList<>((List<Object>) list);
                extended.add(marker);
                m.put(u.property(), extended);
            } else if (current == null && LIST_KEYS.contains(u.property())) {
                m.put(u.property(), new ArrayList<>(List.of(marker)));
            } else if (current == null && VALUE_KEYS.contains(u.property())) {
                m.put(u.property(), marker);
            } else {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("property", u.property());
                entry.put("expression", u.expression());
                entry.put("reason", u.reason());
                objectLevel.add(entry);
            }
        }
        if (!objectLevel.isEmpty()) {
            m.put("unresolved", objectLevel);
        }
    }

    private static final java.util.Set<String> LIST_KEYS = java.util.Set.of("addressSpace", "peerings",
            "onPremisesPrefixes", "addressPrefixes", "applicationSecurityGroups", "sourceAddressPrefixes",
            "sourceApplicationSecurityGroups", "sourcePortRanges", "destinationAddressPrefixes",
            "destinationApplicationSecurityGroups", "destinationPortRanges", "securityRules", "ipConfigurations",
            "subnets");
    private static final java.util.Set<String> VALUE_KEYS = java.util.Set.of("addressPrefix",
            "networkSecurityGroup", "subnet", "privateIPAddress", "privateIPAllocationMethod",
            "privateIPAddressVersion", "description", "priority", "direction", "access", "protocol",
            "sourceAddressPrefix", "sourcePortRange", "destinationAddressPrefix", "destinationPortRange");

    private static void putValue(Map<String, Object> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static void putList(Map<String, Object> m, String key, List<String> values) {
        if (!values.isEmpty()) {
            m.put(key, values);
        }
    }

    private static void definedAt(Map<String, Object> m, SourceRef source) {
        if (source.isKnown()) {
            m.put("definedAt", source.toString());
        }
    }
}
