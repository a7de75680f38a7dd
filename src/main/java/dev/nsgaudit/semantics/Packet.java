package dev.nsgaudit.semantics;

import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.net.IpAddress;

import java.util.Set;

/**
 * One packet as a rule sees it. ASG sets hold the lower-cased names of the ASGs of the sending and receiving
 * IP configurations (empty for a host in no ASG); they are always {@link AsgSet}s (any other set given is
 * copied into one), which carry the names' integer ids for the classifier. Ports are ignored for ICMP, ESP
 * and AH (D6).
 */
public record Packet(Protocol protocol,
                     IpAddress sourceAddress, int sourcePort, Set<String> sourceAsgs,
                     IpAddress destinationAddress, int destinationPort, Set<String> destinationAsgs) {

    public Packet {
        sourceAsgs = AsgSet.of(sourceAsgs);
        destinationAsgs = AsgSet.of(destinationAsgs);
    }
}
