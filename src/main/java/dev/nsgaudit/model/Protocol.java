package dev.nsgaudit.model;

import java.util.Optional;

/** The protocols a packet can carry. A rule's {@code *} stands for all five (D5). */
public enum Protocol {
    TCP("Tcp", true),
    UDP("Udp", true),
    ICMP("Icmp", false),
    ESP("Esp", false),
    AH("Ah", false);

    /** Bit mask of all protocols, what a rule with protocol {@code *} matches. */
    public static final int ALL_MASK = (1 << values().length) - 1;

    private final String label;
    private final boolean hasPorts;

    Protocol(String label, boolean hasPorts) {
        this.label = label;
        this.hasPorts = hasPorts;
    }

    public String label() {
        return label;
    }

    /** ICMP, ESP and AH carry no ports (D6). */
    public boolean hasPorts() {
        return hasPorts;
    }

    public int mask() {
        return 1 << ordinal();
    }

    /** A packet protocol, case-insensitive; {@code *} is not a packet protocol. */
    public static Optional<Protocol> parse(String text) {
        if (text != null) {
            for (Protocol p : values()) {
                if (p.label.equalsIgnoreCase(text.trim())) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** The mask a rule's protocol field matches: {@code *} is all five; empty when unrecognised. */
    public static Optional<Integer> ruleMask(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (text.trim().equals("*")) {
            return Optional.of(ALL_MASK);
        }
        return parse(text).map(Protocol::mask);
    }
}
