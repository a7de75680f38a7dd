package dev.nsgaudit.semantics;

import dev.nsgaudit.model.AdminRule;
import dev.nsgaudit.model.Direction;

import java.util.List;

/**
 * A security admin rule ready for evaluation on one VNet (or subnet), in one direction.
 *
 * <p>{@link #rule} is an ordinary {@link CompiledRule} for matching (protocol mask, addresses through the service
 * tags and the VNet's {@link NetworkView}, ports, D6, platform tags, uncertainties), so every engine that runs
 * first match over NSG rules runs it over admin rules too. Its {@code access} is {@link AdminAccess#access()}
 * (Allow for Allow and AlwaysAllow, Deny for Deny; null when the access is not one of the three); the three-way
 * meaning is in {@link #access}. Its uncertainties include those of applicability: a rule that may or may not
 * apply to the VNet (dynamic group membership, an unresolved or undefined group) is an uncertain rule that may
 * match.
 *
 * @param displayName {@code securityAdminRules/<networkManager>/<configuration>/<collection>/<rule>}
 * @param access null when the rule's access is not Allow, AlwaysAllow or Deny (then the rule is uncertain)
 */
public record CompiledAdminRule(
        String displayName,
        String networkManager,
        String configuration,
        String collection,
        AdminAccess access,
        CompiledRule rule,
        AdminRule origin) {

    public static final String PREFIX = "securityAdminRules/";

    public static String displayName(String networkManager, String configuration, String collection, String rule) {
        return PREFIX + networkManager + "/" + configuration + "/" + collection + "/" + rule;
    }

    public int priority() {
        return rule.priority();
    }

    public Direction direction() {
        return rule.direction();
    }

    public boolean certain() {
        return rule.certain();
    }

    public List<String> uncertainties() {
        return rule.uncertainties();
    }

    /** The plain match test of the compiled rule (an uncertain rule only "may" match). */
    public boolean matches(Packet packet) {
        return rule.matches(packet);
    }

    /** The outcome when this rule decides; null when the access is unknown. */
    public AdminOutcome outcome() {
        return access == null ? null : access.outcome();
    }
}
