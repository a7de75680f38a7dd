package dev.nsgaudit.analyze.space;

import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.net.IpAddress;

import java.util.List;

/**
 * One concrete packet from a set. Ports are -1 for ICMP, ESP and AH. The ASG lists say which ASGs the source
 * and destination must be members of for this packet (lower-cased names), empty for a host in no ASG.
 */
public record HeaderWitness(Protocol protocol, IpAddress sourceAddress, int sourcePort, List<String> sourceAsgs,
                            IpAddress destinationAddress, int destinationPort, List<String> destinationAsgs) {

    public HeaderWitness {
        sourceAsgs = List.copyOf(sourceAsgs);
        destinationAsgs = List.copyOf(destinationAsgs);
    }
}
