package dev.nsgaudit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsgaudit.model.AddressPrefixItem;
import dev.nsgaudit.semantics.AddressField;
import dev.nsgaudit.semantics.AdminLayer;
import dev.nsgaudit.semantics.CompiledAdminRule;
import dev.nsgaudit.eval.CompiledNsg;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.Endpoints;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.PortSet;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpPrefix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The effective security rules of a NIC in the shape of Azure's effectiveNetworkSecurityGroups response: one
 * entry per network manager whose security admin rules apply (association {@code networkManager}, first), then one
 * entry per NSG in effect (subnet, then NIC) with its association, every rule (user and default) with ports as
 * ranges, {@code *} as 0.0.0.0/0, tags and ASGs expanded to prefixes, and the tag map.
 */
public final class EffectiveJson {

    private final FlowEvaluator evaluator;
    private final Topology topology;
    private final Endpoints endpoints;

    public EffectiveJson(FlowEvaluator evaluator) {
        this.evaluator = evaluator;
        this.topology = evaluator.topology();
        this.endpoints = new Endpoints(topology);
    }

    public ObjectNode of(NetworkInterface nic) {
        ObjectNode out = Json.object();
        ArrayNode value = out.putArray("value");
        IpConfiguration primary = nic.ipConfigurations().get(0);
        Optional<Topology.SubnetRef> subnet = topology.subnet(primary.subnet());
        NetworkView view = evaluator.view(subnet.map(Topology.SubnetRef::virtualNetwork).orElse(null));
        AdminLayer admin = subnet.isPresent() ? evaluator.adminRules().layer(subnet.get())
                : evaluator.adminRules().layer(null, null);
        writeAdminRules(value, admin);
        if (subnet.isPresent() && subnet.get().subnet().networkSecurityGroup() != null
                && topology.networkSecurityGroup(subnet.get().subnet().networkSecurityGroup()).isPresent()) {
            ObjectNode entry = value.addObject();
            CompiledNsg nsg = evaluator.compiled(subnet.get().subnet().networkSecurityGroup(), view);
            entry.putObject("networkSecurityGroup").put("id", Ids.nsg(nsg.name()));
            entry.putObject("association").putObject("subnet").put("id", Ids.subnet(subnet.get()));
            writeRules(entry, nsg);
        }
        if (nic.networkSecurityGroup() != null && topology.networkSecurityGroup(nic.networkSecurityGroup()).isPresent()) {
            ObjectNode entry = value.addObject();
            CompiledNsg nsg = evaluator.compiled(nic.networkSecurityGroup(), view);
            entry.putObject("networkSecurityGroup").put("id", Ids.nsg(nsg.name()));
            entry.putObject("association").putObject("networkInterface").put("id", Ids.nic(nic.name()));
            writeRules(entry, nsg);
        }
        if (view.isAssumed()) {
            out.set("assumptions", Json.array(List.of(NetworkView.D3_NOTE)));
        }
        return out;
    }

    /**
     * The security admin rules in effect, first (they are evaluated first): one entry per network manager with
     * association {@code networkManager}, its rules in evaluation order, inbound then outbound. Access is written
     * as the admin rule has it ({@code Allow}, {@code AlwaysAllow}, {@code Deny}); a rule that only may apply
     * carries {@code unresolved} with the reason.
     */
    private void writeAdminRules(ArrayNode value, AdminLayer admin) {
        Map<String, List<CompiledAdminRule>> byManager = new LinkedHashMap<>();
        for (Direction direction : Direction.values()) {
            for (CompiledAdminRule rule : admin.rules(direction)) {
                byManager.computeIfAbsent(rule.networkManager(), k -> new ArrayList<>()).add(rule);
            }
        }
        for (Map.Entry<String, List<CompiledAdminRule>> manager : byManager.entrySet()) {
            ObjectNode entry = value.addObject();
            entry.putObject("association").putObject("networkManager").put("id", Ids.networkManager(manager.getKey()));
            ArrayNode rules = entry.putArray("effectiveSecurityRules");
            Map<String, AddressSet> tagMap = new LinkedHashMap<>();
            for (CompiledAdminRule rule : manager.getValue()) {
                rules.add(adminRule(rule, admin.view(), tagMap));
            }
            ObjectNode tags = entry.putObject("tagMap");
            tagMap.forEach((tag, set) -> tags.set(tag, Json.array(prefixStrings(set))));
        }
    }

