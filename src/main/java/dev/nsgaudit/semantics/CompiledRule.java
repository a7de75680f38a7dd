package dev.nsgaudit.semantics;

import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.net.AddressSet;

import java.util.List;
import java.util.Set;

/**
 * A rule ready for evaluation in one {@link NetworkView}. Fields that could not be interpreted match
 * everything and are listed in {@link #uncertainties}: such a rule only ever "may match".
 *
 * @param displayName {@code securityRules/<name>} or {@code defaultSecurityRules/<Name>}
 * @param priority the priority; Integer.MIN_VALUE when unknown, so that the rule is considered first
 * @param access null when unknown
 * @param protocolMask bit per {@link dev.nsgaudit.model.Protocol} matched
 * @param sourceAsgs lower-cased ASG names; an endpoint in any of them matches this side
 * @param platformTags AzurePlatformDNS/IMDS/LKM when the rule names them (D7)
 */
public record CompiledRule(
        String displayName,
        String name,
        boolean isDefault,
        int priority,
        Direction direction,
        Access access,
        int protocolMask,
        AddressSet sourceAddresses,
        Set<String> sourceAsgs,
        PortSet sourcePorts,
        AddressSet destinationAddresses,
        Set<String> destinationAsgs,
        PortSet destinationPorts,
        Set<String> sourceTags,
        Set<String> destinationTags,
        Set<String> platformTags,
        List<String> uncertainties,
        SecurityRule origin) {

    public boolean certain() {
        return uncertainties.isEmpty();
    }

    /** The plain, obviously correct match test; the indexes must agree with it. */
    public boolean matches(Packet p) {
        if ((protocolMask & p.protocol().mask()) == 0) {
            return false;
        }
        if (p.protocol().hasPorts()) {
            if (!sourcePorts.contains(p.sourcePort()) || !destinationPorts.contains(p.destinationPort())) {
                return false;
            }
        } else if (!sourcePorts.isAll() || !destinationPorts.isAll()) {
            return false;
        }
        return sideMatches(sourceAddresses, sourceAsgs, p.sourceAddress(), p.sourceAsgs())
                && sideMatches(destinationAddresses, destinationAsgs, p.destinationAddress(), p.destinationAsgs());
    }

    private static boolean sideMatches(AddressSet addresses, Set<String> asgs,
                                       dev.nsgaudit.net.IpAddress address, Set<String> endpointAsgs) {
        if (addresses.contains(address)) {
            return true;
        }
        for (String asg : endpointAsgs) {
            if (asgs.contains(asg)) {
                return true;
            }
        }
        return false;
    }
}
