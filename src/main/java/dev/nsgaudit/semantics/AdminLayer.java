package dev.nsgaudit.semantics;

import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.net.AddressSet;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The security admin rules that apply to one VNet (or one subnet of it), per direction, in evaluation order:
 * ascending priority, and at equal priority in input order (configuration, collection, rule). Rules that only
 * may apply are in the list as uncertain rules; rules that certainly do not apply are not.
 *
 * <p>First match decides, as for NSG rules (DOC-AVNM): the first rule that matches gives the layer's
 * {@link AdminOutcome} (Allow: {@link AdminOutcome#CONTINUE CONTINUE} to the NSGs; AlwaysAllow, Deny: final);
 * when none matches the outcome is {@code CONTINUE}. Two rules of one priority whose accesses differ and that both
 * match leave the outcome open, as two NSG rules of one priority do: Azure rejects duplicate priorities within a
 * collection and documents no order across collections or configurations, so which one decides is undefined.
 * D7 applies as in NSGs: a packet to a platform service is decided only by rules naming the service's tag (and
 * uncertain rules, which may).
 *
 * @param vnetName the VNet as asked for; null for "a VNet the input does not know" (every rule may apply)
 * @param subnetName the subnet, or null when the layer is for the VNet as a whole
 */
public record AdminLayer(String vnetName, String subnetName, NetworkView view, List<CompiledAdminRule> inbound,
                         List<CompiledAdminRule> outbound) {

    public AdminLayer {
        inbound = List.copyOf(inbound);
        outbound = List.copyOf(outbound);
    }

    public static AdminLayer empty(String vnetName, String subnetName, NetworkView view) {
        return new AdminLayer(vnetName, subnetName, view, List.of(), List.of());
    }

    /** The rules of one direction in evaluation order. */
    public List<CompiledAdminRule> rules(Direction direction) {
        return direction == Direction.INBOUND ? inbound : outbound;
    }

    /** True when no admin rule applies or may apply here. */
    public boolean isEmpty() {
        return inbound.isEmpty() && outbound.isEmpty();
    }

    /**
     * The admin layer's decision for one packet.
     *
     * @param rule the first rule that certainly matches, or null (then the outcome is CONTINUE)
     * @param mayDecideInstead uncertain rules before it that may match, and rules of its priority with another
     *     access that also match
     */
    public record Decision(CompiledAdminRule rule, List<CompiledAdminRule> mayDecideInstead) {

        public Decision {
            mayDecideInstead = List.copyOf(mayDecideInstead);
        }

        /** The outcome if the certain rule (or no rule) decides. */
        public AdminOutcome outcome() {
            return rule == null ? AdminOutcome.CONTINUE : rule.outcome();
        }

        public boolean certain() {
            return mayDecideInstead.isEmpty();
        }

        /** Every outcome the layer may have for the packet: a rule of unknown access may have any. */
        public Set<AdminOutcome> possibleOutcomes() {
            Set<AdminOutcome> out = EnumSet.of(outcome());
            for (CompiledAdminRule r : mayDecideInstead) {
                if (r.outcome() == null) {
                    return EnumSet.allOf(AdminOutcome.class);
                }
                out.add(r.outcome());
            }
            return out;
        }
    }

    public Decision decide(Direction direction, Packet packet) {
        Optional<PlatformService> platform = PlatformService.of(direction, packet);
        List<CompiledAdminRule> list = rules(direction);
        List<CompiledAdminRule> maybe = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            CompiledAdminRule r = list.get(i);
            if (!applies(r, platform) || !r.matches(packet)) {
                continue;
            }
            if (!r.certain() || r.access() == null) {
                maybe.add(r);
                continue;
            }
            for (int k = i + 1; k < list.size() && list.get(k).priority() == r.priority(); k++) {
                CompiledAdminRule tie = list.get(k);
                if (tie.access() != r.access() && applies(tie, platform) && tie.matches(packet)) {
                    maybe.add(tie);
                }
            }
            return new Decision(r, maybe);
        }
        return new Decision(null, maybe);
    }

    /** D7: for a packet to a platform service only rules naming its tag apply, and uncertain rules may. */
    private static boolean applies(CompiledAdminRule r, Optional<PlatformService> platform) {
        if (platform.isEmpty()) {
            return true;
        }
        String tag = platform.get().tag();
        return !r.certain() || (tag != null && r.rule().platformTags().contains(tag));
    }

    /**
     * The admin rules of a direction as an NSG-style first-match list whose allowed packets are exactly those with
     * {@code outcome}: rules with that outcome allow, the others deny, and a last catch-all rule (priority
     * {@link Integer#MAX_VALUE}, named {@link #NO_ADMIN_RULE}) allows when {@code outcome} is CONTINUE. A rule of
     * unknown access stays uncertain with access null. For engines that compute sets by first match
     * ({@code analyze/space/FirstMatch}): run it three times, once per outcome, or once with DENY and once with
     * ALWAYS_ALLOW and take CONTINUE as the rest.
     */
    public List<CompiledRule> firstMatchRules(Direction direction, AdminOutcome outcome) {
        List<CompiledRule> out = new ArrayList<>();
        for (CompiledAdminRule r : rules(direction)) {
            Access access = r.outcome() == null ? null : r.outcome() == outcome ? Access.ALLOW : Access.DENY;
            out.add(withAccess(r.rule(), access));
        }
        out.add(catchAll(direction, outcome == AdminOutcome.CONTINUE ? Access.ALLOW : Access.DENY));
        return List.copyOf(out);
    }

    /** The name of the catch-all rule of {@link #firstMatchRules}: no admin rule matched. */
    public static final String NO_ADMIN_RULE = "securityAdminRules/(none)";

    private static CompiledRule withAccess(CompiledRule r, Access access) {
        return new CompiledRule(r.displayName(), r.name(), r.isDefault(), r.priority(), r.direction(), access,
                r.protocolMask(), r.sourceAddresses(), r.sourceAsgs(), r.sourcePorts(), r.destinationAddresses(),
                r.destinationAsgs(), r.destinationPorts(), r.sourceTags(), r.destinationTags(), r.platformTags(),
                r.uncertainties(), r.origin());
    }

    private static CompiledRule catchAll(Direction direction, Access access) {
        SecurityRule origin = SecurityRule.builder("(none)").priority(Integer.MAX_VALUE).direction(direction.label())
                .access(access.label()).protocol("*").sourceAddressPrefix("*").sourcePortRange("*")
                .destinationAddressPrefix("*").destinationPortRange("*").build();
        return new CompiledRule(NO_ADMIN_RULE, "(none)", true, Integer.MAX_VALUE, direction, access,
                dev.nsgaudit.model.Protocol.ALL_MASK, AddressSet.ALL, Set.of(), PortSet.ALL, AddressSet.ALL, Set.of(),
                PortSet.ALL, Set.of(), Set.of(), Set.of(), List.of(), origin);
    }
}
