package dev.nsgaudit.net;

/** A CIDR prefix. {@link #parse} normalises host bits and says whether it had to (D2). */
public record IpPrefix(IpAddress network, int length) implements Comparable<IpPrefix> {

    public IpPrefix {
        if (length < 0 || length > network.family().bits()) {
            throw new IllegalArgumentException("prefix length " + length + " out of range");
        }
        network = network.withHostBits(length, false);
    }

    /** The result of parsing: the normalised prefix and whether the text had host bits set. */
    public record Parsed(IpPrefix prefix, boolean hadHostBits) {
    }

    /** Parses {@code a.b.c.d}, {@code a.b.c.d/n}, or an IPv6 address with optional {@code /n}. */
    public static Parsed parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        IpAddress address = IpAddress.parse(slash < 0 ? trimmed : trimmed.substring(0, slash));
        int length = address.family().bits();
        if (slash >= 0) {
            String digits = trimmed.substring(slash + 1);
            if (digits.isEmpty() || digits.length() > 3 || !IpAddress.asciiDigits(digits)) {
                throw new IllegalArgumentException("'" + text + "' has an invalid prefix length");
            }
            length = Integer.parseInt(digits);
            if (length > address.family().bits()) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length over " + address.family().bits());
            }
        }
        IpPrefix prefix = new IpPrefix(address, length);
        return new Parsed(prefix, !prefix.network().equals(address));
    }

    public static IpPrefix of(String text) {
        return parse(text).prefix();
    }

    public static IpPrefix host(IpAddress address) {
        return new IpPrefix(address, address.family().bits());
    }

    public IpFamily family() {
        return network.family();
    }

    public IpAddress first() {
        return network;
    }

    public IpAddress last() {
        return network.withHostBits(length, true);
    }

    public boolean contains(IpAddress address) {
        return address.family() == family() && address.withHostBits(length, false).equals(network);
    }

    public IpRange range() {
        return new IpRange(first(), last());
    }

    @Override
    public int compareTo(IpPrefix other) {
        int c = network.compareTo(other.network);
        return c != 0 ? c : Integer.compare(length, other.length);
    }

    @Override
    public String toString() {
        return network + "/" + length;
    }
}