    private ObjectNode adminRule(CompiledAdminRule admin, NetworkView view, Map<String, AddressSet> tagMap) {
        CompiledRule rule = admin.rule();
        ObjectNode o = Json.object();
        o.put("name", rule.displayName());
        o.put("protocol", protocol(rule.protocolMask()));
        ports(o, "sourcePort", rule.sourcePorts());
        ports(o, "destinationPort", rule.destinationPorts());
        adminSide(o, "source", admin.origin().sources(), rule.sourceAddresses(), rule.sourceTags(), view, tagMap);
        adminSide(o, "destination", admin.origin().destinations(), rule.destinationAddresses(),
                rule.destinationTags(), view, tagMap);
        o.put("access", admin.access() == null ? admin.origin().access() : admin.access().label());
        if (rule.priority() == Integer.MIN_VALUE) {
            o.putNull("priority");
        } else {
            o.put("priority", rule.priority());
        }
        o.put("direction", rule.direction().label());
        if (!rule.certain()) {
            o.set("unresolved", Json.array(rule.uncertainties()));
        }
        return o;
    }

    /** One item as {@code xAddressPrefix}, several as {@code xAddressPrefixes}; always expanded. */
    private void adminSide(ObjectNode o, String side, List<AddressPrefixItem> items, AddressSet addresses,
                           java.util.Set<String> tags, NetworkView view, Map<String, AddressSet> tagMap) {
        List<String> written = new ArrayList<>();
        for (AddressPrefixItem item : items) {
            String text = item.addressPrefix() == null ? "" : item.addressPrefix().trim();
            written.add(AddressField.isAny(text) ? "0.0.0.0/0" : canonicalPrefix(text));
        }
        if (written.isEmpty()) {
            written.add("0.0.0.0/0");
        }
        if (written.size() == 1) {
            o.put(side + "AddressPrefix", written.get(0));
        } else {
            o.set(side + "AddressPrefixes", Json.array(written));
        }
        o.set("expanded" + capital(side) + "AddressPrefix", Json.array(prefixStrings(addresses)));
        for (String tag : tags) {
            tagMap.putIfAbsent(tag, AddressField.tagAddresses(tag, view, evaluator.serviceTags(), null));
        }
    }

    private void writeRules(ObjectNode entry, CompiledNsg nsg) {
        ArrayNode rules = entry.putArray("effectiveSecurityRules");
        Map<String, AddressSet> tagMap = new LinkedHashMap<>();
        for (Direction direction : Direction.values()) {
            for (CompiledRule rule : nsg.rules(direction)) {
                rules.add(rule(rule, nsg.view(), tagMap));
            }
        }
        ObjectNode tags = entry.putObject("tagMap");
        tagMap.forEach((tag, set) -> tags.set(tag, Json.array(prefixStrings(set))));
    }

    private ObjectNode rule(CompiledRule rule, NetworkView view, Map<String, AddressSet> tagMap) {
        SecurityRule origin = rule.origin();
        ObjectNode o = Json.object();
        o.put("name", rule.displayName());
        o.put("protocol", protocol(rule.protocolMask()));
        ports(o, "sourcePort", rule.sourcePorts());
        ports(o, "destinationPort", rule.destinationPorts());
        side(o, "source", origin.sourceAddressPrefix(), origin.sourceAddressPrefixes(),
                origin.sourceApplicationSecurityGroups(), rule.sourceAddresses(), rule.sourceTags(), view, tagMap);
        side(o, "destination", origin.destinationAddressPrefix(), origin.destinationAddressPrefixes(),
                origin.destinationApplicationSecurityGroups(), rule.destinationAddresses(), rule.destinationTags(),
                view, tagMap);
        o.put("access", rule.access() == null ? origin.access() : rule.access().label());
        if (rule.priority() == Integer.MIN_VALUE) {
            o.putNull("priority");
        } else {
            o.put("priority", rule.priority());
        }
        o.put("direction", rule.direction().label());
        if (!rule.certain()) {
            o.set("unresolved", Json.array(rule.uncertainties()));
        }
        return o;
    }

