package dev.nsgaudit.load;

import dev.nsgaudit.rules.CatalogRule;
import dev.nsgaudit.rules.RuleCatalog;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.Suppression;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every finding id the tool can report: the rule catalog's checks and the problems of loading and of
 * {@code check} itself. A config entry or suppression naming another id would match nothing and pass in silence,
 * so it is an input error with the nearest known id. {@code FindingIdsTest} keeps {@link #BUILT_IN} in step with
 * the ids the code reports.
 */
public final class FindingIds {

    /** Ids that are not catalog checks: they always run, so they cannot be disabled or re-rated. */
    public static final Set<String> BUILT_IN = Set.of("yaml-syntax", "input-error", "input-warning", "unknown-key",
            "duplicate-definition", "dangling-reference", "invalid-ip-configuration", "expired-suppression");

    private FindingIds() {
    }

    /** The ids of the catalog's checks (what {@code rules.only}, {@code disabled} and {@code severity} name). */
    public static Set<String> checks() {
        Set<String> out = new TreeSet<>();
        RuleCatalog.bundled().rules().stream().map(CatalogRule::id).forEach(out::add);
        return out;
    }

    /** Every id a finding can have. */
    public static Set<String> all() {
        Set<String> out = new TreeSet<>(checks());
        out.addAll(BUILT_IN);
        return out;
    }

    /**
     * Why {@code id} cannot be named where only checks may be, or null when it can.
     *
     * @param where for the message, e.g. {@code rules.only}
     */
    public static String problemAsCheck(String id, String where) {
        if (checks().contains(id)) {
            return null;
        }
        if (BUILT_IN.contains(id)) {
            return "'" + id + "' in " + where + " is not a check of the rule catalog: input problems always count,"
                    + " they cannot be turned off or re-rated (a suppression can accept one)";
        }
        return unknown(id, where, checks());
    }

    /** Why {@code id} cannot be suppressed, or null when it can ({@code *} or a known id). */
    public static String problemAsSuppressed(String id, String where) {
        return id.equals("*") || all().contains(id) ? null : unknown(id, where, all());
    }

    /** Suppressions whose id names no finding (ARM metadata; the config file reports its own at the id). */
    public static void checkSuppressions(List<Suppression> suppressions, List<Finding> problems) {
        for (Suppression s : suppressions) {
            String problem = problemAsSuppressed(s.id(), "a suppression");
            if (problem != null) {
                problems.add(Finding.of("input-error", Severity.ERROR, s.source(), problem));
            }
        }
    }

    private static String unknown(String id, String where, Set<String> known) {
        String near = YamlNodes.closest(id, known);
        return "unknown finding id '" + id + "' in " + where + (near != null ? "; did you mean '" + near + "'?"
                : "; `nsgaudit rules` lists the checks (and input problems are " + String.join(", ",
                new TreeSet<>(BUILT_IN)) + ")");
    }
}
