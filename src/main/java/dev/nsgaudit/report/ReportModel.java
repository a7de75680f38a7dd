package dev.nsgaudit.report;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.nsgaudit.audit.Audit;
import dev.nsgaudit.audit.AuditResult;
import dev.nsgaudit.audit.AuditedFinding;
import dev.nsgaudit.analyze.CheckOutcome;
import dev.nsgaudit.rules.CatalogRule;
import dev.nsgaudit.rules.RuleCatalog;
import dev.nsgaudit.semantics.DefaultRules;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Topology;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * The data the Freemarker templates render: the JSON report's content as maps, plus the flow matrix, every NSG's
 * rules with their findings and links to blocking rules, and the check outcomes by rule and target. Everything is
 * in a fixed order so that the same input renders the same bytes.
 */
public final class ReportModel {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private ReportModel() {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** Findings by severity (errors first), then where they are, then id: the order an auditor reads them in. */
    static final Comparator<AuditedFinding> READING_ORDER = Comparator
            .comparingInt(ReportModel::severityRank)
            .thenComparing(a -> a.finding().location().file())
            .thenComparingInt(a -> a.finding().location().line())
            .thenComparingInt(a -> a.finding().location().column())
            .thenComparing(a -> a.finding().id());

    public static Map<String, Object> of(AuditResult r, Topology topology, RuleCatalog catalog, RunInfo run) {
        Map<String, Object> root = Json.MAPPER.convertValue(CheckJson.of(r), MAP);
        root.put("inputs", run.inputs().stream().map(RunInfo.Input::path).toList());
        root.put("run", run(run));
        root.put("toolVersion", run.toolVersion());
        Map<String, String> anchors = anchors(topology);
        List<Map<String, Object>> findings = new ArrayList<>();
        for (int i = 0; i < r.findings().size(); i++) {
            AuditedFinding a = r.findings().get(i);
            Map<String, Object> f = Json.MAPPER.convertValue(CheckJson.finding(a), MAP);
            Finding finding = a.finding();
            f.put("anchor", "f" + (i + 1));
            f.put("ruleAnchor", anchors.get(key(finding.networkSecurityGroup(), finding.rule())));
            f.put("title", catalog.rule(finding.id()).map(CatalogRule::title).orElse(finding.id()));
            f.put("remediation", catalog.rule(finding.id()).map(CatalogRule::remediation).orElse(""));
            f.put("references", references(catalog.rule(finding.id()).orElse(null)));
            f.put("gating", gating(a, run.failOn()));
            findings.add(f);
        }
        root.put("findings", findings);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < r.findings().size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(r.findings()::get, READING_ORDER));
        root.put("findingsInOrder", order.stream().map(findings::get).toList());
        root.put("byRule", byRule(r, catalog));
        List<Map<String, Object>> policies = policies(root, r, run.failOn());
        root.put("matrix", matrix(r));
        root.put("nsgs", nsgs(r, topology, anchors));
        root.put("checks", checks(r, catalog, topology, run.failOn()));
        root.put("catalog", catalog.rules().stream().map(c -> Json.MAPPER.convertValue(c, MAP)).toList());
        root.put("inputProblems", inputProblems(r, catalog, run.failOn()));
        Map<String, Object> verdict = verdict(r, run.failOn(), policies);
        root.put("verdict", verdict);
        return root;
    }

