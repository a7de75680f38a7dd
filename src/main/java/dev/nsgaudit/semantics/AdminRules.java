package dev.nsgaudit.semantics;

import dev.nsgaudit.model.AddressPrefixItem;
import dev.nsgaudit.model.AdminRule;
import dev.nsgaudit.model.AdminRuleCollection;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.NetworkGroup;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.SecurityAdminConfiguration;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpPrefix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Azure Virtual Network Manager security admin rules, compiled: the one lookup the evaluator and the set engines
 * use to find the admin rules in effect at a VNet or subnet.
 *
 * <h2>Design note</h2>
 * <ul>
 * <li><b>Where rules apply</b> (DOC-AVNM): a rule collection applies to the members of the network groups in its
 * {@code appliesToGroups}; a group holds VNets, or (member type {@code Subnet}) subnets. Admin rules act at VNet
 * level, so a VNet member puts the rules in front of every NIC of the VNet (both directions); a subnet member in
 * front of the NICs of that subnet. Every configuration in the input is taken as deployed (committed) to the
 * regions of the VNets it reaches. Ask with {@link #layer(String, String)} (VNet and subnet names, as a NIC's
 * {@code vnet/subnet}) or {@link #layer(Topology.SubnetRef)}; {@code layer(vnet, null)} is the VNet as a whole
 * (subnet-member groups then only may apply).</li>
 * <li><b>What is uncertain</b>: a group whose membership is not fully known ({@link NetworkGroup#membershipKnown()}:
 * Azure Policy adds members, or a static member is unresolved) may hold a VNet it does not list; a group named by
 * a collection but not defined in the input may hold anything; an unresolved {@code appliesToGroups} entry or an
 * unresolved configuration may reach anything; a VNet the input does not know (null name) may be in any group
 * that is not fully known. Such rules are in the layer as <i>uncertain</i> rules: their {@link CompiledRule}
 * carries the reason in {@code uncertainties()}, so every engine treats them as rules that may or may not match
 * (the evaluator: inconclusive where it matters; {@code FirstMatch}: low and high bounds). Rules of a collection
 * that certainly does not reach the VNet are not in the layer.</li>
 * <li><b>Matching</b> is {@link CompiledRule}'s, built here from the admin rule: protocol {@code Any} is every
 * protocol (mask {@link Protocol#ALL_MASK}), {@code Tcp}/{@code Udp}/{@code Icmp}/{@code Esp}/{@code Ah} one; ports
 * as NSG ports, and D6 (ICMP, ESP and AH match only a rule whose ports are all ports); sources and destinations are
 * the union of their items: {@code IPPrefix} (an address, CIDR or {@code *}), {@code ServiceTag} (through
 * {@link ServiceTags} and the VNet's {@link NetworkView}, exactly as for NSG rules), {@code NetworkGroup} (the
 * address spaces of the group's member VNets, or the prefixes of its member subnets; uncertain when membership is
 * not known). An empty source or destination list, or empty port list, is taken as "any", as {@code *} is.
 * Anything that cannot be interpreted makes the field match everything and the rule uncertain, as for NSG rules.
 * There are no ASGs in admin rules.</li>
 * <li><b>Deciding</b>: {@link AdminLayer#decide} (first match in {@link AdminLayer#rules} order; outcome
 * CONTINUE, ALWAYS_ALLOW or DENY; priority ties of different access are undefined, see {@link AdminLayer}).
 * For set engines, {@link AdminLayer#firstMatchRules} gives the list as NSG-style rules for one outcome.</li>
 * <li><b>Names</b>: {@link CompiledAdminRule#displayName()} is
 * {@code securityAdminRules/<networkManager>/<configuration>/<collection>/<rule>}; that name is also the
 * {@code displayName} of the embedded {@link CompiledRule}, whose {@code origin} is a stand-in
 * {@link SecurityRule} with the admin rule's name, priority, direction and position (the real rule is
 * {@link CompiledAdminRule#origin()}).</li>
 * </ul>
 * Compiled layers are cached per VNet and subnet; safe for concurrent use.
 */
public final class AdminRules {

    private final Topology topology;
    private final ServiceTags serviceTags;
    private final Function<VirtualNetwork, NetworkView> views;
    private final ConcurrentHashMap<String, AdminLayer> layers = new ConcurrentHashMap<>();

    /** Ascending priority; the sort is stable, so ties keep input order. */
    private static final Comparator<CompiledAdminRule> ORDER = Comparator.comparingInt(CompiledAdminRule::priority);

    /**
     * @param views the network view of a VNet (null: a VNet the input does not know, for which the D3 view is
     *     asked); pass the evaluator's cached views so that both see the same tag expansions
     */
    public AdminRules(Topology topology, ServiceTags serviceTags, Function<VirtualNetwork, NetworkView> views) {
        this.topology = topology;
        this.serviceTags = serviceTags;
        this.views = views;
    }

    public AdminRules(Topology topology, ServiceTags serviceTags) {
        this(topology, serviceTags, v -> v == null ? NetworkView.assumed() : NetworkView.of(topology, v));
    }

    /** True when the input has no security admin configuration: every layer is empty. */
    public boolean isEmpty() {
        return topology.securityAdminConfigurations().isEmpty();
    }

    public Topology topology() {
        return topology;
    }

    /** The admin rules in front of the NICs of one subnet. */
    public AdminLayer layer(Topology.SubnetRef subnet) {
        return layer(subnet.virtualNetwork().name(), subnet.subnet().name());
    }

    /**
     * The admin rules in effect at a VNet (subnet null: the VNet as a whole) or one of its subnets.
     *
     * @param vnetName null for a VNet the input does not know (a NIC whose subnet is unresolved)
     */
    public AdminLayer layer(String vnetName, String subnetName) {
        String key = Topology.key(vnetName) + "|" + (vnetName == null ? "?" : "") + "|" + Topology.key(subnetName)
                + (subnetName == null ? "|?" : "");
        AdminLayer known = layers.get(key);
        if (known != null) {
            return known;
        }
        AdminLayer built = build(vnetName, subnetName);
        AdminLayer raced = layers.putIfAbsent(key, built);
        return raced != null ? raced : built;
    }

    private AdminLayer build(String vnetName, String subnetName) {
        VirtualNetwork vnet = vnetName == null ? null : topology.virtualNetwork(vnetName).orElse(null);
        NetworkView view = views.apply(vnet);
        if (isEmpty()) {
            return AdminLayer.empty(vnetName, subnetName, view);
        }
        List<CompiledAdminRule> inbound = new ArrayList<>();
        List<CompiledAdminRule> outbound = new ArrayList<>();
        for (SecurityAdminConfiguration configuration : topology.securityAdminConfigurations()) {
            for (AdminRuleCollection collection : configuration.ruleCollections()) {
                Optional<List<String>> reach = reach(configuration, collection, vnetName, subnetName);
                if (reach.isEmpty()) {
                    continue;
                }
                for (AdminRule rule : collection.rules()) {
                    for (CompiledAdminRule c : compile(configuration, collection, rule, view, reach.get())) {
                        (c.direction() == Direction.INBOUND ? inbound : outbound).add(c);
                    }
                }
            }
        }
        inbound.sort(ORDER);
        outbound.sort(ORDER);
        return new AdminLayer(vnetName, subnetName, view, inbound, outbound);
    }

    /**
     * Whether the collection reaches the VNet or subnet: empty when it certainly does not; otherwise the reasons
     * it only may (an empty list when it certainly does).
     */
    Optional<List<String>> reach(SecurityAdminConfiguration configuration, AdminRuleCollection collection,
                                 String vnetName, String subnetName) {
        List<String> doubts = new ArrayList<>();
        String where = vnetName == null ? "a virtual network the input does not know"
                : subnetName == null ? "virtual network " + vnetName : "subnet " + vnetName + "/" + subnetName;
        String owner = "rule collection " + configuration.qualifiedName() + "/" + collection.name();
        for (String groupName : collection.appliesToGroups()) {
            Optional<NetworkGroup> found = topology.networkGroup(configuration.networkManager(), groupName);
            if (found.isEmpty()) {
                doubts.add(owner + " applies to network group '" + groupName + "', which the input does not define,"
                        + " so it may reach " + where);
                continue;
            }
            NetworkGroup group = found.get();
            if (vnetName != null && isMember(group, vnetName, subnetName)) {
                return Optional.of(List.of());
            }
            if (!group.membershipKnown()) {
                doubts.add(owner + " applies to network group " + group.qualifiedName() + ", whose membership is not"
                        + " fully known (" + membershipDoubt(group) + "), so it may reach " + where);
            } else if (group.hasSubnetMembers() && subnetName == null && vnetName != null
                    && group.staticMembers().stream().anyMatch(m -> m.toLowerCase(java.util.Locale.ROOT)
                    .startsWith(Topology.key(vnetName) + "/"))) {
                doubts.add(owner + " applies to some subnets of " + vnetName + " (network group "
                        + group.qualifiedName() + ")");
            } else if (vnetName == null && !group.staticMembers().isEmpty()) {
                doubts.add(owner + " applies to network group " + group.qualifiedName()
                        + ", which may hold " + where);
            }
        }
        for (UnresolvedValue u : collection.unresolved()) {
            doubts.add(owner + ": " + u.property() + " is unresolved (" + u.expression() + "): " + u.reason());
        }
        for (UnresolvedValue u : configuration.unresolved()) {
            doubts.add("security admin configuration " + configuration.qualifiedName() + ": " + u.property()
                    + " is unresolved (" + u.expression() + "): " + u.reason());
        }
        return doubts.isEmpty() ? Optional.empty() : Optional.of(doubts);
    }

    private static String membershipDoubt(NetworkGroup group) {
        List<String> why = new ArrayList<>();
        if (group.dynamicMembership()) {
            why.add("Azure Policy may add members");
        }
        for (UnresolvedValue u : group.unresolved()) {
            why.add(u.property() + " is unresolved (" + u.expression() + ")");
        }
        return String.join("; ", why);
    }

    private static boolean isMember(NetworkGroup group, String vnetName, String subnetName) {
        if (group.hasSubnetMembers()) {
            return subnetName != null && group.staticMembers().stream()
                    .anyMatch(m -> m.equalsIgnoreCase(vnetName + "/" + subnetName));
        }
        return group.staticMembers().stream().anyMatch(m -> m.equalsIgnoreCase(vnetName));
    }

    /** One compiled rule per direction it may belong to (two when the direction is unknown). */
    List<CompiledAdminRule> compile(SecurityAdminConfiguration configuration, AdminRuleCollection collection,
                                    AdminRule rule, NetworkView view, List<String> applicability) {
        List<String> uncertain = new ArrayList<>(applicability);
        for (UnresolvedValue u : rule.unresolved()) {
            uncertain.add(u.property() + " is unresolved (" + u.expression() + "): " + u.reason());
        }
        int priority;
        if (rule.priority() == null) {
            uncertain.add("priority is unknown, so the rule may come first");
            priority = Integer.MIN_VALUE;
        } else {
            priority = rule.priority();
        }
        Optional<AdminAccess> access = AdminAccess.parse(rule.access());
        if (access.isEmpty()) {
            uncertain.add("access '" + rule.access() + "' is not Allow, AlwaysAllow or Deny");
        }
        int protocolMask = Protocol.ALL_MASK;
        if (rule.protocol() != null && rule.protocol().trim().equalsIgnoreCase("Any")) {
            protocolMask = Protocol.ALL_MASK;
        } else {
            Optional<Protocol> protocol = Protocol.parse(rule.protocol());
            if (protocol.isPresent()) {
                protocolMask = protocol.get().mask();
            } else {
                uncertain.add("protocol '" + rule.protocol() + "' is not one of Tcp, Udp, Icmp, Esp, Ah, Any");
            }
        }
        PortSet sourcePorts = ports("sourcePort", rule.sourcePortRanges(), uncertain);
        PortSet destinationPorts = ports("destinationPort", rule.destinationPortRanges(), uncertain);
        Side source = side("sources", rule.sources(), configuration.networkManager(), view, uncertain);
        Side destination = side("destinations", rule.destinations(), configuration.networkManager(), view, uncertain);
        if (!view.uncertainties().isEmpty() && (source.usesVnetTags() || destination.usesVnetTags())) {
            uncertain.addAll(view.uncertainties());
        }
        Set<String> platformTags = new LinkedHashSet<>();
        for (String tag : source.tags()) {
            if (RuleCompiler.isPlatformTag(tag)) {
                platformTags.add(tag);
            }
        }
        for (String tag : destination.tags()) {
            if (RuleCompiler.isPlatformTag(tag)) {
                platformTags.add(tag);
            }
        }
        List<Direction> directions = Direction.parse(rule.direction()).map(List::of)
                .orElse(List.of(Direction.values()));
        if (directions.size() > 1) {
            uncertain.add("direction '" + rule.direction() + "' is neither Inbound nor Outbound");
        }
        String displayName = CompiledAdminRule.displayName(configuration.networkManager(), configuration.name(),
                collection.name(), rule.name());
        List<CompiledAdminRule> out = new ArrayList<>();
        for (Direction direction : directions) {
            SecurityRule standIn = SecurityRule.builder(rule.name()).description(rule.description())
                    .priority(rule.priority()).direction(direction.label())
                    .access(access.map(a -> a.access().label()).orElse(rule.access())).protocol(rule.protocol())
                    .unresolved(rule.unresolved()).source(rule.source()).build();
            CompiledRule compiled = new CompiledRule(displayName, rule.name(), false, priority, direction,
                    access.map(AdminAccess::access).orElse(null), protocolMask, source.addresses(), Set.of(),
                    sourcePorts, destination.addresses(), Set.of(), destinationPorts, source.tags(),
                    destination.tags(), platformTags, List.copyOf(uncertain), standIn);
            out.add(new CompiledAdminRule(displayName, configuration.networkManager(), configuration.name(),
                    collection.name(), access.orElse(null), compiled, rule));
        }
        return out;
    }

    private static PortSet ports(String field, List<String> ranges, List<String> uncertain) {
        if (ranges.isEmpty()) {
            return PortSet.ALL;
        }
        PortField.Parsed parsed = PortField.parse(field, null, ranges);
        uncertain.addAll(parsed.unresolvable());
        return parsed.ports();
    }

    /** One side of a rule: the union of its items. */
    private record Side(AddressSet addresses, Set<String> tags) {
        boolean usesVnetTags() {
            return tags.contains("VirtualNetwork") || tags.contains("Internet");
        }
    }

    private Side side(String field, List<AddressPrefixItem> items, String networkManager, NetworkView view,
                      List<String> uncertain) {
        if (items.isEmpty()) {
            return new Side(AddressSet.ALL, Set.of());
        }
        AddressSet addresses = AddressSet.EMPTY;
        Set<String> tags = new LinkedHashSet<>();
        List<String> unresolvable = new ArrayList<>();
        for (AddressPrefixItem item : items) {
            String prefix = item.addressPrefix() == null ? "" : item.addressPrefix().trim();
            if (prefix.isEmpty()) {
                unresolvable.add(field + ": an item has no addressPrefix");
            } else if (item.isType(AddressPrefixItem.NETWORK_GROUP)) {
                addresses = addresses.union(groupAddresses(field, prefix, networkManager, unresolvable));
            } else {
                AddressField.Parsed parsed = AddressField.parse(field, prefix, List.of(), List.of(), view,
                        serviceTags, topology);
                addresses = addresses.union(parsed.addresses());
                tags.addAll(parsed.tags());
                unresolvable.addAll(parsed.unresolvable());
            }
        }
        if (!unresolvable.isEmpty()) {
            uncertain.addAll(unresolvable);
            return new Side(AddressSet.ALL, tags);
        }
        return new Side(addresses, tags);
    }

    /** The addresses of a network group named by id or name: its member VNets' spaces or member subnets' prefixes. */
    private AddressSet groupAddresses(String field, String reference, String networkManager,
                                      List<String> unresolvable) {
        String name = reference.substring(reference.lastIndexOf('/') + 1);
        Optional<NetworkGroup> found = topology.networkGroup(networkManager, name);
        if (found.isEmpty()) {
            unresolvable.add(field + ": network group '" + reference + "' is not defined in the input");
            return AddressSet.EMPTY;
        }
        NetworkGroup group = found.get();
        if (!group.membershipKnown()) {
            unresolvable.add(field + ": the members of network group " + group.qualifiedName()
                    + " are not fully known (" + membershipDoubt(group) + ")");
            return AddressSet.EMPTY;
        }
        List<IpPrefix> prefixes = new ArrayList<>();
        for (String member : group.staticMembers()) {
            List<String> texts = null;
            if (group.hasSubnetMembers()) {
                texts = topology.subnet(member).map(s -> s.subnet().addressPrefixes()).orElse(null);
                Optional<Subnet> subnet = topology.subnet(member).map(Topology.SubnetRef::subnet);
                if (subnet.isPresent() && subnet.get().unresolved().stream()
                        .anyMatch(u -> u.property().toLowerCase(java.util.Locale.ROOT).contains("addressprefix"))) {
                    unresolvable.add(field + ": the prefixes of subnet " + member + " are not fully known");
                }
            } else {
                Optional<VirtualNetwork> vnet = topology.virtualNetwork(member);
                texts = vnet.map(VirtualNetwork::addressSpace).orElse(null);
                if (vnet.isPresent() && vnet.get().isUnresolved("addressSpace")) {
                    unresolvable.add(field + ": the address space of " + member + " is not fully known");
                }
            }
            if (texts == null) {
                unresolvable.add(field + ": member " + member + " of network group " + group.qualifiedName()
                        + " is not in the input, so its addresses are not known");
                continue;
            }
            for (String text : texts) {
                try {
                    prefixes.add(IpPrefix.parse(text).prefix());
                } catch (IllegalArgumentException e) {
                    unresolvable.add(field + ": member " + member + " has an invalid prefix '" + text + "'");
                }
            }
        }
        return AddressSet.ofPrefixes(prefixes);
    }
}
