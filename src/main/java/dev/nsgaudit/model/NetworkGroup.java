package dev.nsgaudit.model;

import java.util.List;

/**
 * A network group of an Azure Virtual Network Manager: the set of virtual networks (or, with member type
 * {@code Subnet}, subnets) that the rule collections applying to it reach.
 *
 * @param networkManager the network manager's name
 * @param memberType {@code VirtualNetwork} (ARM's default when absent) or {@code Subnet}, as written
 * @param staticMembers the static members as names: a VNet name, or {@code vnet/subnet} for subnet members; a
 *     member outside the input keeps the name its resource id gives
 * @param dynamicMembership true when members may be added by Azure Policy (a policy naming this group is in the
 *     input, or the export says so): then membership is not known offline
 * @param unresolved what the loader could not determine (a static member whose resource id is an expression);
 *     an unresolved member also makes membership unknown
 */
public record NetworkGroup(
        String networkManager,
        String name,
        String description,
        String memberType,
        List<String> staticMembers,
        boolean dynamicMembership,
        List<UnresolvedValue> unresolved,
        SourceRef source) {

    public static final String MEMBER_VIRTUAL_NETWORK = "VirtualNetwork";
    public static final String MEMBER_SUBNET = "Subnet";

    public NetworkGroup {
        memberType = memberType == null ? MEMBER_VIRTUAL_NETWORK : memberType;
        staticMembers = staticMembers == null ? List.of() : List.copyOf(staticMembers);
        unresolved = unresolved == null ? List.of() : List.copyOf(unresolved);
        source = source == null ? SourceRef.UNKNOWN : source;
    }

    public boolean hasSubnetMembers() {
        return MEMBER_SUBNET.equalsIgnoreCase(memberType);
    }

    /** False when members may exist that the input does not list (Azure Policy, an unresolved member). */
    public boolean membershipKnown() {
        return !dynamicMembership && unresolved.isEmpty();
    }

    /** {@code networkManager/name}, unique across the input. */
    public String qualifiedName() {
        return networkManager + "/" + name;
    }
}
