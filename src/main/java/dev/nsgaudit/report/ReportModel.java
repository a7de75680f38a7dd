package dev.nsgaudit.report;

import com.fasterxml.jackson.core.type.TypeReference;
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
import dev.nsgaudit.model.Topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    public static Map<String, Object> of(AuditResult r, Topology topology, RuleCatalog catalog, List<String> inputs) {
        Map<String, Object> root = Json.MAPPER.convertValue(CheckJson.of(r), MAP);
        root.put("inputs", inputs);
        Map<String, String> anchors = anchors(topology);
        List<Map<String, Object>> findings = new ArrayList<>();
        for (int i = 0; i < r.findings().size(); i++) {
            Map<String, Object> f = Json.MAPPER.convertValue(CheckJson.finding(r.findings().get(i)), MAP);
            Finding finding = r.findings().get(i).finding();
            f.put("anchor", "f" + (i + 1));
            f.put("ruleAnchor", anchors.get(key(finding.networkSecurityGroup(), finding.rule())));
            f.put("title", catalog.rule(finding.id()).map(CatalogRule::title).orElse(finding.id()));
            findings.add(f);
        }
        root.put("findings", findings);
        root.put("matrix", matrix(r));
        root.put("nsgs", nsgs(r, topology, anchors));
        root.put("checks", checks(r, catalog));
        root.put("catalog", catalog.rules().stream().map(c -> Json.MAPPER.convertValue(c, MAP)).toList());
        root.put("inputProblems", findings.stream().filter(f -> catalog.rule((String) f.get("id")).isEmpty()).toList());
        root.put("failing", r.findings().stream().anyMatch(AuditedFinding::open)
                || r.policies().stream().anyMatch(p -> p.status() != PolicyResult.Status.PASS));
        return root;
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
        Set<String> cols = new LinkedHashSet<>();
        for (PolicyResult p : r.policies()) {
            rows.add(p.policy().from());
            cols.add(p.policy().to());
        }
        List<Map<String, Object>> rowList = new ArrayList<>();
        for (String from : rows) {
            List<Map<String, Object>> cells = new ArrayList<>();
            for (String to : cols) {
                List<Map<String, Object>> entries = new ArrayList<>();
                String worst = "none";
                for (PolicyResult p : r.policies()) {
                    if (!p.policy().from().equals(from) || !p.policy().to().equals(to)) {
                        continue;
                    }
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("name", p.policy().name());
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
        m.put("columns", new ArrayList<>(cols));
        m.put("rows", rowList);
        return m;
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

    private static List<Map<String, Object>> checks(AuditResult r, RuleCatalog catalog) {
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
            List<Map<String, Object>> cases = new ArrayList<>();
            int failures = 0;
            for (CheckOutcome o : e.getValue()) {
                Map<String, Object> tc = new LinkedHashMap<>();
                tc.put("target", o.target());
                List<Map<String, Object>> failing = new ArrayList<>();
                List<Map<String, Object>> accepted = new ArrayList<>();
                for (Finding f : o.findings()) {
                    AuditedFinding a = r.findings().stream().filter(x -> x.finding().equals(f)).findFirst().orElse(null);
                    Map<String, Object> fm = new LinkedHashMap<>();
                    fm.put("message", f.message());
                    fm.put("file", f.location().file());
                    fm.put("line", f.location().line());
                    fm.put("severity", f.severity().label());
                    fm.put("note", a == null || a.note() == null ? "" : a.note());
                    if (a == null || a.open()) {
                        failing.add(fm);
                    } else {
                        accepted.add(fm);
                    }
                }
                tc.put("failures", failing);
                tc.put("accepted", accepted);
                failures += failing.isEmpty() ? 0 : 1;
                cases.add(tc);
            }
            c.put("cases", cases);
            c.put("failures", failures);
            out.add(c);
        }
        return out;
    }
}
