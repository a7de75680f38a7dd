package dev.nsgaudit.load;

import dev.nsgaudit.semantics.AddressField;
import dev.nsgaudit.semantics.PortField;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.net.IpPrefix;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The syntax of a policy's values, checked when the file is read: a value the analysis could not interpret
 * would make the policy inconclusive, and {@code inconclusive: warning} would then let a typo pass. Each method
 * returns why the value is wrong, or null. Whether a named NIC, subnet, ASG or VNet exists is checked against
 * the loaded model by {@link PolicyValidator}; an unknown service tag stays an inconclusive policy (the tag file
 * may simply not know it).
 */
final class PolicyValues {

    static final Set<String> KINDS = Set.of("nic", "subnet", "asg", "vnet");
    private static final Pattern ADDRESS_LIKE = Pattern.compile("[0-9A-Fa-f.:/]*[0-9][0-9A-Fa-f.:/]*");
    private static final Pattern KIND = Pattern.compile("([A-Za-z][A-Za-z0-9_-]*):(.*)");

    private PolicyValues() {
    }

    static String protocol(String text) {
        return Protocol.ruleMask(text).isPresent() ? null
                : "protocol must be Tcp, Udp, Icmp, Esp, Ah or *, not '" + text + "'";
    }

    /** @param field {@code ports} or {@code sourcePorts} */
    static String ports(String field, String text) {
        PortField.Parsed parsed = PortField.parse(field, text, java.util.List.of());
        if (parsed.certain()) {
            return null;
        }
        return field + " must be ports 0-65535 and ranges a-b (start not after end) separated by commas, or *, not '"
                + text + "'";
    }

    static String endpoint(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return "an endpoint is empty";
        }
        if (AddressField.isAny(t) || AddressField.builtInTag(t) != null) {
            return null;
        }
        var kind = KIND.matcher(t);
        if (kind.matches() && !ADDRESS_LIKE.matcher(t).matches()) {
            String k = kind.group(1).toLowerCase(Locale.ROOT);
            if (!KINDS.contains(k)) {
                String near = YamlNodes.closest(k, KINDS);
                return "'" + t + "' is not an endpoint: '" + kind.group(1) + ":' is no kind of endpoint"
                        + (near != null ? "; did you mean '" + near + ":'?" : "; use nic:, subnet:, asg: or vnet:");
            }
            String name = kind.group(2).trim();
            if (name.isEmpty()) {
                return "'" + t + "' names nothing: write " + k + ":<name>";
            }
            if (k.equals("subnet") && (name.indexOf('/') <= 0 || name.endsWith("/"))) {
                return "'" + t + "' must be written subnet:<vnet>/<subnet>";
            }
            return null;
        }
        try {
            IpPrefix.parse(t);
            return null;
        } catch (IllegalArgumentException e) {
            if (ADDRESS_LIKE.matcher(t).matches()) {
                return "'" + t + "' is not a valid address or CIDR: " + e.getMessage();
            }
        }
        return null; // a service tag: known or not, the analysis reports it
    }
}
