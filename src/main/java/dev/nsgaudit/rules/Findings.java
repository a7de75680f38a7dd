package dev.nsgaudit.rules;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Witness;

import java.util.List;

/**
 * Makes findings with the severity the catalog gives their id, so that no call site states a severity of its own
 * and the catalog, the README table and {@code nsgaudit rules} cannot disagree with what is reported. The config's
 * severity overrides are applied afterwards, by {@code check}.
 */
public final class Findings {

    private Findings() {
    }

    /** The catalog's default severity of {@code id}; an id without an entry is a defect ({@code FindingIdsTest}). */
    public static Severity severity(String id) {
        return RuleCatalog.bundled().entry(id).map(CatalogRule::severity).orElseThrow(() ->
                new IllegalArgumentException("finding id '" + id + "' has no entry in the rule catalog"));
    }

    /** A finding about a place in the input. */
    public static Finding of(String id, SourceRef location, String message) {
        return Finding.of(id, severity(id), location, message);
    }

    /** A finding about a rule of an NSG. */
    public static Finding of(String id, String message, SourceRef location, String networkSecurityGroup,
                             String rule, List<String> relatedRules) {
        return new Finding(id, severity(id), message, location, networkSecurityGroup, rule, relatedRules);
    }

    /** A finding with a witness packet or a target other than a rule. */
    public static Finding of(String id, String message, SourceRef location, String networkSecurityGroup,
                             String rule, List<String> relatedRules, Witness witness, String target) {
        return new Finding(id, severity(id), message, location, networkSecurityGroup, rule, relatedRules, witness,
                target);
    }
}
