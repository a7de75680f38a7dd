package dev.nsgaudit.load.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.load.arm.ArmDocument;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.rules.Findings;
import dev.nsgaudit.semantics.DefaultRules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Exports carry each NSG's {@code defaultSecurityRules}. The model never holds them: the evaluator adds Azure's six
 * (semantics/DefaultRules) to every NSG, so taking the exported ones too would evaluate them twice. They are
 * compared with those six instead, and a difference in what decides traffic (a rule missing or extra, another
 * priority, direction, access, protocol, address or port) is an {@code input-error}: the answers would then follow
 * rules that are not the NSG's. The description is not compared (it decides nothing).
 */
final class ExportedDefaultRules {

    private record Field(String name, Function<SecurityRule, String> azure) {
    }

    private static final List<Field> FIELDS = List.of(
            new Field("priority", r -> String.valueOf(r.priority())),
            new Field("direction", SecurityRule::direction),
            new Field("access", SecurityRule::access),
            new Field("protocol", SecurityRule::protocol),
            new Field("sourceAddressPrefix", SecurityRule::sourceAddressPrefix),
            new Field("sourcePortRange", SecurityRule::sourcePortRange),
            new Field("destinationAddressPrefix", SecurityRule::destinationAddressPrefix),
            new Field("destinationPortRange", SecurityRule::destinationPortRange));
    private static final List<String> EMPTY_LISTS = List.of("sourceAddressPrefixes", "sourcePortRanges",
            "sourceApplicationSecurityGroups", "destinationAddressPrefixes", "destinationPortRanges",
            "destinationApplicationSecurityGroups");

    private ExportedDefaultRules() {
    }

    /** Checks the exported list (absent: nothing to check) of one NSG. */
    static void check(String nsg, JsonNode properties, ArmDocument doc, List<Finding> problems) {
        ExportValues values = new ExportValues(doc, problems);
        JsonNode list = ExportValues.member(properties, "defaultSecurityRules");
        if (list == null || list.isNull()) {
            return;
        }
        String fix = "; nsgaudit evaluates Azure's default rules, so its answers would not be this NSG's: export"
                + " again, and report it if Azure's defaults have changed";
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode item : values.objects(properties, "defaultSecurityRules", "network security group " + nsg)) {
            String name = values.scalar(item, "name", "a default rule of " + nsg);
            SecurityRule azure = DefaultRules.ALL.stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst()
                    .orElse(null);
            if (azure == null) {
                problems.add(Findings.of("input-error", doc.sourceOf(item), "default rule '" + name
                        + "' of network security group " + nsg + " is not one of Azure's six default rules" + fix));
                continue;
            }
            if (!seen.add(azure.name())) {
                problems.add(Findings.of("input-error", doc.sourceOf(item), "default rule '" + name
                        + "' of network security group " + nsg + " is exported twice" + fix));
                continue;
            }
            JsonNode p = ExportValues.properties(item);
            List<String> differences = new ArrayList<>();
            for (Field f : FIELDS) {
                String exported = values.scalar(p, f.name(), "default rule " + name + " of " + nsg);
                String expected = f.azure().apply(azure);
                if (!Objects.equals(lower(exported), lower(expected))) {
                    differences.add(f.name() + " is '" + exported + "', Azure's is '" + expected + "'");
                }
            }
            for (String plural : EMPTY_LISTS) {
                JsonNode v = ExportValues.member(p, plural);
                if (v != null && !v.isNull() && !(v.isArray() && v.isEmpty())) {
                    differences.add(plural + " is " + v + ", Azure's is empty");
                }
            }
            if (!differences.isEmpty()) {
                problems.add(Findings.of("input-error", doc.sourceOf(item), "default rule '" + name
                        + "' of network security group " + nsg + " differs from Azure's: "
                        + String.join("; ", differences) + fix));
            }
        }
        if (!values.notAList(properties, "defaultSecurityRules")) {
            for (SecurityRule azure : DefaultRules.ALL) {
                if (!seen.contains(azure.name())) {
                    problems.add(Findings.of("input-error", doc.sourceOfKey(properties, "defaultSecurityRules"),
                            "network security group " + nsg + " is exported without Azure's default rule '"
                                    + azure.name() + "'" + fix));
                }
            }
        }
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
