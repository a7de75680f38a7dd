package dev.nsgaudit.eval;

import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.semantics.AsgSet;
import dev.nsgaudit.semantics.Packet;

/**
 * The fields of an IPv4 {@link Packet} as primitives, set again for each query and never shared between threads,
 * so that the plain path of {@code verify --flows} classifies a query without allocating. {@link #packet()} makes
 * the record for what only takes one (a linear scan before the classifier is built, rules of equal priority).
 * Addresses are the 32 bits of the address; a port is -1 for a protocol without ports.
 */
public final class Ipv4Flow {

    Protocol protocol;
    long sourceAddress;
    int sourcePort;
    AsgSet sourceAsgs;
    long destinationAddress;
    int destinationPort;
    AsgSet destinationAsgs;
    private Packet packet;

    void set(Protocol protocol, long sourceAddress, int sourcePort, AsgSet sourceAsgs, long destinationAddress,
             int destinationPort, AsgSet destinationAsgs) {
        this.protocol = protocol;
        this.sourceAddress = sourceAddress;
        this.sourcePort = sourcePort;
        this.sourceAsgs = sourceAsgs;
        this.destinationAddress = destinationAddress;
        this.destinationPort = destinationPort;
        this.destinationAsgs = destinationAsgs;
        this.packet = null;
    }

    /** The same flow as a packet, made on the first call after {@link #set}. */
    Packet packet() {
        if (packet == null) {
            packet = new Packet(protocol, IpAddress.v4(sourceAddress), sourcePort, sourceAsgs,
                    IpAddress.v4(destinationAddress), destinationPort, destinationAsgs);
        }
        return packet;
    }
}
