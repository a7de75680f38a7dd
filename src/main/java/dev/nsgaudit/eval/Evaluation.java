package dev.nsgaudit.eval;

import dev.nsgaudit.model.Access;

/**
 * What one NSG decided for a packet.
 *
 * @param appliedTo {@code subnet:<vnet>/<subnet>} or {@code nic:<name>}
 * @param matchedRule {@code securityRules/x}, {@code defaultSecurityRules/X} or {@code platform/<service>}
 */
public record Evaluation(String networkSecurityGroup, String appliedTo, String matchedRule, Access access) {
}
