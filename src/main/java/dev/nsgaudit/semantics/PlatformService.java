package dev.nsgaudit.semantics;

import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.net.AddressSet;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * D7: traffic from a VM to Azure's platform services that NSGs do not filter unless a rule names the service's
 * tag. Health probes from 168.63.129.16 are not in this list: Azure documents that NSGs can block them (they
 * pass through the default rule AllowAzureLoadBalancerInBound).
 *
 * <p>{@link #ALL} is the one place the services are listed: the evaluator ({@link #of}), both set engines, the
 * policies and the exposure checks read their packets from it, and a tag named here is a built-in tag that brings
 * its services under NSG rules again (its addresses are those of its services). Adding a service is adding an
 * entry. The entries are disjoint, so their order does not matter.
 *
 * @param tag the tag that brings the traffic under NSG rules again, or null when none does
 * @param addresses the destination addresses of the service
 * @param protocols the protocols ({@link Protocol#mask()} bits) of the service's traffic
 * @param ports the destination ports; portless protocols (D6) belong to the service only when this is every port
 */
public record PlatformService(String name, String tag, AddressSet addresses, int protocols, PortSet ports) {

    private static final int TCP = Protocol.TCP.mask();
    private static final int UDP = Protocol.UDP.mask();

    /** Every platform service of D7. */
    public static final List<PlatformService> ALL = List.of(
            new PlatformService("DNS", AddressField.AZURE_PLATFORM_DNS, NetworkView.AZURE_HOST, TCP | UDP,
                    PortSet.range(53, 53)),
            new PlatformService("DHCP", null, NetworkView.AZURE_HOST, UDP, PortSet.range(67, 67)),
            new PlatformService("WireServer", null, NetworkView.AZURE_HOST, TCP,
                    PortSet.ofRanges(List.of(new int[] {80, 80}, new int[] {32526, 32526}))),
            new PlatformService("IMDS", AddressField.AZURE_PLATFORM_IMDS, NetworkView.IMDS, Protocol.ALL_MASK,
                    PortSet.ALL),
            new PlatformService("LKM", AddressField.AZURE_PLATFORM_LKM, NetworkView.KMS, TCP, PortSet.range(1688, 1688)));

    public String ruleName() {
        return "platform/" + name;
    }

    /** Whether an outbound packet goes to this service. */
    public boolean covers(Packet packet) {
        Protocol protocol = packet.protocol();
        return (protocols & protocol.mask()) != 0 && addresses.contains(packet.destinationAddress())
                && (protocol.hasPorts() ? ports.contains(packet.destinationPort()) : ports.isAll());
    }

    /** The platform service a packet leaving a NIC goes to, if any. */
    public static Optional<PlatformService> of(Direction direction, Packet packet) {
        if (direction != Direction.OUTBOUND) {
            return Optional.empty();
        }
        for (PlatformService s : ALL) {
            if (s.covers(packet)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static final Set<String> TAGS = tagsOf(ALL);

    private static final AddressSet DESTINATIONS = AddressSet.ofRanges(ALL.stream().flatMap(s -> s.addresses().ranges().stream()).toList());

    /** Every platform service's destination addresses: a packet to none of them is no platform traffic. */
    public static AddressSet destinations() {
        return DESTINATIONS;
    }

    /** The tags of the services, in list order. */
    public static Set<String> tags() {
        return TAGS;
    }

    private static Set<String> tagsOf(List<PlatformService> services) {
        Set<String> out = new LinkedHashSet<>();
        for (PlatformService s : services) {
            if (s.tag() != null) {
                out.add(s.tag());
            }
        }
        return java.util.Collections.unmodifiableSet(out);
    }

    /** The addresses a platform tag stands for (those of its services), or null when it names no service. */
    public static AddressSet tagAddresses(String tag) {
        AddressSet out = null;
        for (PlatformService s : ALL) {
            if (tag.equals(s.tag())) {
                out = out == null ? s.addresses() : out.union(s.addresses());
            }
        }
        return out;
    }
}
