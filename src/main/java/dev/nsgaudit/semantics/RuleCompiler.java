package dev.nsgaudit.semantics;

import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.UnresolvedValue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Turns declared rules into {@link CompiledRule}s for one network view. */
public final class RuleCompiler {

    private final NetworkView view;
    private final ServiceTags serviceTags;
    private final Topology topology;

    public RuleCompiler(NetworkView view, ServiceTags serviceTags, Topology topology) {
        this.view = view;
        this.serviceTags = serviceTags;
        this.topology = topology;
    }

    public NetworkView view() {
        return view;
    }

    /**
     * One compiled rule per direction it may belong to: two when the direction is unknown.
     */
    public List<CompiledRule> compile(SecurityRule rule, boolean isDefault) {
        List<String> uncertain = new ArrayList<>();
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
        Optional<Access> access = Access.parse(rule.access());
        if (access.isEmpty()) {
            uncertain.add("access '" + rule.access() + "' is neither Allow nor Deny");
        }
        Optional<Integer> protocolMask = Protocol.ruleMask(rule.protocol());
        if (protocolMask.isEmpty()) {
            uncertain.add("protocol '" + rule.protocol() + "' is not one of Tcp, Udp, Icmp, Esp, Ah, *");
        }
        PortField.Parsed sourcePorts = PortField.parse("sourcePort", rule.sourcePortRange(), rule.sourcePortRanges());
        PortField.Parsed destinationPorts = PortField.parse("destinationPort", rule.destinationPortRange(),
                rule.destinationPortRanges());
        AddressField.Parsed source = AddressField.parse("source", rule.sourceAddressPrefix(),
                rule.sourceAddressPrefixes(), rule.sourceApplicationSecurityGroups(), view, serviceTags, topology);
        AddressField.Parsed destination = AddressField.parse("destination", rule.destinationAddressPrefix(),
                rule.destinationAddressPrefixes(), rule.destinationApplicationSecurityGroups(), view, serviceTags,
                topology);
        if (!view.uncertainties().isEmpty() && usesVnetTags(source, destination)) {
            uncertain.addAll(view.uncertainties());
        }
        uncertain.addAll(sourcePorts.unresolvable());
        uncertain.addAll(destinationPorts.unresolvable());
        uncertain.addAll(source.unresolvable());
        uncertain.addAll(destination.unresolvable());

        Set<String> platformTags = new LinkedHashSet<>();
        for (String tag : source.tags()) {
            if (isPlatformTag(tag)) {
                platformTags.add(tag);
            }
        }
        for (String tag : destination.tags()) {
            if (isPlatformTag(tag)) {
                platformTags.add(tag);
            }
        }
        String displayName = (isDefault ? "defaultSecurityRules/" : "securityRules/") + rule.name();
        List<Direction> directions = Direction.parse(rule.direction()).map(List::of).orElse(List.of(Direction.values()));
        if (directions.size() > 1) {
            uncertain.add("direction '" + rule.direction() + "' is neither Inbound nor Outbound");
        }
        List<CompiledRule> out = new ArrayList<>();
        for (Direction direction : directions) {
            out.add(new CompiledRule(displayName, rule.name(), isDefault, priority, direction,
                    access.orElse(null), protocolMask.orElse(Protocol.ALL_MASK),
                    source.addresses(), source.asgs(), sourcePorts.ports(),
                    destination.addresses(), destination.asgs(), destinationPorts.ports(),
                    source.tags(), destination.tags(), platformTags, List.copyOf(uncertain), rule));
        }
        return out;
    }

    private static boolean usesVnetTags(AddressField.Parsed source, AddressField.Parsed destination) {
        for (AddressField.Parsed side : List.of(source, destination)) {
            if (side.tags().contains("VirtualNetwork") || side.tags().contains("Internet")) {
                return true;
            }
        }
        return false;
    }

    static boolean isPlatformTag(String canonical) {
        return PlatformService.tags().contains(canonical);
    }
}