    private static String protocol(int mask) {
        if (mask == Protocol.ALL_MASK) {
            return "All";
        }
        List<String> names = new ArrayList<>();
        for (Protocol p : Protocol.values()) {
            if ((mask & p.mask()) != 0) {
                names.add(p.label());
            }
        }
        return String.join(",", names);
    }

    private static void ports(ObjectNode o, String field, PortSet ports) {
        List<String> ranges = ports.toEffectiveStrings();
        if (ranges.size() == 1) {
            o.put(field + "Range", ranges.get(0));
        } else {
            o.set(field + "Ranges", Json.array(ranges));
        }
    }

    private void side(ObjectNode o, String side, String singular, List<String> plural, List<String> asgs,
                      AddressSet addresses, java.util.Set<String> tags, NetworkView view,
                      Map<String, AddressSet> tagMap) {
        boolean expand = false;
        if (singular != null && !singular.isBlank()) {
            String s = singular.trim();
            if (AddressField.isAny(s)) {
                o.put(side + "AddressPrefix", "0.0.0.0/0");
                expand = true;
            } else if (!tags.isEmpty()) {
                o.put(side + "AddressPrefix", tags.iterator().next());
                expand = true;
            } else {
                o.put(side + "AddressPrefix", canonicalPrefix(s));
            }
        }
        if (!plural.isEmpty()) {
            o.set(side + "AddressPrefixes", Json.array(plural.stream().map(EffectiveJson::canonicalPrefix).toList()));
        }
        if (!asgs.isEmpty()) {
            ArrayNode ids = o.putArray(side + "ApplicationSecurityGroups");
            for (String asg : asgs) {
                ids.addObject().put("id", Ids.asg(topology.applicationSecurityGroup(asg).map(a -> a.name()).orElse(asg)));
            }
            o.set("expanded" + capital(side) + "AddressPrefix", Json.array(prefixStrings(asgMembers(asgs))));
        } else if (expand) {
            o.set("expanded" + capital(side) + "AddressPrefix", Json.array(prefixStrings(addresses)));
        }
        for (String tag : tags) {
            tagMap.putIfAbsent(tag, AddressField.tagAddresses(tag, view, evaluator.serviceTags(), null));
        }
    }

    /** Static members by address; a dynamic member by every address it can be given in its subnet (D8). */
    private AddressSet asgMembers(List<String> asgs) {
        List<dev.nsgaudit.net.IpRange> ranges = new ArrayList<>();
        for (NetworkInterface nic : topology.networkInterfaces()) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                boolean member = ip.applicationSecurityGroups().stream()
                        .anyMatch(a -> asgs.stream().anyMatch(a::equalsIgnoreCase));
                if (!member) {
                    continue;
                }
                if (ip.isDynamic()) {
                    endpoints.usableRange(ip).ifPresent(ranges::add);
                } else {
                    try {
                        IpAddress address = IpAddress.parse(ip.privateIPAddress().trim());
                        ranges.add(IpPrefix.host(address).range());
                    } catch (IllegalArgumentException ignored) {
                        // reported by the topology validator
                    }
                }
            }
        }
        return AddressSet.ofRanges(ranges);
    }

    private static List<String> prefixStrings(AddressSet set) {
        return set.toPrefixes().stream().map(IpPrefix::toString).toList();
    }

    private static String canonicalPrefix(String text) {
        try {
            return IpPrefix.parse(text.trim()).prefix().toString();
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