    private static Map<String, Object> run(RunInfo run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generatedAt", run.generatedAt() == null ? "" : TIME.format(run.generatedAt()));
        m.put("fromSourceDateEpoch", run.timeFromSourceDateEpoch());
        m.put("toolVersion", run.toolVersion());
        m.put("failOn", run.failOnLabel());
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (RunInfo.Input in : run.inputs()) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("path", in.path());
            i.put("commit", in.commit() == null ? "" : in.commit());
            inputs.add(i);
        }
        m.put("inputs", inputs);
        return m;
    }

    /** True when the finding fails the gate: open and at or above --fail-on. */
    private static boolean gating(AuditedFinding a, Severity failOn) {
        return a.open() && failOn != null && a.finding().severity().atLeast(failOn);
    }

    private static List<Map<String, Object>> references(CatalogRule rule) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (rule != null) {
            for (CatalogRule.Reference ref : rule.references()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("title", ref.title());
                m.put("url", ref.url() == null ? "" : ref.url());
                out.add(m);
            }
        }
        return out;
    }

    /** The verdict, judged as the exit code is: 2 input not read, 1 something fails at --fail-on, else 0. */
    private static Map<String, Object> verdict(AuditResult r, Severity failOn, List<Map<String, Object>> policies) {
        int exit = r.inputErrors() ? 2 : r.failsAt(failOn) ? 1 : 0;
        long gatingFindings = r.findings().stream().filter(a -> gating(a, failOn)).count();
        long gatingPolicies = policies.stream().filter(p -> Boolean.TRUE.equals(p.get("gating"))).count();
        String threshold = failOn == null ? "never" : failOn.label();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("exitCode", exit);
        v.put("label", exit == 0 ? "passing" : exit == 1 ? "failing" : "input-error");
        v.put("headline", switch (exit) {
            case 0 -> "PASS at --fail-on " + threshold + " (exit code 0)";
            case 1 -> "FAIL at --fail-on " + threshold + " (exit code 1)";
            default -> "INPUT ERROR: some input could not be read (exit code 2)";
        });
        v.put("detail", exit == 2 ? "the input problems below must be fixed before the results can be trusted"
                : count(gatingFindings, "open finding", "open findings") + " and "
                + count(gatingPolicies, "policy", "policies") + " fail at or above " + threshold
                + (exit == 0 ? "; what is listed below is under the threshold or accepted" : ""));
        return v;
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static List<Map<String, Object>> policies(Map<String, Object> root, AuditResult r, Severity failOn) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> policies = (List<Map<String, Object>>) root.get("policies");
        for (int i = 0; i < policies.size(); i++) {
            boolean fails = r.policies().get(i).status() != PolicyResult.Status.PASS && failOn != null
                    && r.policySeverities().get(i).atLeast(failOn);
            policies.get(i).put("gating", fails);
            policies.get(i).put("anchor", "policy-" + (i + 1));
        }
        return policies;
    }

    /** Counts and remediation per finding id, in reading order (errors first). */
    private static List<Map<String, Object>> byRule(AuditResult r, RuleCatalog catalog) {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        List<AuditedFinding> sorted = new ArrayList<>(r.findings());
        sorted.sort(Comparator.comparingInt(ReportModel::severityRank).thenComparing(a -> a.finding().id()));
        for (AuditedFinding a : sorted) {
            Finding f = a.finding();
            Map<String, Object> m = byId.computeIfAbsent(f.id(), id -> {
                Map<String, Object> n = new LinkedHashMap<>();
                CatalogRule rule = catalog.rule(id).orElse(null);
                n.put("id", id);
                n.put("title", rule == null ? id : rule.title());
                n.put("severity", f.severity().label());
                n.put("open", 0);
                n.put("accepted", 0);
                n.put("remediation", rule == null ? "" : rule.remediation());
                n.put("references", references(rule));
                return n;
            });
            String counter = a.open() ? "open" : "accepted";
            m.put(counter, (Integer) m.get(counter) + 1);
        }
        return new ArrayList<>(byId.values());
    }

    private static int severityRank(AuditedFinding a) {
        return switch (a.finding().severity()) {
            case ERROR -> 0;
            case WARNING -> 1;
            case INFO -> 2;
        };
    }

    /** Input problems as JUnit cases: errors when the input could not be read, else by the gate like checks. */
    private static List<Map<String, Object>> inputProblems(AuditResult r, RuleCatalog catalog, Severity failOn) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AuditedFinding a : r.findings()) {
            Finding f = a.finding();
            if (catalog.rule(f.id()).isPresent()) {
                continue;
            }
            Map<String, Object> m = Json.MAPPER.convertValue(CheckJson.finding(a), MAP);
            boolean unreadable = Audit.INPUT_ERRORS.contains(f.id()) && f.severity() == Severity.ERROR;
            m.put("kind", unreadable ? "error" : gating(a, failOn) ? "failure" : a.open() ? "pass" : "skipped");
            out.add(m);
        }
        return out;
    }

    private static String key(String nsg, String rule) {
        return (nsg == null ? "" : nsg.toLowerCase()) + "|" + (rule == null ? "" : rule.toLowerCase());
    }

    /** Stable anchors for every rule: n&lt;nsg index&gt;-r&lt;rule index&gt; (default rules after user rules). */
    private static Map<String, String> anchors(Topology t) {
        Map<String, String> out = new HashMap<>();
        for (int n = 0; n < t.networkSecurityGroups().size(); n++) {
            NetworkSecurityGroup nsg = t.networkSecurityGroups().get(n);
            out.put(key(nsg.name(), null), "n" + (n + 1));
            int r = 0;
            for (SecurityRule rule : nsg.securityRules()) {
                out.putIfAbsent(key(nsg.name(), rule.name()), "n" + (n + 1) + "-r" + (++r));
            }
            for (SecurityRule rule : DefaultRules.ALL) {
                out.putIfAbsent(key(nsg.name(), rule.name()), "n" + (n + 1) + "-d" + (++r));
            }
        }
        return out;
    }

    private static Map<String, Object> matrix(AuditResult r) {
        Set<String> rows = new LinkedHashSet<>();
        for (PolicyResult p : r.policies()) {
            rows.add(p.policy().from());
        }
        List<String> cols = declaredColumns(r.policies());
        List<Map<String, Object>> rowList = new ArrayList<>();
        for (String from : rows) {
            List<Map<String, Object>> cells = new ArrayList<>();
            for (String to : cols) {
                List<Map<String, Object>> entries = new ArrayList<>();
                String worst = "none";
                for (int i = 0; i < r.policies().size(); i++) {
                    PolicyResult p = r.policies().get(i);
                    if (!p.policy().from().equals(from) || !p.policy().to().equals(to)) {
                        continue;
                    }
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("name", p.policy().name());
                    e.put("anchor", "policy-" + (i + 1));
                    e.put("status", p.status().label());
                    e.put("expect", p.policy().expect().label());
                    e.put("protocol", p.policy().protocol());
                    e.put("ports", p.policy().ports());
                    entries.add(e);
                    worst = worse(worst, p.status().label());
                }
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("to", to);
                cell.put("status", worst);
                cell.put("policies", entries);
                cells.add(cell);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("from", from);
            row.put("cells", cells);
            rowList.add(row);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("columns", cols);
        m.put("rows", rowList);
        return m;
    }

    /**
     * The destinations in the order they were declared. Policies are generated row by row and, within a row of
     * a matrix, in the order of its {@code to} list; so each run of consecutive policies with one source gives the
     * declared order of the destinations it names, and the runs are merged (a destination first seen in a later
     * row still goes where its row puts it). Where no run orders two destinations, first appearance decides.
     */
    static List<String> declaredColumns(List<PolicyResult> policies) {
        Map<String, Integer> first = new LinkedHashMap<>();
        Map<String, Set<String>> after = new HashMap<>();
        Map<String, Integer> before = new HashMap<>();
        String runFrom = null;
        String previous = null;
        for (PolicyResult p : policies) {
            String to = p.policy().to();
            first.putIfAbsent(to, first.size());
            after.putIfAbsent(to, new LinkedHashSet<>());
            before.putIfAbsent(to, 0);
            if (p.policy().from().equals(runFrom) && previous != null && !previous.equals(to)
                    && after.get(previous).add(to)) {
                before.merge(to, 1, Integer::sum);
            }
            runFrom = p.policy().from();
            previous = to;
        }
        List<String> out = new ArrayList<>();
        PriorityQueue<String> ready = new PriorityQueue<>(Comparator.comparing(first::get));
        before.forEach((to, n) -> {
            if (n == 0) {
                ready.add(to);
            }
        });
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < first.size()) {
            if (ready.isEmpty()) {
                // Rows that contradict each other: the earliest destination not placed yet goes next.
                first.keySet().stream().filter(c -> !placed.contains(c)).findFirst().ifPresent(ready::add);
            }
            String next = ready.poll();
            if (!placed.add(next)) {
                continue;
            }
            out.add(next);
            for (String later : after.get(next)) {
                if (before.merge(later, -1, Integer::sum) == 0 && !placed.contains(later)) {
                    ready.add(later);
                }
            }
        }
        return out;
    }

    private static String worse(String a, String b) {
        List<String> order = List.of("none", "pass", "inconclusive", "fail");
        return order.indexOf(b) > order.indexOf(a) ? b : a;
    }

    private static List<Map<String, Object>> nsgs(AuditResult r, Topology t, Map<String, String> anchors) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (NetworkSecurityGroup nsg : t.networkSecurityGroups()) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("name", nsg.name());
            n.put("anchor", anchors.get(key(nsg.name(), null)));
            n.put("file", nsg.source().file());
            n.put("line", nsg.source().line());
            n.put("attachedTo", attachedTo(nsg, t));
            List<SecurityRule> rules = new ArrayList<>(nsg.securityRules());
            rules.sort(Comparator.comparing((SecurityRule x) -> String.valueOf(x.direction()).toLowerCase())
                    .thenComparing(x -> x.priority() == null ? Integer.MIN_VALUE : x.priority()));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (SecurityRule rule : rules) {
                rows.add(ruleRow(r, nsg, rule, false, anchors));
            }
            for (SecurityRule rule : DefaultRules.ALL) {
                rows.add(ruleRow(r, nsg, rule, true, anchors));
            }
            n.put("rules", rows);
            out.add(n);
        }
        return out;
    }

    private static List<String> attachedTo(NetworkSecurityGroup nsg, Topology t) {
        List<String> out = new ArrayList<>();
        for (Topology.SubnetRef s : t.subnets()) {
            if (nsg.name().equalsIgnoreCase(s.subnet().networkSecurityGroup())) {
                out.add("subnet " + s.reference());
            }
        }
        for (NetworkInterface nic : t.networkInterfaces()) {
            if (nsg.name().equalsIgnoreCase(nic.networkSecurityGroup())) {
                out.add("NIC " + nic.name());
            }
        }
        return out;
    }

    private static Map<String, Object> ruleRow(AuditResult r, NetworkSecurityGroup nsg, SecurityRule rule,
                                               boolean isDefault, Map<String, String> anchors) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("anchor", anchors.get(key(nsg.name(), rule.name())));
        row.put("name", rule.name());
        row.put("isDefault", isDefault);
        row.put("priority", rule.priority() == null ? "?" : String.valueOf(rule.priority()));
        row.put("direction", String.valueOf(rule.direction()));
        row.put("access", String.valueOf(rule.access()));
        row.put("protocol", String.valueOf(rule.protocol()));
        row.put("source", side(rule.sourceAddressPrefix(), rule.sourceAddressPrefixes(), rule.sourceApplicationSecurityGroups()));
        row.put("sourcePorts", ports(rule.sourcePortRange(), rule.sourcePortRanges()));
        row.put("destination", side(rule.destinationAddressPrefix(), rule.destinationAddressPrefixes(),
                rule.destinationApplicationSecurityGroups()));
        row.put("destinationPorts", ports(rule.destinationPortRange(), rule.destinationPortRanges()));
        row.put("description", rule.description() == null ? "" : rule.description());
        List<Map<String, Object>> marks = new ArrayList<>();
        // Findings name rules by their short name: a default rule (an exposure allowed by AllowVnetInBound, say)
        // is marked too, unless a user rule of the NSG has the same name and takes the mark.
        boolean namesClash = isDefault
                && nsg.securityRules().stream().anyMatch(u -> u.name().equalsIgnoreCase(rule.name()));
        for (int i = 0; i < r.findings().size(); i++) {
            AuditedFinding a = r.findings().get(i);
            Finding f = a.finding();
            if (namesClash || f.rule() == null || !nsg.name().equalsIgnoreCase(f.networkSecurityGroup())
                    || !rule.name().equalsIgnoreCase(f.rule())) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", f.id());
            m.put("severity", f.severity().label());
            m.put("status", a.status().label());
            m.put("message", f.message());
            m.put("finding", "f" + (i + 1));
            m.put("target", f.target() == null ? "" : f.target());
            List<Map<String, Object>> related = new ArrayList<>();
            for (String rel : f.relatedRules()) {
                Map<String, Object> link = new LinkedHashMap<>();
                link.put("name", rel);
                link.put("anchor", anchors.get(key(nsg.name(), rel)));
                related.add(link);
            }
            m.put("related", related);
            marks.add(m);
        }
        row.put("marks", marks);
        row.put("markIds", marks.stream().map(m -> (String) m.get("id")).distinct().toList());
        row.put("shadowed", marks.stream().anyMatch(m -> m.get("id").equals("shadowed-rule")));
        // The row takes the colour of its worst open finding, so that an info is not shown like an error.
        row.put("level", marks.stream().filter(m -> m.get("status").equals("open")).map(m -> (String) m.get("severity"))
                .min(Comparator.comparingInt(l -> Severity.parse(l).ordinal())).orElse("none")); // ERROR comes first
        return row;
    }

    private static String side(String single, List<String> plural, List<String> asgs) {
        List<String> parts = new ArrayList<>();
        if (single != null) {
            parts.add(single);
        }
        parts.addAll(plural);
        asgs.forEach(a -> parts.add("asg:" + a));
        return parts.isEmpty() ? "?" : String.join(", ", parts);
    }

    private static String ports(String single, List<String> plural) {
        List<String> parts = new ArrayList<>();
        if (single != null) {
            parts.add(single);
        }
        parts.addAll(plural);
        return parts.isEmpty() ? "?" : String.join(", ", parts);
    }

    /**
     * The catalog checks by target as JUnit test cases: a case fails only for open findings at or above --fail-on
     * (one failure listing them all); open findings under the threshold pass with the finding in system-out;
     * suppressed and baselined findings alone make the case skipped, with the reason.
     */
    private static List<Map<String, Object>> checks(AuditResult r, RuleCatalog catalog, Topology topology,
                                                    Severity failOn) {
        Map<Finding, AuditedFinding> audited = new HashMap<>();
        r.findings().forEach(a -> audited.putIfAbsent(a.finding(), a));
        Map<String, List<CheckOutcome>> byId = new LinkedHashMap<>();
        for (CheckOutcome o : r.outcomes()) {
            byId.computeIfAbsent(o.checkId(), k -> new ArrayList<>()).add(o);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, List<CheckOutcome>> e : byId.entrySet()) {
            Map<String, Object> c = new LinkedHashMap<>();
            CatalogRule rule = catalog.rule(e.getKey()).orElse(null);
            c.put("id", e.getKey());
            c.put("title", rule == null ? e.getKey() : rule.title());
            c.put("severity", rule == null ? "error" : rule.severity().label());
            c.put("remediation", rule == null ? "" : rule.remediation());
            List<Map<String, Object>> cases = new ArrayList<>();
            int failures = 0;
            int skipped = 0;
            for (CheckOutcome o : e.getValue()) {
                Map<String, Object> tc = new LinkedHashMap<>();
                tc.put("target", o.target());
                List<Map<String, Object>> failing = new ArrayList<>();
                List<Map<String, Object>> passing = new ArrayList<>();
                List<Map<String, Object>> accepted = new ArrayList<>();
                for (Finding f : o.findings()) {
                    AuditedFinding a = audited.get(f);
                    Map<String, Object> fm = new LinkedHashMap<>();
                    fm.put("message", f.message());
                    fm.put("file", f.location().file());
                    fm.put("line", f.location().line());
                    fm.put("severity", f.severity().label());
                    fm.put("status", a == null ? "open" : a.status().label());
                    fm.put("note", a == null || a.note() == null ? "" : a.note());
                    if (a == null ? failOn != null && f.severity().atLeast(failOn) : gating(a, failOn)) {
                        failing.add(fm);
                    } else if (a == null || a.open()) {
                        passing.add(fm);
                    } else {
                        accepted.add(fm);
                    }
                }
                SourceRef where = o.findings().isEmpty() ? definedAt(o.target(), topology)
                        : o.findings().get(0).location();
                tc.put("file", where.file());
                tc.put("line", where.line());
                tc.put("failures", failing);
                tc.put("passes", passing);
                tc.put("accepted", accepted);
                String outcome = !failing.isEmpty() ? "failure" : !passing.isEmpty() || accepted.isEmpty() ? "pass"
                        : "skipped";
                tc.put("outcome", outcome);
                failures += outcome.equals("failure") ? 1 : 0;
                skipped += outcome.equals("skipped") ? 1 : 0;
                cases.add(tc);
            }
            c.put("cases", cases);
            c.put("failures", failures);
            c.put("skipped", skipped);
            out.add(c);
        }
        return out;
    }

    /** Where a check target is defined: {@code nsg:n}, {@code nic:n}, {@code subnet:vnet/subnet}. */
    private static SourceRef definedAt(String target, Topology t) {
        int colon = target.indexOf(':');
        String kind = colon < 0 ? "" : target.substring(0, colon);
        String name = target.substring(colon + 1);
        return switch (kind) {
            case "nsg" -> t.networkSecurityGroup(name).map(NetworkSecurityGroup::source).orElse(SourceRef.UNKNOWN);
            case "nic" -> t.networkInterface(name).map(NetworkInterface::source).orElse(SourceRef.UNKNOWN);
            case "subnet" -> t.subnet(name).map(s -> s.subnet().source()).orElse(SourceRef.UNKNOWN);
            default -> SourceRef.UNKNOWN;
        };
    }
}
