package dev.nsgaudit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsgaudit.audit.AuditResult;
import dev.nsgaudit.audit.AuditedFinding;
import dev.nsgaudit.rules.CatalogRule;
import dev.nsgaudit.rules.RuleCatalog;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.SourceRef;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * SARIF 2.1.0 for code scanning: the catalog rules the results use (with help text and a security-severity),
 * one result per finding at the file and line of the rule, and one per failed or inconclusive policy. Suppressed
 * and baselined findings are reported with a suppression, as SARIF expects.
 */
public final class Sarif {

    private static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String POLICY_RULE = "flow-policy";

    private Sarif() {
    }

    public static ObjectNode of(AuditResult r, RuleCatalog catalog) {
        ObjectNode root = Json.object();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "nsgaudit");
        driver.put("informationUri", "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview");
        TreeSet<String> ids = new TreeSet<>();
        r.findings().forEach(f -> ids.add(f.finding().id()));
        if (r.policies().stream().anyMatch(p -> p.status() != PolicyResult.Status.PASS)) {
            ids.add(POLICY_RULE);
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        ArrayNode rules = driver.putArray("rules");
        for (String id : ids) {
            index.put(id, index.size());
            rules.add(rule(id, catalog));
        }
        ArrayNode results = run.putArray("results");
        for (AuditedFinding a : r.findings()) {
            results.add(result(a, index.get(a.finding().id())));
        }
        for (int i = 0; i < r.policies().size(); i++) {
            PolicyResult p = r.policies().get(i);
            if (p.status() == PolicyResult.Status.PASS) {
                continue;
            }
            ObjectNode res = results.addObject();
            res.put("ruleId", POLICY_RULE);
            res.put("ruleIndex", index.get(POLICY_RULE));
            res.put("level", level(r.policySeverities().get(i)));
            res.putObject("message").put("text", "policy " + p.policy().name() + " (" + p.policy().expect().label()
                    + " " + p.policy().from() + " -> " + p.policy().to() + "): " + p.status().label() + ": " + p.message());
            location(res, p.policy().source());
            res.putObject("partialFingerprints").put("nsgaudit/v1", "policy|" + p.policy().name());
        }
        run.put("columnKind", "unicodeCodePoints");
        return root;
    }

    private static ObjectNode rule(String id, RuleCatalog catalog) {
        ObjectNode o = Json.object();
        o.put("id", id);
        CatalogRule c = catalog.rule(id).orElse(null);
        if (id.equals(POLICY_RULE)) {
            o.put("name", "FlowPolicy");
            o.putObject("shortDescription").put("text", "A required or forbidden flow does not hold");
            o.putObject("fullDescription").put("text", "A flow policy failed (a witness packet refutes it) or is"
                    + " inconclusive (the answer depends on values that cannot be resolved offline).");
            o.putObject("defaultConfiguration").put("level", "error");
            o.putObject("properties").put("security-severity", "8.0").putArray("tags").add("security");
            return o;
        }
        if (c == null) {
            o.put("name", camel(id));
            o.putObject("shortDescription").put("text", id);
            o.putObject("defaultConfiguration").put("level", "error");
            o.putObject("properties").putArray("tags").add("input");
            return o;
        }
        o.put("name", camel(id));
        o.putObject("shortDescription").put("text", c.title());
        o.putObject("fullDescription").put("text", c.description());
        ObjectNode help = o.putObject("help");
        help.put("text", c.rationale() + " Remediation: " + c.remediation());
        StringBuilder md = new StringBuilder("**" + c.title() + "**\n\n" + c.description() + "\n\n" + c.rationale()
                + "\n\n**Remediation:** " + c.remediation());
        for (CatalogRule.Reference ref : c.references()) {
            md.append("\n\n- ").append(ref.url() == null ? ref.title() : "[" + ref.title() + "](" + ref.url() + ")");
        }
        help.put("markdown", md.toString());
        c.references().stream().filter(ref -> ref.url() != null).findFirst().ifPresent(ref -> o.put("helpUri", ref.url()));
        o.putObject("defaultConfiguration").put("level", level(c.severity()));
        ObjectNode props = o.putObject("properties");
        props.put("security-severity", c.severity() == Severity.ERROR ? "8.0" : c.severity() == Severity.WARNING ? "5.0" : "2.0");
        props.putArray("tags").add("security").add(c.checkType());
        return o;
    }

    private static ObjectNode result(AuditedFinding a, int ruleIndex) {
        Finding f = a.finding();
        ObjectNode res = Json.object();
        res.put("ruleId", f.id());
        res.put("ruleIndex", ruleIndex);
        res.put("level", level(f.severity()));
        res.putObject("message").put("text", f.message());
        location(res, f.location());
        res.putObject("partialFingerprints").put("nsgaudit/v1", dev.nsgaudit.audit.Baseline.fingerprint(f));
        if (a.status() != AuditedFinding.Status.OPEN) {
            ObjectNode s = res.putArray("suppressions").addObject();
            s.put("kind", "external");
            s.put("justification", a.note());
        }
        ObjectNode props = res.putObject("properties");
        if (f.networkSecurityGroup() != null) {
            props.put("networkSecurityGroup", f.networkSecurityGroup());
        }
        if (f.rule() != null) {
            props.put("rule", f.rule());
        }
        if (!f.relatedRules().isEmpty()) {
            props.set("relatedRules", Json.array(f.relatedRules()));
        }
        if (f.target() != null) {
            props.put("target", f.target());
        }
        if (f.witness() != null) {
            props.set("witness", CheckJson.witness(f.witness()));
        }
        return res;
    }

    private static void location(ObjectNode res, SourceRef at) {
        if (!at.isKnown()) {
            return;
        }
        ObjectNode physical = res.putArray("locations").addObject().putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", uri(at.file()));
        if (at.line() > 0) {
            ObjectNode region = physical.putObject("region");
            region.put("startLine", at.line());
            if (at.column() > 0) {
                region.put("startColumn", at.column());
            }
        }
    }

    /**
     * A relative URI with forward slashes, as code scanning maps results to repository files; a file URI for an
     * absolute path. Characters that cannot stand in a URI (spaces, '#', '%', non-ASCII) are percent-encoded.
     */
    static String uri(String file) {
        Path path = Path.of(file).normalize();
        if (path.isAbsolute()) {
            return path.toUri().toASCIIString();
        }
        List<String> parts = new ArrayList<>();
        for (Path p : path) {
            parts.add(p.toString());
        }
        String joined = String.join("/", parts);
        try {
            return new URI(null, null, joined, null).toASCIIString();
        } catch (URISyntaxException e) {
            return joined.replace("%", "%25").replace(" ", "%20").replace("#", "%23");
        }
    }

    static String level(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }

    private static String camel(String id) {
        StringBuilder out = new StringBuilder();
        for (String part : id.split("-")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }
}
