package dev.nsgaudit.analyze.diff;

import java.util.List;

/**
 * One product set of packets whose verdict changes at one NIC IP configuration: every packet with one of the
 * protocols, a remote address in {@code remoteAddresses}, a local address in {@code localAddresses} and ports in the
 * port sets is in the change. Sources and destinations follow from the direction (inbound: the remote end is the
 * source).
 *
 * @param protocols protocol labels (Tcp, Udp, Icmp, Esp, Ah)
 * @param remoteAddresses prefixes
 * @param localAddresses prefixes
 * @param sourcePorts port ranges as text ({@code *} for any)
 * @param destinationPorts port ranges as text
 * @param witness the smallest packet of the region, traced through both versions
 * @param changedRules the rules added, removed or changed behind the region ({@link ChangedRules}), by NSG and name
 * @param fromInternet whether a newly allowed inbound region has Internet sources (D4, as seen from the target)
 */
public record DiffRegion(List<String> protocols, List<String> remoteAddresses, String sourcePorts,
                         List<String> localAddresses, String destinationPorts, DiffWitness witness,
                         List<ChangedRule> changedRules, boolean fromInternet) {

    public DiffRegion {
        protocols = List.copyOf(protocols);
        remoteAddresses = List.copyOf(remoteAddresses);
        localAddresses = List.copyOf(localAddresses);
        changedRules = List.copyOf(changedRules);
    }

    /** Without naming the rules behind it. */
    public DiffRegion(List<String> protocols, List<String> remoteAddresses, String sourcePorts,
                      List<String> localAddresses, String destinationPorts, DiffWitness witness) {
        this(protocols, remoteAddresses, sourcePorts, localAddresses, destinationPorts, witness, List.of(), false);
    }

    /** The source addresses of the region's packets: the remote end inbound, the local end outbound. */
    public List<String> sourceAddresses(String direction) {
        return "Inbound".equals(direction) ? remoteAddresses : localAddresses;
    }

    /** The destination addresses: the local end inbound, the remote end outbound. */
    public List<String> destinationAddresses(String direction) {
        return "Inbound".equals(direction) ? localAddresses : remoteAddresses;
    }
}
