package dev.nsgaudit.eval;

import dev.nsgaudit.semantics.Packet;

/** Finds, in a priority-ordered rule list, the first rule at or after an index that (may) match a packet. */
public interface RuleMatcher {

    /** The index of the first rule at or after {@code from} whose fields all match, or -1. */
    int firstMatch(Packet packet, int from);
}
