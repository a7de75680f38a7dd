package dev.nsgaudit.analyze.diff;

/**
 * One packet of a changed region and how each version decides it, as {@code verify --nic} answers it.
 *
 * @param sourcePort null for a protocol without ports
 * @param before the base's answer: access (Allow, Deny or Inconclusive) and deciding rule; "absent" when the base
 *     has no such NIC
 * @param after the head's answer, the same way
 */
public record DiffWitness(String protocol, String sourceAddress, Integer sourcePort, String destinationAddress,
                          Integer destinationPort, Verdict before, Verdict after) {

    /** One version's answer for the witness. */
    public record Verdict(String access, String networkSecurityGroup, String rule) {
        public static final Verdict ABSENT = new Verdict("absent", null, null);

        @Override
        public String toString() {
            if (rule == null) {
                return access;
            }
            return access + " by " + (networkSecurityGroup == null ? "" : networkSecurityGroup + " ") + rule;
        }
    }
}
