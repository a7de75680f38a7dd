package dev.nsgaudit.load;

import dev.nsgaudit.model.AddressPrefixItem;
import dev.nsgaudit.model.AdminRule;
import dev.nsgaudit.model.AdminRuleCollection;
import dev.nsgaudit.model.ApplicationSecurityGroup;
import dev.nsgaudit.model.NetworkGroup;
import dev.nsgaudit.model.SecurityAdminConfiguration;
import dev.nsgaudit.model.Finding;
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
import dev.nsgaudit.rules.Findings;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.reader.ReaderException;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the YAML definition format of SPEC section 3. Every object remembers its file and line; unknown keys,
 * wrong types and missing names are reported with file:line:col, and the rest of the file is still read.
 * Aliases, nesting and size are limited so that no file can exhaust the tool.
 */
public final class YamlLoader {

    public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
    static final int MAX_ALIASES = 50;
    static final int MAX_NESTING = 64;

    public static final Set<String> TOP_LEVEL_KEYS = Set.of("virtualNetworks", "applicationSecurityGroups",
            "networkInterfaces", "networkSecurityGroups", "networkGroups", "securityAdminConfigurations", "policies",
            "matrix");
    public static final Set<String> DEFINITION_KEYS = Set.of("virtualNetworks", "applicationSecurityGroups",
            "networkInterfaces", "networkSecurityGroups", "networkGroups", "securityAdminConfigurations");
    /** Virtual Network Manager definitions, as show writes them. */
    private static final Set<String> GROUP_KEYS = Set.of("name", "networkManager", "description", "memberType",
            "staticMembers", "dynamicMembership", "unresolved", "definedAt");
    private static final Set<String> CONFIGURATION_KEYS = Set.of("name", "networkManager", "description",
            "ruleCollections", "unresolved", "definedAt");
    private static final Set<String> COLLECTION_KEYS = Set.of("name", "description", "appliesToGroups", "rules",
            "unresolved", "definedAt");
    private static final Set<String> ADMIN_RULE_KEYS = Set.of("name", "kind", "description", "priority",
            "direction", "access", "protocol", "sources", "destinations", "sourcePortRanges", "destinationPortRanges",
            "unresolved", "definedAt");
    private static final Set<String> ITEM_KEYS = Set.of("addressPrefix", "addressPrefixType");
    private static final Set<String> VNET_KEYS = Set.of("name", "addressSpace", "peerings", "onPremisesPrefixes",
            "subnets", "unresolved", "definedAt", "derivedFromStandIn");
    private static final Set<String> SUBNET_KEYS = Set.of("name", "addressPrefix", "addressPrefixes",
            "networkSecurityGroup", "unresolved", "definedAt");
    private static final Set<String> ASG_KEYS = Set.of("name", "definedAt", "derivedFromStandIn");
    private static final Set<String> NIC_KEYS = Set.of("name", "subnet", "privateIPAddress",
            "privateIPAllocationMethod", "privateIPAddressVersion", "applicationSecurityGroups",
            "networkSecurityGroup", "ipConfigurations", "unresolved", "definedAt", "derivedFromStandIn");
    private static final Set<String> IPCONFIG_KEYS = Set.of("name", "subnet", "privateIPAddress",
            "privateIPAllocationMethod", "privateIPAddressVersion", "applicationSecurityGroups", "unresolved",
            "definedAt");
    private static final Set<String> NSG_KEYS = Set.of("name", "securityRules", "unresolved", "definedAt",
            "derivedFromStandIn");
    public static final Set<String> RULE_KEYS = Set.of("name", "description", "priority", "direction", "access",
            "protocol", "sourceAddressPrefix", "sourceAddressPrefixes", "sourceApplicationSecurityGroups",
            "sourcePortRange", "sourcePortRanges", "destinationAddressPrefix", "destinationAddressPrefixes",
            "destinationApplicationSecurityGroups", "destinationPortRange", "destinationPortRanges", "unresolved",
            "definedAt");

