package dev.nsgaudit.analyze.rules;

import dev.nsgaudit.semantics.AddressField;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.PortField;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.rules.Findings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reports, offline and as Azure would name it, what Azure would reject at deployment (SPEC section 2):
 * duplicate priorities per direction, priorities outside 100-4096, duplicate rule names, malformed ports,
 * prefixes and tags, tags or {@code *} in plural fields, several address forms on one side, mixed address
 * families; plus the warnings {@code non-canonical-prefix} and {@code ports-ignored-for-protocol}, and
 * {@code unresolved-value} for values the loader could not determine. The evaluator still evaluates such
 * rules; these findings say why the deployment would fail.
 */
public final class RuleValidator {

    /** Azure's documented name rule: word characters, '.', '-', '_'; starts with a word character. */
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$");
    private static final int MAX_DESCRIPTION = 140;
    private static final int MAX_ASGS_PER_SIDE = 10;

    private final ServiceTags serviceTags;
    private final Topology topology;

    public RuleValidator(ServiceTags serviceTags, Topology topology) {
        this.serviceTags = serviceTags;
        this.topology = topology;
    }

    public List<Finding> validate() {
        List<Finding> out = new ArrayList<>();
        for (NetworkSecurityGroup nsg : topology.networkSecurityGroups()) {
            out.addAll(validate(nsg));
        }
        return out;
    }

    public List<Finding> validate(NetworkSecurityGroup nsg) {
        List<Finding> out = new ArrayList<>();
        Map<String, SecurityRule> byName = new HashMap<>();
        Map<String, SecurityRule> byPriority = new HashMap<>();
        for (SecurityRule rule : nsg.securityRules()) {
            SecurityRule sameName = byName.putIfAbsent(Topology.key(rule.name()), rule);
            if (sameName != null) {
                out.add(finding("duplicate-rule-name", nsg, rule, "rule name '" + rule.name() + "' is used twice in "
                        + nsg.name() + " (names are case-insensitive; first at " + sameName.source() + ")",
                        List.of(sameName.name())));
            }
            var direction = Direction.parse(rule.direction());
            if (rule.priority() != null && direction.isPresent()) {
                String key = direction.get() + "|" + rule.priority();
                SecurityRule samePriority = byPriority.putIfAbsent(key, rule);
                if (samePriority != null) {
                    out.add(finding("duplicate-priority", nsg, rule, "Security rule " + rule.name()
                            + " conflicts with rule " + samePriority.name() + ". Rules cannot have the same Priority ("
                            + rule.priority() + ") and Direction (" + direction.get().label()
                            + ") (SecurityRuleConflict); give one of them another priority",
                            List.of(samePriority.name())));
                }
            }
            out.addAll(validateRule(nsg, rule));
        }
        return out;
    }

