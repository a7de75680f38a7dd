package dev.nsgaudit.analyze.rules;

import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.semantics.PortSet;
import dev.nsgaudit.semantics.CompiledRule;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The per-rule answers of {@code rule-outside-attachments} ({@link AttachmentAnalyzer}) of one analysis, for another
 * analysis whose set engines, attachments and endpoints are built from the same input (the two versions of a diff
 * whose networks, ASGs, NICs and service tags are the same: the caller decides). The question is decided rule by
 * rule, with no first match, so an answer ({@link LocalEnds}) reads only the rule's match (protocols, ports,
 * addresses and ASGs of both sides, as compiled in the view) and the local endpoints of the NSG's
 * attachments in the view; the key holds all of them but the endpoints, which the NSG name, direction and view fix
 * when the surroundings are the same. A rule changed in anything its match reads misses and is computed.
 *
 * <p>Not thread-safe: one analysis records, and another reads after it (the caller orders them).
 */
public final class OutsideAnswers {

    /** What one answer reads: the NSG, direction and view (its attachments' endpoints) and the rule's match. */
    private record Key(String nsg, Direction direction, String view, int protocolMask, PortSet sourcePorts,
                       PortSet destinationPorts, AddressSet sourceAddresses, Set<String> sourceAsgs,
                       AddressSet destinationAddresses, Set<String> destinationAsgs) {

        static Key of(String nsg, Direction direction, String view, CompiledRule r) {
            return new Key(Topology.key(nsg), direction, view, r.protocolMask(), r.sourcePorts(),
                    r.destinationPorts(), r.sourceAddresses(), Set.copyOf(r.sourceAsgs()), r.destinationAddresses(),
                    Set.copyOf(r.destinationAsgs()));
        }
    }

    private final Map<Key, Boolean> outside = new HashMap<>();

    /** Whether the rule matches something but no local endpoint there; null when not known. */
    Boolean outside(String nsg, Direction direction, String view, CompiledRule rule) {
        return outside.get(Key.of(nsg, direction, view, rule));
    }

    void record(String nsg, Direction direction, String view, CompiledRule rule, boolean isOutside) {
        outside.put(Key.of(nsg, direction, view, rule), isOutside);
    }

    /** How many answers are known. */
    public int size() {
        return outside.size();
    }
}
