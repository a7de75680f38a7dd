package dev.nsgaudit.rules;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.Suppression;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The finding ids of the catalog by what they are: checks, problems of the input, and all of them. A config entry
 * or suppression naming another id would match nothing and pass in silence, so it is an input error with the
 * nearest known id. {@code FindingIdsTest} keeps the catalog in step with the ids the code reports.
 */
public final class FindingIds {

    private FindingIds() {
    }

    /** The ids of the catalog's checks (what {@code rules.only}, {@code disabled} and {@code severity} name). */
    public static Set<String> checks() {
        return ofKind(CatalogRule.Kind.CHECK);
    }

    /** Problems of the input: they always run, so they cannot be disabled or re-rated. */
    public static Set<String> inputProblems() {
        return ofKind(CatalogRule.Kind.INPUT);
    }

    /** Problems that mean the input could not be read as written: exit code 2. */
    public static Set<String> inputErrors() {
        Set<String> out = new TreeSet<>();
        RuleCatalog.bundled().entries().stream().filter(r -> r.kind() == CatalogRule.Kind.INPUT)
                .filter(r -> r.severity() == Severity.ERROR).map(CatalogRule::id).forEach(out::add);
        return out;
    }

    /** Every id a finding can have (flow policies are results, not findings). */
    public static Set<String> all() {
        Set<String> out = new TreeSet<>(checks());
        out.addAll(inputProblems());
        return out;
    }

    private static Set<String> ofKind(CatalogRule.Kind kind) {
        Set<String> out = new TreeSet<>();
        RuleCatalog.bundled().entries().stream().filter(r -> r.kind() == kind).map(CatalogRule::id).forEach(out::add);
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
        if (inputProblems().contains(id)) {
            return "'" + id + "' in " + where + " is not a check of the rule catalog: input problems always count,"
                    + " they cannot be turned off or re-rated (a suppression can accept one)";
        }
        if (isPolicy(id)) {
            return "'" + id + "' in " + where + " is not a check of the rule catalog: flow policies are given with"
                    + " --policy and rated by their own severity";
        }
        return unknown(id, where, checks());
    }

    /** Why {@code id} cannot be suppressed, or null when it can ({@code *} or a known id). */
    public static String problemAsSuppressed(String id, String where) {
        if (id.equals("*") || all().contains(id)) {
            return null;
        }
        if (isPolicy(id)) {
            return "'" + id + "' in " + where + " names flow policies, which are results, not findings: a suppression"
                    + " cannot accept one (change the policy or its severity)";
        }
        return unknown(id, where, all());
    }

    private static boolean isPolicy(String id) {
        return RuleCatalog.bundled().entry(id).filter(r -> r.kind() == CatalogRule.Kind.POLICY).isPresent();
    }

    /** Suppressions whose id names no finding (ARM metadata; the config file reports its own at the id). */
    public static void checkSuppressions(List<Suppression> suppressions, List<Finding> problems) {
        for (Suppression s : suppressions) {
            String problem = problemAsSuppressed(s.id(), "a suppression");
            if (problem != null) {
                problems.add(Findings.of("input-error", s.source(), problem));
            }
        }
    }

    private static String unknown(String id, String where, Set<String> known) {
        String near = Spelling.closest(id, known);
        return "unknown finding id '" + id + "' in " + where + (near != null ? "; did you mean '" + near + "'?"
                : "; `nsgaudit rules` lists the checks (and input problems are " + String.join(", ", inputProblems())
                + ")");
    }
}
