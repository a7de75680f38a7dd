package dev.nsgaudit.analyze.diff;

import java.util.List;

/**
 * What changes at one NIC IP configuration in one direction.
 *
 * @param target {@code nic:<name>/<ipconfig>}
 * @param direction Inbound or Outbound
 * @param newlyAllowed allowed in head for certain and not even possibly in base
 * @param newlyDenied allowed in base for certain and not even possibly in head
 * @param mayChange packets whose standing (allowed for certain, undecided because of unresolved values or D8
 *     holders, denied) differs between the versions and that are neither newly allowed nor newly denied
 * @param omitted regions left out of the three lists beyond the cap, per list
 * @param fromInternet whether some newly allowed packet comes from (inbound) an Internet address as seen from the NIC
 */
public record TargetDiff(String target, String direction, List<DiffRegion> newlyAllowed, List<DiffRegion> newlyDenied,
                         List<DiffRegion> mayChange, List<Integer> omitted, boolean fromInternet) {

    public TargetDiff {
        newlyAllowed = List.copyOf(newlyAllowed);
        newlyDenied = List.copyOf(newlyDenied);
        mayChange = List.copyOf(mayChange);
        omitted = List.copyOf(omitted);
    }

    public boolean isEmpty() {
        return newlyAllowed.isEmpty() && newlyDenied.isEmpty() && mayChange.isEmpty();
    }
}
