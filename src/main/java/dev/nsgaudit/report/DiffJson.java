package dev.nsgaudit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsgaudit.analyze.diff.ChangedRule;
import dev.nsgaudit.analyze.diff.DiffRegion;
import dev.nsgaudit.analyze.diff.DiffResult;
import dev.nsgaudit.analyze.diff.DiffWitness;
import dev.nsgaudit.analyze.diff.PolicyChange;
import dev.nsgaudit.analyze.diff.TargetDiff;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Policy;

import java.util.List;

/**
 * {@code diff --format json}: {@code {"verdict", "summary", "changes", "structure", "policies", "newFindings",
 * "fixedFindings", "notes"}}. A change is one target and direction with its regions; a region gives the packets' protocols, source
 * and destination addresses and ports, a witness with the base's and the head's answer, and the changed rules behind
 * it.
 */
public final class DiffJson {

    private DiffJson() {
    }

    public static ObjectNode of(DiffResult r) {
        ObjectNode root = Json.object();
        root.put("verdict", r.verdict());
        ObjectNode summary = root.putObject("summary");
        summary.put("newlyAllowedRegions", r.targets().stream().mapToInt(t -> t.newlyAllowed().size()).sum());
        summary.put("newlyDeniedRegions", r.targets().stream().mapToInt(t -> t.newlyDenied().size()).sum());
        summary.put("mayChangeRegions", r.targets().stream().mapToInt(t -> t.mayChange().size()).sum());
        summary.put("newlyAllowsFromInternet", r.newlyAllowsFromInternet());
        summary.put("newFindings", r.newFindings().size());
        summary.put("fixedFindings", r.fixedFindings().size());
        summary.put("newlyFailingPolicies", count(r, PolicyChange.Kind.NEWLY_FAILING));
        summary.put("newlyPassingPolicies", count(r, PolicyChange.Kind.NEWLY_PASSING));
        summary.put("newlyInconclusivePolicies", count(r, PolicyChange.Kind.NEWLY_INCONCLUSIVE));
        ArrayNode changes = root.putArray("changes");
        for (TargetDiff t : r.targets()) {
            ObjectNode c = changes.addObject();
            c.put("target", t.target());
            c.put("direction", t.direction());
            c.put("fromInternet", t.fromInternet());
            regions(c.putArray("newlyAllowed"), t.newlyAllowed(), t.direction());
            regions(c.putArray("newlyDenied"), t.newlyDenied(), t.direction());
            regions(c.putArray("mayChange"), t.mayChange(), t.direction());
            ObjectNode omitted = c.putObject("omittedRegions");
            omitted.put("newlyAllowed", t.omitted().get(0));
            omitted.put("newlyDenied", t.omitted().get(1));
            omitted.put("mayChange", t.omitted().get(2));
        }
        root.set("structure", Json.array(r.structure()));
        policies(root.putArray("policies"), r.policies());
        findings(root.putArray("newFindings"), r.newFindings());
        findings(root.putArray("fixedFindings"), r.fixedFindings());
        root.set("notes", Json.array(r.notes()));
        return root;
    }

    private static void regions(ArrayNode out, List<DiffRegion> regions, String direction) {
        for (DiffRegion g : regions) {
            ObjectNode o = out.addObject();
            o.set("protocols", Json.array(g.protocols()));
            o.set("sourceAddresses", Json.array(g.sourceAddresses(direction)));
            o.put("sourcePorts", g.sourcePorts());
            o.set("destinationAddresses", Json.array(g.destinationAddresses(direction)));
            o.put("destinationPorts", g.destinationPorts());
            DiffWitness w = g.witness();
            ObjectNode wo = o.putObject("witness");
            wo.put("protocol", w.protocol());
            wo.put("sourceAddress", w.sourceAddress());
            if (w.sourcePort() != null) {
                wo.put("sourcePort", w.sourcePort());
            }
            wo.put("destinationAddress", w.destinationAddress());
            if (w.destinationPort() != null) {
                wo.put("destinationPort", w.destinationPort());
            }
            verdict(wo.putObject("before"), w.before());
            verdict(wo.putObject("after"), w.after());
            ArrayNode rules = o.putArray("changedRules");
            for (ChangedRule c : g.changedRules()) {
                ObjectNode co = rules.addObject();
                co.put("networkSecurityGroup", c.networkSecurityGroup());
                co.put("rule", c.rule());
                co.put("change", c.change());
                co.put("decidesWitness", c.decidesWitness());
            }
        }
    }

    private static void verdict(ObjectNode o, DiffWitness.Verdict v) {
        o.put("access", v.access());
        if (v.networkSecurityGroup() != null) {
            o.put("networkSecurityGroup", v.networkSecurityGroup());
        }
        if (v.rule() != null) {
            o.put("rule", v.rule());
        }
    }

    private static long count(DiffResult r, PolicyChange.Kind kind) {
        return r.policies().stream().filter(p -> p.kind() == kind).count();
    }

    /** A policy change: the policy, its status before and after, head's message and witness. */
    private static void policies(ArrayNode out, List<PolicyChange> changes) {
        for (PolicyChange p : changes) {
            ObjectNode o = out.addObject();
            Policy q = p.after().policy();
            o.put("name", q.name());
            o.put("change", p.kind().label());
            o.put("severity", p.severity().label());
            o.put("expect", q.expect().label());
            o.put("from", q.from());
            o.put("to", q.to());
            o.put("protocol", q.protocol());
            o.put("ports", q.ports());
            o.put("before", p.beforeLabel());
            o.put("after", p.after().status().label());
            o.put("message", p.after().message());
            if (q.source().isKnown()) {
                o.put("file", q.source().file());
                o.put("line", q.source().line());
            }
            if (p.after().witness() != null) {
                o.set("witness", CheckJson.witness(p.after().witness()));
            }
        }
    }

    private static void findings(ArrayNode out, List<Finding> findings) {
        for (Finding f : findings) {
            ObjectNode o = out.addObject();
            o.put("id", f.id());
            o.put("severity", f.severity().label());
            o.put("message", f.message());
            if (f.location().isKnown()) {
                o.put("file", f.location().file());
                o.put("line", f.location().line());
            }
            if (f.networkSecurityGroup() != null) {
                o.put("networkSecurityGroup", f.networkSecurityGroup());
            }
            if (f.rule() != null) {
                o.put("rule", f.rule());
            }
            if (f.target() != null) {
                o.put("target", f.target());
            }
        }
    }
}
