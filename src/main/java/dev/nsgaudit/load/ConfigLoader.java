package dev.nsgaudit.load;

import dev.nsgaudit.analyze.AuditConfig;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.Suppression;
import org.yaml.snakeyaml.nodes.Node;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
            disabled.addAll(y.strings(rules, "disabled", "rules"));
            only.addAll(y.strings(rules, "only", "rules"));
            if (rules.containsKey("severity")) {
                Map<String, Node> sev = y.fields(rules.get("severity"), "rules.severity", anyKey(rules.get("severity")));
                for (String id : sev.keySet()) {
                    severity(y, sev, id, "rules.severity").ifPresent(s -> severities.put(id, s));
                }
            }
        }
        double threshold = AuditConfig.DEFAULT.exposureThreshold();
        String thresholdText = y.string(top, "exposureThreshold", "the config file");
        if (thresholdText != null) {
            try {
                threshold = Double.parseDouble(thresholdText);
            } catch (NumberFormatException e) {
                y.error("input-error", top.get("exposureThreshold"), "exposureThreshold must be a number of addresses");
            }
        }
        String failOn = y.string(top, "failOn", "the config file");
        Severity inconclusive = severity(y, top, "inconclusive", "the config file").orElse(null);
        List<Suppression> suppressions = new ArrayList<>();
        for (Node n : y.list(top, "suppressions", "the config file")) {
            Map<String, Node> f = y.fields(n, "a suppression", SUPPRESSION);
            String id = y.requiredString(f, "id", "a suppression", n);
            String reason = y.requiredString(f, "reason", "a suppression (say why the finding is accepted)", n);
            String target = y.string(f, "target", "a suppression");
            LocalDate expires = null;
            String expiresText = y.string(f, "expires", "a suppression");
            if (expiresText != null) {
                try {
                    expires = LocalDate.parse(expiresText.trim());
                } catch (DateTimeParseException e) {
                    y.error("input-error", f.get("expires"), "expires must be a date like 2027-03-31");
                    continue;
                }
            }
            if (id != null && reason != null) {
                suppressions.add(new Suppression(id, target == null ? "*" : target, reason, expires, y.at(n)));
            }
        }
        return new AuditConfig(disabled, only, severities, threshold, failOn, inconclusive, suppressions);
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
            y.error("input-error", f.get(key), key + " in " + what + " must be error, warning or info");
            return java.util.Optional.empty();
        }
    }
}
