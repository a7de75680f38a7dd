package dev.nsgaudit.model;

/**
 * A required or forbidden flow (SPEC section 4): every packet from {@code from} to {@code to} with the protocol
 * and ports is allowed ({@code expect allow}), or none is ({@code expect deny}).
 *
 * @param from an endpoint: a tag, {@code *}, an address or CIDR, {@code nic:}, {@code subnet:}, {@code asg:},
 *     {@code vnet:}
 * @param protocol Tcp, Udp, Icmp, Esp, Ah or {@code *}
 * @param ports destination ports ({@code "443"}, {@code "80,443"}, {@code "1000-2000"}, {@code "*"})
 * @param sourcePorts source ports, {@code *} by default
 */
public record Policy(String name, String description, String from, String to, String protocol, String ports,
                     String sourcePorts, Expect expect, Severity severity, SourceRef source) {

    /** What the policy requires. */
    public enum Expect {
        ALLOW,
        DENY;

        public String label() {
            return this == ALLOW ? "allow" : "deny";
        }
    }
}
