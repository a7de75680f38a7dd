package dev.nsgaudit.semantics;

import dev.nsgaudit.model.Access;

import java.util.Optional;

/** What a security admin rule does with the packets it matches (SPEC-AVNM {@code SecurityConfigurationRuleAccess}). */
public enum AdminAccess {
    /** Lets the packet on to the NSGs, which then decide. */
    ALLOW("Allow", AdminOutcome.CONTINUE, Access.ALLOW),
    /** Allows the packet whatever the NSGs say. */
    ALWAYS_ALLOW("AlwaysAllow", AdminOutcome.ALWAYS_ALLOW, Access.ALLOW),
    /** Denies the packet whatever the NSGs say. */
    DENY("Deny", AdminOutcome.DENY, Access.DENY);

    private final String label;
    private final AdminOutcome outcome;
    private final Access access;

    AdminAccess(String label, AdminOutcome outcome, Access access) {
        this.label = label;
        this.outcome = outcome;
        this.access = access;
    }

    public String label() {
        return label;
    }

    /** What the admin layer ends with when this rule is the first to match. */
    public AdminOutcome outcome() {
        return outcome;
    }

    /** Allow or Deny as an NSG rule would say it: AlwaysAllow and Allow both let the packet pass this rule. */
    public Access access() {
        return access;
    }

    /** Case-insensitive, as ARM accepts enum values. */
    public static Optional<AdminAccess> parse(String text) {
        if (text != null) {
            for (AdminAccess a : values()) {
                if (a.label.equalsIgnoreCase(text.trim())) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
