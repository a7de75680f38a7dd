package dev.nsgaudit.eval;

import dev.nsgaudit.semantics.PortField;

import dev.nsgaudit.semantics.PortSet;

import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.net.IpAddress;

/**
 * One IP flow verify question. Exactly one of {@code nic} and {@code nsg} is set. A null port is {@code *}:
 * any source port (the remote port inbound, the local port outbound), as the az CLI allows. A null protocol is
 * {@code *}: every protocol (ports then apply to TCP and UDP only).
 */
public record FlowQuery(String nic, String nsg, Direction direction, Protocol protocol,
                        IpAddress localAddress, Integer localPort, IpAddress remoteAddress, Integer remotePort) {

    /**
     * Builds a query from the az CLI's forms ({@code --local IP:PORT --remote IP:PORT}); throws
     * IllegalArgumentException with a message that says how to fix the value.
     */
    public static FlowQuery parse(String nic, String nsg, String direction, String protocol, String local,
                                  String remote) {
        if ((nic == null || nic.isBlank()) == (nsg == null || nsg.isBlank())) {
            throw new IllegalArgumentException("give exactly one of nic and nsg");
        }
        if (direction == null) {
            throw new IllegalArgumentException("direction is missing: use Inbound or Outbound");
        }
        Direction d = Direction.parse(direction).orElseThrow(() -> new IllegalArgumentException(
                "direction '" + direction + "' must be Inbound or Outbound"));
        if (protocol == null) {
            throw new IllegalArgumentException("protocol is missing: use TCP, UDP, ICMP, ESP or AH");
        }
        Protocol p = protocol.trim().equals("*") ? null : Protocol.parse(protocol).orElseThrow(() ->
                new IllegalArgumentException("protocol '" + protocol + "' must be TCP, UDP, ICMP, ESP, AH or *"));
        Endpoint l = endpoint("local", local, p, d == Direction.OUTBOUND);
        Endpoint r = endpoint("remote", remote, p, d == Direction.INBOUND);
        return new FlowQuery(blankToNull(nic), blankToNull(nsg), d, p, l.address, l.port, r.address, r.port);
    }

    private record Endpoint(IpAddress address, Integer port) {
    }

    private static Endpoint endpoint(String name, String text, Protocol protocol, boolean isSource) {
        boolean needsPorts = protocol == null || protocol.hasPorts();
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(name + " address is missing: use IP:PORT, e.g. 10.0.0.4:80");
        }
        String t = text.trim();
        String addressText;
        String portText = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(name + " '" + text + "': missing ']' ([IPv6]:PORT)");
            }
            addressText = t.substring(1, close);
            if (t.length() > close + 1) {
                if (t.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException(name + " '" + text + "': expected ':' after ']'");
                }
                portText = t.substring(close + 2);
            }
        } else if (t.indexOf(':') != t.lastIndexOf(':')) {
            addressText = t; // bare IPv6, no port
        } else if (t.indexOf(':') >= 0) {
            addressText = t.substring(0, t.indexOf(':'));
            portText = t.substring(t.indexOf(':') + 1);
        } else {
            addressText = t;
        }
        IpAddress address;
        try {
            address = IpAddress.parse(addressText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " '" + text + "': " + e.getMessage()
                    + "; the format is x.x.x.x:port (or [v6]:port)");
        }
        if (!needsPorts) {
            return new Endpoint(address, null);
        }
        if (portText == null || portText.isEmpty()) {
            throw new IllegalArgumentException(name + " '" + text + "' has no port: the format is x.x.x.x:port"
                    + " (" + (protocol == null ? "*" : protocol.label().toUpperCase()) + " needs ports)");
        }
        if (portText.equals("*")) {
            if (!isSource) {
                throw new IllegalArgumentException(name + " port '*' is allowed only for the source port"
                        + " (the remote port inbound, the local port outbound)");
            }
            return new Endpoint(address, null);
        }
        if (portText.isEmpty() || portText.length() > 5 || !PortField.asciiDigitsOf(portText)
                || Integer.parseInt(portText) > PortSet.MAX_PORT) {
            throw new IllegalArgumentException(name + " port '" + portText + "' must be an integer 0-65535"
                    + (isSource ? " or *" : ""));
        }
        return new Endpoint(address, Integer.parseInt(portText));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
