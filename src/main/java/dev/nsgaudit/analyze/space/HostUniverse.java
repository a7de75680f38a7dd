package dev.nsgaudit.analyze.space;

import dev.nsgaudit.net.AddressSet;

import java.util.List;
import java.util.Set;

/**
 * The ends that IP flow verify can produce, seen from one network view: pairs of an address and an ASG membership
 * (SPEC section 2, D8). Each group holds addresses that are all taken with exactly the membership {@code asgs}
 * (lower-cased names), or with any membership when {@code asgs} is null (a NIC whose membership is not known). A
 * packet is producible when both of its ends are: a rule finding speaks only of such packets.
 *
 * @param groups the hosts, by membership; together every address of both families is in at least one group
 * @param unknown the NICs of unknown membership among them, to say so in findings that depend on them
 */
public record HostUniverse(List<Hosts> groups, List<String> unknown) {

    /** Addresses taken with exactly one membership (null: any membership). */
    public record Hosts(AddressSet addresses, Set<String> asgs) {
    }

    public HostUniverse {
        groups = List.copyOf(groups);
        unknown = List.copyOf(unknown);
    }

    /** Every address with every membership: no restriction at all. */
    public static final HostUniverse ANYONE = new HostUniverse(List.of(new Hosts(AddressSet.ALL, null)), List.of());
}