    private List<Finding> validateRule(NetworkSecurityGroup nsg, SecurityRule rule) {
        List<Finding> out = new ArrayList<>();
        Set<String> unresolved = new LinkedHashSet<>();
        for (UnresolvedValue u : rule.unresolved()) {
            unresolved.add(u.property());
            out.add(finding("unresolved-value", nsg, rule, "rule " + rule.name() + ": " + u.property()
                    + " cannot be determined offline (" + u.expression() + "): " + u.reason()
                    + "; flows this rule may match are inconclusive", List.of()));
        }
        if (unresolved.contains("properties")) {
            // The rule's properties are unknown as a whole (a rule resource whose properties are an expression
            // that cannot be evaluated offline): nothing in them can be checked, and nothing is missing.
            return out;
        }
        List<String> invalid = new ArrayList<>();
        if (!NAME.matcher(rule.name()).matches()) {
            invalid.add("name '" + rule.name() + "' is not a valid rule name (1-80 letters, digits, '.', '-', '_';"
                    + " starting with a letter, digit or '_', not ending in '.' or '-')");
        }
        if (rule.description() != null && rule.description().length() > MAX_DESCRIPTION) {
            invalid.add("description is " + rule.description().length() + " characters; Azure allows "
                    + MAX_DESCRIPTION);
        }
        if (rule.priority() != null && (rule.priority() < 100 || rule.priority() > 4096)
                && !unresolved.contains("priority")) {
            out.add(finding("invalid-priority", nsg, rule, "priority " + rule.priority() + " of rule " + rule.name()
                    + " is outside 100-4096; choose a priority in that range", List.of()));
        }
        String required = " (Azure requires protocol, access, priority and direction)";
        if (rule.priority() == null && !unresolved.contains("priority")) {
            invalid.add("priority is missing" + required);
        }
        if (!unresolved.contains("direction") && Direction.parse(rule.direction()).isEmpty()) {
            invalid.add(rule.direction() == null ? "direction is missing" + required
                    : "direction '" + rule.direction() + "' must be Inbound or Outbound");
        }
        if (!unresolved.contains("access") && Access.parse(rule.access()).isEmpty()) {
            invalid.add(rule.access() == null ? "access is missing" + required
                    : "access '" + rule.access() + "' must be Allow or Deny");
        }
        var protocolMask = Protocol.ruleMask(rule.protocol());
        if (!unresolved.contains("protocol") && protocolMask.isEmpty()) {
            invalid.add(rule.protocol() == null ? "protocol is missing" + required
                    : "protocol '" + rule.protocol() + "' must be one of Tcp, Udp, Icmp, Esp, Ah, *");
        }
        PortField.Parsed sourcePorts = PortField.parse("sourcePort", rule.sourcePortRange(), rule.sourcePortRanges());
        PortField.Parsed destinationPorts = PortField.parse("destinationPort", rule.destinationPortRange(),
                rule.destinationPortRanges());
        if (!unresolved.contains("sourcePortRange") && !unresolved.contains("sourcePortRanges")) {
            invalid.addAll(sourcePorts.rejected());
            invalid.addAll(sourcePorts.unresolvable());
        }
        if (!unresolved.contains("destinationPortRange") && !unresolved.contains("destinationPortRanges")) {
            invalid.addAll(destinationPorts.rejected());
            invalid.addAll(destinationPorts.unresolvable());
        }
        NetworkView structural = NetworkView.assumed();
        AddressField.Parsed source = AddressField.parse("source", rule.sourceAddressPrefix(),
                rule.sourceAddressPrefixes(), rule.sourceApplicationSecurityGroups(), structural, serviceTags, null);
        AddressField.Parsed destination = AddressField.parse("destination", rule.destinationAddressPrefix(),
                rule.destinationAddressPrefixes(), rule.destinationApplicationSecurityGroups(), structural,
                serviceTags, null);
        if (unresolved.stream().noneMatch(p -> p.startsWith("source") && !p.startsWith("sourcePort"))) {
            invalid.addAll(source.rejected());
            invalid.addAll(source.unresolvable());
        }
        if (unresolved.stream().noneMatch(p -> p.startsWith("destination") && !p.startsWith("destinationPort"))) {
            invalid.addAll(destination.rejected());
            invalid.addAll(destination.unresolvable());
        }
        if (rule.sourceApplicationSecurityGroups().size() > MAX_ASGS_PER_SIDE
                || rule.destinationApplicationSecurityGroups().size() > MAX_ASGS_PER_SIDE) {
            invalid.add("more than " + MAX_ASGS_PER_SIDE + " application security groups on one side");
        }
        Set<IpFamily> families = new LinkedHashSet<>(source.families());
        families.addAll(destination.families());
        if (families.size() > 1) {
            invalid.add("mixes IPv4 and IPv6 prefixes (ResourceCannotContainAddressPrefixesFromDifferentAddressFamilies);"
                    + " split it into one rule per family");
        }
        for (String message : invalid) {
            out.add(finding("invalid-rule", nsg, rule, "rule " + rule.name() + ": " + message, List.of()));
        }
        List<String> nonCanonical = new ArrayList<>(source.nonCanonical());
        nonCanonical.addAll(destination.nonCanonical());
        for (String message : nonCanonical) {
            out.add(Findings.of("non-canonical-prefix", "rule " + rule.name() + ": " + message
                    + " (D2); write the network address", rule.source(), nsg.name(), rule.name(), List.of()));
        }
        if (protocolMask.isPresent() && Integer.bitCount(protocolMask.get()) == 1) {
            Protocol p = Protocol.values()[Integer.numberOfTrailingZeros(protocolMask.get())];
            if (!p.hasPorts() && (!sourcePorts.ports().isAll() || !destinationPorts.ports().isAll())) {
                out.add(Findings.of("ports-ignored-for-protocol", "rule " + rule.name() + ": "
                        + p.label() + " has no ports, so a rule with restricted ports never matches it (D6);"
                        + " use * for both port fields", rule.source(), nsg.name(), rule.name(), List.of()));
            }
        }
        return out;
    }

    private static Finding finding(String id, NetworkSecurityGroup nsg, SecurityRule rule, String message,
                                   List<String> related) {
        return Findings.of(id, message, rule.source(), nsg.name(), rule.name(), related);
    }
}
