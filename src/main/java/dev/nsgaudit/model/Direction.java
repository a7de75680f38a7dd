package dev.nsgaudit.model;

import java.util.Optional;

/** Traffic direction as seen from the NIC. */
public enum Direction {
    INBOUND("Inbound"),
    OUTBOUND("Outbound");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Case-insensitive, as ARM accepts it. */
    public static Optional<Direction> parse(String text) {
        if (text != null) {
            for (Direction d : values()) {
                if (d.label.equalsIgnoreCase(text.trim())) {
                    return Optional.of(d);
                }
            }
        }
        return Optional.empty();
    }
}
