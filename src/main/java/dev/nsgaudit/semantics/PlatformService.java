package dev.nsgaudit.semantics;

import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Protocol;

import java.util.Optional;

/**
 * D7: traffic from a VM to Azure's platform services that NSGs do not filter unless a rule names the service's
 * tag. Health probes from 168.63.129.16 are not in this list: Azure documents that NSGs can block them (they
 * pass through the default rule AllowAzureLoadBalancerInBound).
 *
 * @param tag the tag that brings the traffic under NSG rules again, or null when none does
 */
public record PlatformService(String name, String tag) {

    public String ruleName() {
        return "platform/" + name;
    }

    /** The platform service a packet leaving a NIC goes to, if any. */
    public static Optional<PlatformService> of(Direction direction, Packet packet) {
        if (direction != Direction.OUTBOUND) {
            return Optional.empty();
        }
        var dst = packet.destinationAddress();
        Protocol protocol = packet.protocol();
        int port = packet.destinationPort();
        if (NetworkView.AZURE_HOST.contains(dst)) {
            if ((protocol == Protocol.UDP || protocol == Protocol.TCP) && port == 53) {
                return Optional.of(new PlatformService("DNS", AddressField.AZURE_PLATFORM_DNS));
            }
            if (protocol == Protocol.UDP && port == 67) {
                return Optional.of(new PlatformService("DHCP", null));
            }
            if (protocol == Protocol.TCP && (port == 80 || port == 32526)) {
                return Optional.of(new PlatformService("WireServer", null));
            }
            return Optional.empty();
        }
        if (NetworkView.IMDS.contains(dst)) {
            return Optional.of(new PlatformService("IMDS", AddressField.AZURE_PLATFORM_IMDS));
        }
        if (NetworkView.KMS.contains(dst) && protocol == Protocol.TCP && port == 1688) {
            return Optional.of(new PlatformService("LKM", AddressField.AZURE_PLATFORM_LKM));
        }
        return Optional.empty();
    }
}
