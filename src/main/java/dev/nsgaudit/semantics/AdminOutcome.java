package dev.nsgaudit.semantics;

/**
 * What the security admin layer decides for a packet, before any NSG (DOC-AVNM, DOC-NSG): {@link #CONTINUE}
 * hands it to the NSGs (an Allow rule matched, or no admin rule did), {@link #ALWAYS_ALLOW} and {@link #DENY}
 * end the evaluation.
 */
public enum AdminOutcome {
    CONTINUE,
    ALWAYS_ALLOW,
    DENY;

    /** True when the NSGs are not consulted. */
    public boolean isFinal() {
        return this != CONTINUE;
    }
}
