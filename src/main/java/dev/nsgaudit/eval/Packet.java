package dev.nsgaudit.eval;

import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.net.IpAddress;

import java.util.Set;

/**
 * One packet as a rule sees it. ASG sets hold the lower-cased names of the ASGs of the sending and receiving
 * IP configurations (empty for a host in no ASG). Ports are ignored for ICMP, ESP and AH (D6).
 */
public record Packet(Protocol protocol,
                     IpAddress sourceAddress, int sourcePort, Set<String> sourceAsgs,
                     IpAddress destinationAddress, int destinationPort, Set<String> destinationAsgs) {

    public Packet {
        sourceAsgs = Set.copyOf(sourceAsgs);
        destinationAsgs = Set.copyOf(destinationAsgs);
    }
}
