package dev.nsgaudit.load;

import dev.nsgaudit.model.AuditConfig;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.Suppression;
import dev.nsgaudit.rules.FindingIds;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code .nsgaudit.yaml}:
 * <pre>
 * rules:
 *   disabled: [correlated-rules]
 *   only: []                      # when given, only these run
 *   severity: {generalization: warning}
 * exposureThreshold: 16777216
 * failOn: error
 * inconclusive: warning           # lowers inconclusive policies
 * suppressions:
 *   - id: internet-exposed-ssh
 *     target: nsg-web/Allow-SSH-Office
 *     reason: accepted until the bastion is deployed
 *     expires: 2027-03-31
 * </pre>
 */
public final class ConfigLoader {

    private static final Set<String> TOP = Set.of("rules", "exposureThreshold", "failOn", "inconclusive", "suppressions");
    private static final Set<String> RULES = Set.of("disabled", "only", "severity");
    private static final Set<String> SUPPRESSION = Set.of("id", "target", "reason", "expires");
    private static final Set<String> FAIL_ON = Set.of("error", "warning", "info", "never");

    private ConfigLoader() {
    }

    public static AuditConfig load(Path file, List<Finding> problems) {
        List<Node> roots = YamlLoader.parse(file, file.toString(), problems);
        if (roots.isEmpty()) {
            return AuditConfig.DEFAULT;
        }
        YamlNodes y = new YamlNodes(file.toString(), problems);
        Map<String, Node> top = y.fields(roots.get(0), "the config file", TOP);
        Set<String> disabled = new LinkedHashSet<>();
        Set<String> only = new LinkedHashSet<>();
        Map<String, Severity> severities = new HashMap<>();
        if (top.containsKey("rules")) {
            Map<String, Node> rules = y.fields(top.get("rules"), "rules", RULES);
            disabled.addAll(checkIds(y, rules, "disabled"));
            only.addAll(checkIds(y, rules, "only"));
            if (rules.containsKey("severity")) {
                Map<String, Node> sev = y.fields(rules.get("severity"), "rules.severity", anyKey(rules.get("severity")));
                for (Map.Entry<String, Node> e : sev.entrySet()) {
                    String problem = FindingIds.problemAsCheck(e.getKey(), "rules.severity");
                    if (problem != null) {
                        y.error("input-error", keyNode(rules.get("severity"), e.getKey()), problem);
                        continue;
                    }
                    severity(y, sev, e.getKey(), "rules.severity").ifPresent(s -> severities.put(e.getKey(), s));
                }
            }
        }
        double threshold = threshold(y, top);
        String failOn = y.string(top, "failOn", "the config file");
        if (failOn != null && !FAIL_ON.contains(failOn.trim().toLowerCase(Locale.ROOT))) {
            y.error("input-error", top.get("failOn"), "failOn must be error, warning, info or never, not '" + failOn
                    + "'");
            failOn = null;
        }
        Severity inconclusive = severity(y, top, "inconclusive", "the config file").orElse(null);
        List<Suppression> suppressions = new ArrayList<>();
        for (Node n : y.list(top, "suppressions", "the config file")) {
            Map<String, Node> f = y.fields(n, "a suppression", SUPPRESSION);
            String id = y.requiredString(f, "id", "a suppression", n);
            String reason = y.requiredString(f, "reason", "a suppression (say why the finding is accepted)", n);
            String target = y.string(f, "target", "a suppression");
            if (id != null) {
                String problem = FindingIds.problemAsSuppressed(id.trim(), "a suppression");
                if (problem != null) {
                    y.error("input-error", f.get("id"), problem);
                    continue;
                }
            }
            LocalDate expires = null;
            String expiresText = y.string(f, "expires", "a suppression");
            if (expiresText != null) {
                try {
                    expires = LocalDate.parse(expiresText.trim());
                } catch (DateTimeParseException e) {
                    y.error("input-error", f.get("expires"), "expires must be a date like 2027-03-31, not '"
                            + expiresText + "'");
                    continue;
                }
            }
            if (id != null && reason != null) {
                suppressions.add(new Suppression(id.trim(), target == null ? "*" : target.trim(), reason, expires,
                        y.at(n)));
            }
        }
        return new AuditConfig(disabled, only, severities, threshold, failOn, inconclusive, suppressions);
    }

    /**
     * The ids of {@code rules.disabled} or {@code rules.only}, each checked at its position. Unknown ones are kept:
     * the run fails as an input error anyway, and {@code only} must not fall back to "everything" because of them.
     */
    private static List<String> checkIds(YamlNodes y, Map<String, Node> rules, String key) {
        List<String> ids = y.strings(rules, key, "rules");
        if (rules.get(key) instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                if (item instanceof ScalarNode scalar && !YamlNodes.isNull(item)) {
                    String problem = FindingIds.problemAsCheck(scalar.getValue().trim(), "rules." + key);
                    if (problem != null) {
                        y.error("input-error", item, problem);
                    }
                }
            }
        }
        return ids.stream().map(String::trim).toList();
    }

    /** A whole number of addresses, 0 up to the size of the IPv6 space; the default is a /8. */
    private static double threshold(YamlNodes y, Map<String, Node> top) {
        String text = y.string(top, "exposureThreshold", "the config file");
        if (text == null) {
            return AuditConfig.DEFAULT.exposureThreshold();
        }
        String digits = text.trim().replace("_", "");
        if (!digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            BigInteger value = new BigInteger(digits);
            if (value.compareTo(BigInteger.ONE.shiftLeft(128)) <= 0) {
                return value.doubleValue();
            }
        }
        y.error("input-error", top.get("exposureThreshold"), "exposureThreshold must be a whole number of Internet"
                + " addresses from 0 to 2^128 (default 16777216, a /8), not '" + text + "'");
        return AuditConfig.DEFAULT.exposureThreshold();
    }

    private static Node keyNode(Node mapping, String key) {
        if (mapping instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
                    return s;
                }
            }
        }
        return mapping;
    }

    private static Set<String> anyKey(Node mapping) {
        Set<String> keys = new LinkedHashSet<>();
        if (mapping instanceof org.yaml.snakeyaml.nodes.MappingNode m) {
            m.getValue().forEach(t -> {
                if (t.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode s) {
                    keys.add(s.getValue());
                }
            });
        }
        return keys;
    }

    private static java.util.Optional<Severity> severity(YamlNodes y, Map<String, Node> f, String key, String what) {
        String text = y.string(f, key, what);
        if (text == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Severity.parse(text));
        } catch (IllegalArgumentException e) {
            y.error("input-error", f.get(key), key + " in " + what + " must be error, warning or info, not '" + text
                    + "'");
            return java.util.Optional.empty();
        }
    }
}
