package dev.nsgaudit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsgaudit.analyze.diff.DiffRegion;
import dev.nsgaudit.analyze.diff.DiffResult;
import dev.nsgaudit.analyze.diff.DiffWitness;
import dev.nsgaudit.analyze.diff.FailOn;
import dev.nsgaudit.analyze.diff.PolicyChange;
import dev.nsgaudit.analyze.diff.SemanticDiff;
import dev.nsgaudit.analyze.diff.TargetDiff;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.Witness;
import dev.nsgaudit.rules.RuleCatalog;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code diff --format sarif}: SARIF 2.1.0 with the conventions of {@link Sarif} (relative URIs under
 * {@code %SRCROOT%}, unique {@code partialFingerprints}, the tool's version). One result per listed newly allowed region
 * (rule {@value #NEWLY_ALLOWED}), per newly failing policy ({@code flow-policy}) and per new finding, each located at
 * the rule that decides it in head: the rule deciding the region's or the policy's witness, the finding's own rule.
 * The level says whether the item meets {@code --fail-on}: {@code error} when it does, else {@code warning} ({@code
 * note} for a new info finding).
 */
public final class DiffSarif {

    static final String NEWLY_ALLOWED = "newly-allowed-flow";

    private DiffSarif() {
    }

    /** The report; {@code head} is the head's model (where its rules are written), {@code root} the repository root. */
    public static ObjectNode of(DiffResult r, Topology head, FailOn gate, RuleCatalog catalog, Path root) {
        ObjectNode sarif = Json.object();
        sarif.put("$schema", Sarif.SCHEMA);
        sarif.put("version", "2.1.0");
        ObjectNode run = sarif.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", ToolVersion.NAME);
        driver.put("version", ToolVersion.version());
        ToolVersion.informationUri().ifPresent(uri -> driver.put("informationUri", uri));
        List<PolicyChange> failing = r.policies().stream()
                .filter(p -> p.kind() == PolicyChange.Kind.NEWLY_FAILING).toList();
        TreeSet<String> ids = new TreeSet<>();
        if (r.targets().stream().anyMatch(t -> !t.newlyAllowed().isEmpty())) {
            ids.add(NEWLY_ALLOWED);
        }
        if (!failing.isEmpty()) {
            ids.add(Sarif.POLICY_RULE);
        }
        r.newFindings().forEach(f -> ids.add(f.id()));
        Map<String, Integer> index = new LinkedHashMap<>();
        ArrayNode rules = driver.putArray("rules");
        for (String id : ids) {
            index.put(id, index.size());
            rules.add(id.equals(NEWLY_ALLOWED) ? newlyAllowedRule() : Sarif.rule(id, catalog));
        }
        run.putObject("originalUriBaseIds").putObject(Sarif.SRCROOT).putObject("description").put("text",
                "The root of the repository: the git top level of the head input, or the folder nsgaudit ran in.");
        Path base = root.toAbsolutePath().normalize();
        Sarif.Fingerprints fingerprints = new Sarif.Fingerprints();
        ArrayNode results = run.putArray("results");
        int leftOut = 0;
        for (TargetDiff t : r.targets()) {
            // The regions beyond the cap get no result of their own: each listed one says how many are left out.
            int more = t.omitted().isEmpty() ? 0 : t.omitted().get(0);
            leftOut += more;
            for (DiffRegion g : t.newlyAllowed()) {
                String text = t.target() + " " + t.direction() + " newly allowed: " + DiffText.describe(g, t.direction())
                        + "; e.g. " + DiffText.witness(g.witness()) + DiffText.changedRules(g)
                        + (more == 0 ? "" : "; " + more + " more newly allowed region" + (more == 1 ? "" : "s")
                        + " of " + t.target() + " " + t.direction() + " not listed (at most "
                        + SemanticDiff.REGION_CAP + " are)");
                ObjectNode res = result(results, NEWLY_ALLOWED, index, gate.failedBy(g) ? "error" : "warning", text);
                String uri = Sarif.location(res, ruleSource(head, g.witness().after().networkSecurityGroup(),
                        g.witness().after().rule()), base);
                res.putObject("partialFingerprints").put(Sarif.FINGERPRINT, fingerprints.next(String.join(Sarif.SEP,
                        NEWLY_ALLOWED, t.target(), t.direction(), DiffText.describe(g, t.direction()),
                        String.valueOf(uri)), text));
                ObjectNode props = res.putObject("properties");
                props.put("target", t.target());
                props.put("direction", t.direction());
                props.put("fromInternet", g.fromInternet());
                props.set("changedRules", Json.array(g.changedRules().stream().map(Object::toString).toList()));
                if (more > 0) {
                    props.put("omittedRegions", more);
                }
            }
        }
        if (leftOut > 0) {
            run.putArray("invocations").addObject().put("executionSuccessful", true)
                    .putArray("toolExecutionNotifications").addObject().put("level", "warning")
                    .putObject("message").put("text", leftOut + " newly allowed region" + (leftOut == 1 ? " is" : "s are")
                            + " not listed as results: at most " + SemanticDiff.REGION_CAP + " are listed per target,"
                            + " direction and kind (the results of a target with more say how many)");
        }
        for (PolicyChange p : failing) {
            String text = "policy " + DiffText.policySummary(p) + " newly fails: before " + p.beforeLabel()
                    + ", after fail: " + p.after().message();
            ObjectNode res = result(results, Sarif.POLICY_RULE, index, gate.failedBy(p) ? "error" : "warning", text);
            String uri = Sarif.location(res, policySource(head, p), base);
            res.putObject("partialFingerprints").put(Sarif.FINGERPRINT, fingerprints.next(String.join(Sarif.SEP,
                    Sarif.POLICY_RULE, p.name(), String.valueOf(uri)), text));
            if (p.after().witness() != null) {
                res.putObject("properties").set("witness", CheckJson.witness(p.after().witness()));
            }
        }
        for (Finding f : r.newFindings()) {
            String level = gate.failedBy(f) ? "error" : f.severity() == Severity.INFO ? "note" : "warning";
            ObjectNode res = result(results, f.id(), index, level, f.message());
            String uri = Sarif.location(res, f.location(), base);
            res.putObject("partialFingerprints").put(Sarif.FINGERPRINT, fingerprints.next(String.join(Sarif.SEP,
                    f.id(), String.valueOf(f.networkSecurityGroup()), String.valueOf(f.rule()),
                    String.valueOf(f.target()), String.valueOf(uri)), f.message()));
            ObjectNode props = res.putObject("properties");
            if (f.networkSecurityGroup() != null) {
                props.put("networkSecurityGroup", f.networkSecurityGroup());
            }
            if (f.rule() != null) {
                props.put("rule", f.rule());
            }
            if (f.target() != null) {
                props.put("target", f.target());
            }
        }
        run.put("columnKind", "unicodeCodePoints");
        return sarif;
    }

    private static ObjectNode result(ArrayNode results, String id, Map<String, Integer> index, String level,
                                     String text) {
        ObjectNode res = results.addObject();
        res.put("ruleId", id);
        res.put("ruleIndex", index.get(id));
        res.put("level", level);
        res.putObject("message").put("text", text);
        return res;
    }

    private static ObjectNode newlyAllowedRule() {
        ObjectNode o = Json.object();
        o.put("id", NEWLY_ALLOWED);
        o.put("name", "NewlyAllowedFlow");
        o.putObject("shortDescription").put("text", "The change newly allows a flow");
        o.putObject("fullDescription").put("text", "Packets that head allows whatever unresolved values turn out"
                + " and that base could not allow, at one NIC IP configuration and direction.");
        o.putObject("defaultConfiguration").put("level", "warning");
        o.putObject("properties").put("security-severity", "5.0").putArray("tags").add("security");
        return o;
    }

    /** Where the deciding rule is written in head: the rule, else (a default rule) its NSG; unknown if neither. */
    private static SourceRef ruleSource(Topology head, String nsgName, String displayName) {
        if (nsgName == null) {
            return SourceRef.UNKNOWN;
        }
        Optional<NetworkSecurityGroup> nsg = head.networkSecurityGroup(nsgName);
        if (nsg.isEmpty()) {
            return SourceRef.UNKNOWN;
        }
        String prefix = "securityRules/";
        if (displayName != null && displayName.startsWith(prefix)) {
            String name = displayName.substring(prefix.length());
            for (SecurityRule rule : nsg.get().securityRules()) {
                if (Topology.key(rule.name()).equals(Topology.key(name)) && rule.source().isKnown()) {
                    return rule.source();
                }
            }
        }
        return nsg.get().source();
    }

    /** The rule that decides head's witness (the first that denies it, else the last layer's), else the policy. */
    private static SourceRef policySource(Topology head, PolicyChange p) {
        Witness w = p.after().witness();
        if (w != null && !w.decidedBy().isEmpty()) {
            Witness.DecidedBy by = w.decidedBy().stream().filter(d -> "Deny".equalsIgnoreCase(d.access()))
                    .findFirst().orElse(w.decidedBy().get(w.decidedBy().size() - 1));
            SourceRef at = ruleSource(head, by.networkSecurityGroup(), by.rule());
            if (at.isKnown()) {
                return at;
            }
        }
        return p.after().policy().source();
    }
}
