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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * SARIF 2.1.0 for code scanning: the catalog rules the results use (with help text and a security-severity),
 * one result per finding at the file and line of the rule, and one per failed or inconclusive policy. Suppressed
 * and baselined findings are reported with a suppression, as SARIF expects. Files inside the repository are named
 * relative to its root ({@code %SRCROOT%}), and no two results share a fingerprint.
 */
public final class Sarif {

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String POLICY_RULE = "flow-policy";
    /** The base of every relative artifact URI: the repository root, as GitHub code scanning expects. */
    static final String SRCROOT = "%SRCROOT%";
    static final String FINGERPRINT = "nsgaudit/v2";
    static final String SEP = "\0";

    private Sarif() {
    }

    /**
     * The report; paths of files inside {@code root} (the repository root, absolute) are written relative to it
     * with {@code uriBaseId} {@value #SRCROOT}, other files as absolute file URIs.
     */
    public static ObjectNode of(AuditResult r, RuleCatalog catalog, Path root) {
        ObjectNode sarif = Json.object();
        sarif.put("$schema", SCHEMA);
        sarif.put("version", "2.1.0");
        ObjectNode run = sarif.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", ToolVersion.NAME);
        driver.put("version", ToolVersion.version());
        ToolVersion.informationUri().ifPresent(uri -> driver.put("informationUri", uri));
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
        // The absolute root is not written: the same input gives the same bytes wherever the checkout lives.
        run.putObject("originalUriBaseIds").putObject(SRCROOT).putObject("description").put("text",
                "The root of the repository: the git top level of the input, or the folder nsgaudit ran in.");
        Path base = root.toAbsolutePath().normalize();
        Fingerprints fingerprints = new Fingerprints();
        ArrayNode results = run.putArray("results");
        for (AuditedFinding a : r.findings()) {
            results.add(result(a, index.get(a.finding().id()), base, fingerprints));
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
            String uri = location(res, p.policy().source(), base);
            res.putObject("partialFingerprints").put(FINGERPRINT, fingerprints.next(
                    String.join(SEP, POLICY_RULE, p.policy().name(), String.valueOf(uri)), p.message()));
        }
        run.put("columnKind", "unicodeCodePoints");
        return sarif;
    }

    static ObjectNode rule(String id, RuleCatalog catalog) {
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

    private static ObjectNode result(AuditedFinding a, int ruleIndex, Path base, Fingerprints fingerprints) {
        Finding f = a.finding();
        ObjectNode res = Json.object();
        res.put("ruleId", f.id());
        res.put("ruleIndex", ruleIndex);
        res.put("level", level(f.severity()));
        res.putObject("message").put("text", f.message());
        String uri = location(res, f.location(), base);
        // What identifies the finding, not where its line is: moving lines keeps the alert; the message tells
        // apart findings of one rule and target (another protocol, layer or blocking rule).
        res.putObject("partialFingerprints").put(FINGERPRINT, fingerprints.next(String.join(SEP, f.id(),
                String.valueOf(f.networkSecurityGroup()), String.valueOf(f.rule()), String.valueOf(f.target()),
                String.valueOf(uri)), f.message()));
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

    /** Writes the result's location and returns its artifact URI (null when the place is not known). */
    static String location(ObjectNode res, SourceRef at, Path base) {
        if (!at.isKnown()) {
            return null;
        }
        ObjectNode physical = res.putArray("locations").addObject().putObject("physicalLocation");
        ObjectNode artifact = physical.putObject("artifactLocation");
        Path file = base.resolve(at.file()).normalize();
        String uri;
        if (file.startsWith(base)) {
            uri = relativeUri(base.relativize(file));
            artifact.put("uri", uri);
            artifact.put("uriBaseId", SRCROOT);
        } else {
            uri = file.toUri().toASCIIString();
            artifact.put("uri", uri);
        }
        if (at.line() > 0) {
            ObjectNode region = physical.putObject("region");
            region.put("startLine", at.line());
            if (at.column() > 0) {
                region.put("startColumn", at.column());
            }
        }
        return uri;
    }

    /**
     * A relative URI with forward slashes, as code scanning maps results to repository files. Characters that
     * cannot stand in a URI (spaces, '#', '%', non-ASCII) are percent-encoded.
     */
    static String relativeUri(Path relative) {
        List<String> parts = new ArrayList<>();
        for (Path p : relative) {
            parts.add(p.toString());
        }
        String joined = String.join("/", parts);
        try {
            return new URI(null, null, joined, null).toASCIIString();
        } catch (URISyntaxException e) {
            return joined.replace("%", "%25").replace(" ", "%20").replace("#", "%23");
        }
    }

    /**
     * Fingerprints unique within the run: a hash of what identifies the result, then of its message when two
     * results share that, then a counter when even the messages are equal.
     */
    static final class Fingerprints {
        private final Set<String> used = new HashSet<>();

        String next(String identity, String message) {
            String fp = sha256(identity);
            if (used.add(fp)) {
                return fp;
            }
            String withMessage = identity + SEP + message;
            fp = sha256(withMessage);
            for (int n = 2; !used.add(fp); n++) {
                fp = sha256(withMessage + SEP + n);
            }
            return fp;
        }

        private static String sha256(String text) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e); // every JDK has SHA-256
            }
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
