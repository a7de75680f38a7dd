package dev.nsgaudit.analyze.diff;

/**
 * A rule added, removed or changed between the versions that lies behind a changed region: it decides the region's
 * witness in one version, or its match set (as seen at the target, with that version's memberships) overlaps the
 * region.
 *
 * @param networkSecurityGroup the NSG the rule is in
 * @param rule the rule's name
 * @param change added, removed or changed
 * @param decidesWitness whether it decides the region's witness in base or head (else it only overlaps)
 */
public record ChangedRule(String networkSecurityGroup, String rule, String change, boolean decidesWitness) {

    /** {@code nsg-web/Allow-SSH (added)}. */
    @Override
    public String toString() {
        return networkSecurityGroup + "/" + rule + " (" + change + ")";
    }
}
