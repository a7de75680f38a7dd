package dev.nsgaudit.analyze.space;

import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.VirtualNetwork;

/**
 * The BDD sets of an NSG's rules in one direction, seen from a virtual network (null: D3). The analyzer builds them
 * once per input and shares them, so the questions ask for them instead of compiling their own.
 */
@FunctionalInterface
public interface RuleSetLookup {
    NsgSets of(String nsg, Direction direction, VirtualNetwork view);
}