    /** The warning for policies in a file read as input; check drops it for files it reads as policies too. */
    public static final String POLICIES_NOT_READ = "policies are not read from the inputs: give this file with"
            + " --policy to check them";

    private YamlLoader() {
    }

    static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit((int) MAX_FILE_BYTES);
        return options;
    }

    /** Parses a file into its documents' root nodes, or records why it cannot be read. */
    public static List<Node> parse(Path file, String displayName, List<Finding> problems) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                problems.add(Findings.of("input-error", SourceRef.of(displayName, 0),
                        "file is " + size + " bytes; YAML definitions are limited to " + MAX_FILE_BYTES
                                + " bytes: split it into several files"));
                return List.of();
            }
            String text = Utf8Text.decode(Files.readAllBytes(file));
            return parse(text, displayName, problems);
        } catch (Utf8Text.NotUtf8 e) {
            problems.add(Findings.of("input-error", new SourceRef(displayName, e.line, e.column),
                    e.getMessage()));
            return List.of();
        } catch (IOException e) {
            problems.add(Findings.of("input-error", SourceRef.of(displayName, 0),
                    "cannot read file: " + e.getMessage()));
            return List.of();
        }
    }

    static List<Node> parse(String text, String displayName, List<Finding> problems) {
        List<Node> roots = new ArrayList<>();
        try {
            for (Node node : new Yaml(options()).composeAll(new StringReader(text))) {
                if (node != null) {
                    roots.add(node);
                }
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            SourceRef at = mark == null ? SourceRef.of(displayName, 0)
                    : new SourceRef(displayName, mark.getLine() + 1, mark.getColumn() + 1);
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            if (context.contains("alias") || String.valueOf(problem).contains("alias")) {
                // The usual cause in NSG files: an unquoted * for "any", which YAML reads as an alias.
                context += "; a bare * starts a YAML alias: write \"*\" in quotes";
            }
            problems.add(Findings.of("yaml-syntax", at, "malformed YAML: " + oneLine(problem)
                    + context + "; fix the YAML syntax at this position"));
        } catch (ReaderException e) {
            // A character YAML does not allow in a stream (NUL, most control characters): say which and where.
            problems.add(Findings.of("yaml-syntax", YamlLimits.at(text, e.getPosition(), displayName),
                    "malformed YAML: character " + String.format("U+%04X", e.getCodePoint()) + " is not allowed in"
                            + " YAML (write it as an escape in a double-quoted string, or remove it)"));
        } catch (YAMLException e) {
            SourceRef at = YamlLimits.firstExcess(text, displayName);
            problems.add(Findings.of("yaml-syntax", at != null ? at : SourceRef.of(displayName, 0),
                    "cannot read YAML: " + oneLine(e.getMessage()) + " (aliases are limited to " + MAX_ALIASES
                            + ", nesting to " + MAX_NESTING + " levels)"));
        }
        return roots;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    /** The top-level keys of a root node (for discovering definition files in folders). */
    public static Set<String> topLevelKeys(Node root) {
        Set<String> keys = new java.util.LinkedHashSet<>();
        if (root instanceof MappingNode mapping) {
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode s) {
                    keys.add(s.getValue());
                }
            }
        }
        return keys;
    }

    /** Reads the definitions of one document. */
    public static Topology read(Node root, String file, List<Finding> problems) {
        YamlNodes y = new YamlNodes(file, problems);
        Map<String, Node> top = y.fields(root, "the file's top level", TOP_LEVEL_KEYS);
        for (String key : List.of("policies", "matrix")) {
            if (top.containsKey(key)) {
                // Read as input, a file's policies would pass unchecked: say how they are checked.
                y.warn("input-warning", top.get(key), POLICIES_NOT_READ);
            }
        }
        List<VirtualNetwork> vnets = new ArrayList<>();
        for (Node n : y.list(top, "virtualNetworks", "the file")) {
            VirtualNetwork v = vnet(y, n);
            if (v != null) {
                vnets.add(v);
            }
        }
        List<ApplicationSecurityGroup> asgs = new ArrayList<>();
        for (Node n : y.list(top, "applicationSecurityGroups", "the file")) {
            Map<String, Node> f = y.fields(n, "an application security group", ASG_KEYS);
            String name = y.requiredString(f, "name", "an application security group", n);
            if (name != null) {
                asgs.add(new ApplicationSecurityGroup(name, source(y, f, n)));
            }
        }
        List<NetworkInterface> nics = new ArrayList<>();
        for (Node n : y.list(top, "networkInterfaces", "the file")) {
            NetworkInterface nic = nic(y, n);
            if (nic != null) {
                nics.add(nic);
            }
        }
        List<NetworkSecurityGroup> nsgs = new ArrayList<>();
        for (Node n : y.list(top, "networkSecurityGroups", "the file")) {
            NetworkSecurityGroup nsg = nsg(y, n);
            if (nsg != null) {
                nsgs.add(nsg);
            }
        }
        List<StandIn> standIns = new ArrayList<>();
        for (String[] kind : new String[][] {{"virtualNetworks", StandIn.VNET},
                {"applicationSecurityGroups", StandIn.ASG}, {"networkInterfaces", StandIn.NIC},
                {"networkSecurityGroups", StandIn.NSG}}) {
            for (Node n : y.list(top, kind[0], "the file")) {
                standIn(n, kind[1]).ifPresent(standIns::add);
            }
        }
        List<NetworkGroup> groups = new ArrayList<>();
        for (Node n : y.list(top, "networkGroups", "the file")) {
            NetworkGroup g = networkGroup(y, n);
            if (g != null) {
                groups.add(g);
            }
        }
        List<SecurityAdminConfiguration> configurations = new ArrayList<>();
        for (Node n : y.list(top, "securityAdminConfigurations", "the file")) {
            SecurityAdminConfiguration c = configuration(y, n);
            if (c != null) {
                configurations.add(c);
            }
        }
        return new Topology(vnets, asgs, nics, nsgs, List.of(), standIns, groups, configurations);
    }

    private static NetworkGroup networkGroup(YamlNodes y, Node n) {
        String what = "a network group";
        Map<String, Node> f = y.fields(n, what, GROUP_KEYS);
        String name = y.requiredString(f, "name", what, n);
        String manager = y.requiredString(f, "networkManager", what, n);
        if (name == null || manager == null) {
            return null;
        }
        what = "network group '" + manager + "/" + name + "'";
        String dynamic = y.string(f, "dynamicMembership", what);
        if (dynamic != null && !dynamic.equals("true") && !dynamic.equals("false")) {
            y.error("input-error", f.get("dynamicMembership"), "dynamicMembership of " + what
                    + " must be true or false");
        }
        return new NetworkGroup(manager, name, y.string(f, "description", what), y.string(f, "memberType", what),
                y.strings(f, "staticMembers", what), "true".equals(dynamic), y.unresolvedIn(f), source(y, f, n));
    }

    private static SecurityAdminConfiguration configuration(YamlNodes y, Node n) {
        String what = "a security admin configuration";
        Map<String, Node> f = y.fields(n, what, CONFIGURATION_KEYS);
        String name = y.requiredString(f, "name", what, n);
        String manager = y.requiredString(f, "networkManager", what, n);
        if (name == null || manager == null) {
            return null;
        }
        what = "security admin configuration '" + manager + "/" + name + "'";
        List<AdminRuleCollection> collections = new ArrayList<>();
        for (Node c : y.list(f, "ruleCollections", what)) {
            if (YamlNodes.isMarker(c)) {
                continue;
            }
            String cw = "a rule collection of " + what;
            Map<String, Node> cf = y.fields(c, cw, COLLECTION_KEYS);
            String collectionName = y.requiredString(cf, "name", cw, c);
            if (collectionName == null) {
                continue;
            }
            cw = "rule collection '" + collectionName + "' of " + what;
            List<AdminRule> rules = new ArrayList<>();
            for (Node r : y.list(cf, "rules", cw)) {
                if (!YamlNodes.isMarker(r)) {
                    AdminRule rule = adminRule(y, r, cw);
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
            }
            collections.add(new AdminRuleCollection(collectionName, y.string(cf, "description", cw),
                    y.strings(cf, "appliesToGroups", cw), rules, y.unresolvedIn(cf), source(y, cf, c)));
        }
        return new SecurityAdminConfiguration(manager, name, y.string(f, "description", what), collections,
                y.unresolvedIn(f), source(y, f, n));
    }

    private static AdminRule adminRule(YamlNodes y, Node r, String collectionWhat) {
        String what = "an admin rule of " + collectionWhat;
        Map<String, Node> f = y.fields(r, what, ADMIN_RULE_KEYS);
        String name = y.requiredString(f, "name", what, r);
        if (name == null) {
            return null;
        }
        what = "admin rule '" + name + "' of " + collectionWhat;
        return AdminRule.builder(name)
                .kind(y.string(f, "kind", what))
                .description(y.string(f, "description", what))
                .priority(y.integer(f, "priority", what))
                .direction(y.string(f, "direction", what))
                .access(y.string(f, "access", what))
                .protocol(y.string(f, "protocol", what))
                .sources(items(y, f, "sources", what))
                .destinations(items(y, f, "destinations", what))
                .sourcePortRanges(y.strings(f, "sourcePortRanges", what))
                .destinationPortRanges(y.strings(f, "destinationPortRanges", what))
                .unresolved(y.unresolvedIn(f))
                .source(source(y, f, r))
                .build();
    }

    private static List<AddressPrefixItem> items(YamlNodes y, Map<String, Node> f, String key, String what) {
        List<AddressPrefixItem> out = new ArrayList<>();
        for (Node item : y.list(f, key, what)) {
            if (YamlNodes.isMarker(item)) {
                continue;
            }
            Map<String, Node> itemFields = y.fields(item, "an item of " + key + " of " + what, ITEM_KEYS);
            out.add(new AddressPrefixItem(y.string(itemFields, "addressPrefix", what),
                    y.string(itemFields, "addressPrefixType", what)));
        }
        return out;
    }

    /** {@code derivedFromStandIn: <note>} (written by show for a name computed from the stand-in context). */
    private static java.util.Optional<StandIn> standIn(Node n, String kind) {
        if (!(n instanceof org.yaml.snakeyaml.nodes.MappingNode mapping)) {
            return java.util.Optional.empty();
        }
        String name = null;
        String note = null;
        for (org.yaml.snakeyaml.nodes.NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode k
                    && t.getValueNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode v) {
                if (k.getValue().equals("name")) {
                    name = v.getValue();
                } else if (k.getValue().equals("derivedFromStandIn")) {
                    note = v.getValue();
                }
            }
        }
        return name != null && note != null ? java.util.Optional.of(new StandIn(kind, name, note))
                : java.util.Optional.empty();
    }

    /** {@code definedAt: file:line} (written by show) keeps the original position through a round trip. */
    private static SourceRef source(YamlNodes y, Map<String, Node> fields, Node node) {
        String written = y.string(fields, "definedAt", "an object");
        return written != null ? SourceRef.parse(written) : y.at(node);
    }

    private static VirtualNetwork vnet(YamlNodes y, Node n) {
        String what = "a virtual network";
        Map<String, Node> f = y.fields(n, what, VNET_KEYS);
        String name = y.requiredString(f, "name", what, n);
        if (name == null) {
            return null;
        }
        what = "virtual network '" + name + "'";
        List<Subnet> subnets = new ArrayList<>();
        for (Node s : y.list(f, "subnets", what)) {
            if (YamlNodes.isMarker(s)) {
                continue; // a subnet show could not determine: read by unresolvedIn
            }
            String sw = "a subnet of " + what;
            Map<String, Node> sf = y.fields(s, sw, SUBNET_KEYS);
            String subnetName = y.requiredString(sf, "name", sw, s);
            if (subnetName == null) {
                continue;
            }
            sw = "subnet '" + name + "/" + subnetName + "'";
            List<String> prefixes = new ArrayList<>();
            String single = y.string(sf, "addressPrefix", sw);
            if (single != null) {
                prefixes.add(single);
            }
            prefixes.addAll(y.strings(sf, "addressPrefixes", sw));
            List<UnresolvedValue> subnetUnresolved = y.unresolvedIn(sf);
            // An empty value (addressPrefix: ~) is no prefix either: only a value show could not determine is.
            if (prefixes.isEmpty() && subnetUnresolved.stream().noneMatch(u -> u.property() != null
                    && u.property().startsWith("addressPrefix"))) {
                y.error("input-error", s, sw + " has no addressPrefix; add one, e.g. addressPrefix: 10.0.1.0/24");
            }
            subnets.add(new Subnet(subnetName, prefixes, y.string(sf, "networkSecurityGroup", sw), subnetUnresolved,
                    source(y, sf, s)));
        }
        List<String> space = y.strings(f, "addressSpace", what);
        if (space.isEmpty() && y.unresolvedIn(f).stream().noneMatch(u -> "addressSpace".equals(u.property()))) {
            y.error("input-error", n, what + " has no addressSpace; add one, e.g. addressSpace: [10.0.0.0/16]");
        }
        return new VirtualNetwork(name, space, y.strings(f, "peerings", what),
                y.strings(f, "onPremisesPrefixes", what), subnets, y.unresolvedIn(f), source(y, f, n));
    }

    private static NetworkInterface nic(YamlNodes y, Node n) {
        String what = "a network interface";
        Map<String, Node> f = y.fields(n, what, NIC_KEYS);
        String name = y.requiredString(f, "name", what, n);
        if (name == null) {
            return null;
        }
        what = "network interface '" + name + "'";
        String nicSubnet = y.string(f, "subnet", what);
        List<IpConfiguration> ips = new ArrayList<>();
        if (f.containsKey("ipConfigurations")) {
            for (String shorthand : List.of("privateIPAddress", "privateIPAllocationMethod", "privateIPAddressVersion",
                    "applicationSecurityGroups")) {
                if (f.containsKey(shorthand)) {
                    y.error("input-error", f.get(shorthand), what + " has both ipConfigurations and " + shorthand
                            + "; move " + shorthand + " into the IP configuration it belongs to");
                }
            }
            int index = 0;
            for (Node c : y.list(f, "ipConfigurations", what)) {
                index++;
                if (YamlNodes.isMarker(c)) {
                    continue; // read by unresolvedIn
                }
                String cw = "IP configuration " + index + " of " + what;
                Map<String, Node> cf = y.fields(c, cw, IPCONFIG_KEYS);
                String ipName = y.string(cf, "name", cw);
                IpConfiguration ip = ipConfiguration(y, cf, c, ipName == null ? "ipconfig" + index : ipName,
                        y.string(cf, "subnet", cw) != null ? y.string(cf, "subnet", cw) : nicSubnet, cw);
                ips.add(ip);
            }
            if (ips.isEmpty() && y.list(f, "ipConfigurations", what).stream().noneMatch(YamlNodes::isMarker)) {
                y.error("input-error", n, what + " has an empty ipConfigurations list");
            }
        } else {
            ips.add(ipConfiguration(y, f, n, "ipconfig1", nicSubnet, what));
        }
        return new NetworkInterface(name, ips, y.string(f, "networkSecurityGroup", what),
                f.containsKey("ipConfigurations") ? y.unresolvedIn(f) : List.of(), source(y, f, n));
    }

    private static IpConfiguration ipConfiguration(YamlNodes y, Map<String, Node> f, Node n, String name,
                                                   String subnet, String what) {
        if (subnet == null && !(f.containsKey("subnet") && YamlNodes.isMarker(f.get("subnet")))) {
            y.error("input-error", n, what + " has no subnet; add subnet: <vnet>/<subnet>");
        }
        String address = y.string(f, "privateIPAddress", what);
        String method = y.string(f, "privateIPAllocationMethod", what);
        if (method != null && !method.equalsIgnoreCase("Static") && !method.equalsIgnoreCase("Dynamic")) {
            y.error("input-error", f.get("privateIPAllocationMethod"), "privateIPAllocationMethod of " + what
                    + " must be Static or Dynamic, not '" + method + "'");
        }
        if (method != null && method.equalsIgnoreCase("Static") && address == null) {
            y.error("input-error", n, what + " is Static but has no privateIPAddress; add it");
        }
        if (method != null && method.equalsIgnoreCase("Dynamic") && address != null) {
            y.warn("input-warning", f.get("privateIPAddress"), what + " is Dynamic, so Azure ignores privateIPAddress "
                    + address + "; the address is treated as unknown (D8)");
            address = null;
        }
        String version = y.string(f, "privateIPAddressVersion", what);
        if (version != null && !version.equalsIgnoreCase("IPv4") && !version.equalsIgnoreCase("IPv6")) {
            y.error("input-error", f.get("privateIPAddressVersion"), "privateIPAddressVersion of " + what
                    + " must be IPv4 or IPv6");
            version = null;
        }
        if (version == null && address != null && address.contains(":")) {
            version = "IPv6";
        }
        return new IpConfiguration(name, subnet, address, version,
                y.strings(f, "applicationSecurityGroups", what), y.unresolvedIn(f), source(y, f, n));
    }

    private static NetworkSecurityGroup nsg(YamlNodes y, Node n) {
        String what = "a network security group";
        Map<String, Node> f = y.fields(n, what, NSG_KEYS);
        String name = y.requiredString(f, "name", what, n);
        if (name == null) {
            return null;
        }
        what = "network security group '" + name + "'";
        List<SecurityRule> rules = new ArrayList<>();
        for (Node r : y.list(f, "securityRules", what)) {
            if (YamlNodes.isMarker(r)) {
                continue; // read by unresolvedIn
            }
            SecurityRule rule = rule(y, r, what);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return new NetworkSecurityGroup(name, rules, y.unresolvedIn(f), source(y, f, n));
    }

    private static SecurityRule rule(YamlNodes y, Node r, String nsgWhat) {
        String what = "a security rule of " + nsgWhat;
        Map<String, Node> f = y.fields(r, what, RULE_KEYS);
        String name = y.requiredString(f, "name", what, r);
        if (name == null) {
            return null;
        }
        // Missing required properties are reported by RuleValidator, once, whatever the input format.
        what = "rule '" + name + "' of " + nsgWhat;
        return SecurityRule.builder(name)
                .description(y.string(f, "description", what))
                .priority(y.integer(f, "priority", what))
                .direction(y.string(f, "direction", what))
                .access(y.string(f, "access", what))
                .protocol(y.string(f, "protocol", what))
                .sourceAddressPrefix(y.string(f, "sourceAddressPrefix", what))
                .sourceAddressPrefixes(y.strings(f, "sourceAddressPrefixes", what))
                .sourceApplicationSecurityGroups(y.strings(f, "sourceApplicationSecurityGroups", what))
                .sourcePortRange(y.string(f, "sourcePortRange", what))
                .sourcePortRanges(y.strings(f, "sourcePortRanges", what))
                .destinationAddressPrefix(y.string(f, "destinationAddressPrefix", what))
                .destinationAddressPrefixes(y.strings(f, "destinationAddressPrefixes", what))
                .destinationApplicationSecurityGroups(y.strings(f, "destinationApplicationSecurityGroups", what))
                .destinationPortRange(y.string(f, "destinationPortRange", what))
                .destinationPortRanges(y.strings(f, "destinationPortRanges", what))
                .unresolved(y.unresolvedIn(f))
                .source(source(y, f, r))
                .build();
    }
}
