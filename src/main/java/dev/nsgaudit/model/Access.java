package dev.nsgaudit.model;

import java.util.Optional;

/** What a rule does with the traffic it matches. */
public enum Access {
    ALLOW("Allow"),
    DENY("Deny");

    private final String label;

    Access(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<Access> parse(String text) {
        if (text != null) {
            for (Access a : values()) {
                if (a.label.equalsIgnoreCase(text.trim())) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
