package dev.nsgaudit.analyze.rules;

import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.PortSet;
import dev.nsgaudit.net.AddressSet;

/** A cheap test that two rules cannot overlap, to skip most pairs before any set operation. */
final class RuleOverlap {

    private RuleOverlap() {
    }

    static boolean mayOverlap(CompiledRule a, CompiledRule b) {
        if ((a.protocolMask() & b.protocolMask()) == 0) {
            return false;
        }
        if (!ports(a.sourcePorts(), b.sourcePorts()) || !ports(a.destinationPorts(), b.destinationPorts())) {
            // portless protocols ignore ports only when both rules allow every port: then ports overlap anyway
            return false;
        }
        return side(a.sourceAddresses(), !a.sourceAsgs().isEmpty(), b.sourceAddresses(), !b.sourceAsgs().isEmpty())
                && side(a.destinationAddresses(), !a.destinationAsgs().isEmpty(), b.destinationAddresses(),
                !b.destinationAsgs().isEmpty());
    }

    private static boolean ports(PortSet a, PortSet b) {
        int i = 0;
        int j = 0;
        while (i < a.rangeCount() && j < b.rangeCount()) {
            if (a.end(i) < b.start(j)) {
                i++;
            } else if (b.end(j) < a.start(i)) {
                j++;
            } else {
                return true;
            }
        }
        return false;
    }

    private static boolean side(AddressSet a, boolean aAsg, AddressSet b, boolean bAsg) {
        if (aAsg || bAsg) {
            return true; // membership is a dimension of its own: decided by the sets
        }
        var ra = a.ranges();
        var rb = b.ranges();
        int i = 0;
        int j = 0;
        while (i < ra.size() && j < rb.size()) {
            if (ra.get(i).last().compareTo(rb.get(j).first()) < 0) {
                i++;
            } else if (rb.get(j).last().compareTo(ra.get(i).first()) < 0) {
                j++;
            } else {
                return true;
            }
        }
        return false;
    }
}
