package dev.nsgaudit.model;

import java.util.List;

/**
 * One concrete packet that proves a finding or a failed policy, with the rule that decided it at each layer.
 * Ports are null for ICMP, ESP and AH.
 */
public record Witness(String direction, String protocol, String sourceAddress, Integer sourcePort,
                      String destinationAddress, Integer destinationPort, List<DecidedBy> decidedBy) {

    public Witness {
        decidedBy = List.copyOf(decidedBy);
    }

    /** What one NSG did with the witness packet. */
    public record DecidedBy(String networkSecurityGroup, String appliedTo, String rule, String access) {
    }

    /** {@code Tcp 203.0.113.7:50000 -> 10.0.1.4:22} */
    public String describe() {
        String src = sourcePort == null ? sourceAddress : hostPort(sourceAddress, sourcePort);
        String dst = destinationPort == null ? destinationAddress : hostPort(destinationAddress, destinationPort);
        return protocol + " " + src + " -> " + dst;
    }

    private static String hostPort(String address, int port) {
        return address.contains(":") ? "[" + address + "]:" + port : address + ":" + port;
    }
}
