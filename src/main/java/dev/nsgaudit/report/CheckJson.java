package dev.nsgaudit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsgaudit.audit.AuditResult;
import dev.nsgaudit.audit.AuditedFinding;
import dev.nsgaudit.analyze.CheckOutcome;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.Witness;

/**
 * The JSON report of SPEC section 6: {@code {"findings": [...], "policies": [...], "summary": {...}}}, plus the
 * assumptions made and the {@code tool} (name and version) that wrote it. Field order is fixed; the same input gives the same bytes.
 */
public final class CheckJson {

    private CheckJson() {
    }

    public static ObjectNode of(AuditResult r) {
        ObjectNode root = Json.object();
        ArrayNode findings = root.putArray("findings");
        for (AuditedFinding f : r.findings()) {
            findings.add(finding(f));
        }
        ArrayNode policies = root.putArray("policies");
        for (int i = 0; i < r.policies().size(); i++) {
            policies.add(policy(r.policies().get(i), r.policySeverities().get(i)));
        }
        root.set("summary", summary(r));
        root.set("assumptions", Json.array(r.assumptions()));
        root.set("tool", tool());
        return root;
    }

    /**
     * The same report written part by part: one finding's tree at a time, so that a report of millions of findings
     * is never whole in memory. The bytes are those of {@link #of} (CheckJsonStreamTest).
     */
    public static void write(AuditResult r, com.fasterxml.jackson.core.JsonGenerator g) throws java.io.IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("findings");
        for (AuditedFinding f : r.findings()) {
            g.writeTree(finding(f));
        }
        g.writeEndArray();
        g.writeArrayFieldStart("policies");
        for (int i = 0; i < r.policies().size(); i++) {
            g.writeTree(policy(r.policies().get(i), r.policySeverities().get(i)));
        }
        g.writeEndArray();
        g.writeFieldName("summary");
        g.writeTree(summary(r));
        g.writeFieldName("assumptions");
        g.writeTree(Json.array(r.assumptions()));
        g.writeFieldName("tool");
        g.writeTree(tool());
        g.writeEndObject();
    }

    /** Which build wrote the report: {@code {"name": "nsgaudit", "version": "..."}} (templates read it too). */
    static ObjectNode tool() {
        ObjectNode o = Json.object();
        o.put("name", ToolVersion.NAME);
        o.put("version", ToolVersion.version());
        return o;
    }

    static ObjectNode finding(AuditedFinding a) {
        Finding f = a.finding();
        ObjectNode o = Json.object();
        o.put("id", f.id());
        o.put("severity", f.severity().label());
        o.put("message", f.message());
        o.put("file", f.location().file());
        o.put("line", f.location().line());
        o.put("column", f.location().column());
        putNullable(o, "networkSecurityGroup", f.networkSecurityGroup());
        putNullable(o, "rule", f.rule());
        o.set("relatedRules", Json.array(f.relatedRules()));
        putNullable(o, "target", f.target());
        if (f.witness() != null) {
            o.set("witness", witness(f.witness()));
        } else {
            o.putNull("witness");
        }
        o.put("status", a.status().label());
        putNullable(o, "note", a.note());
        return o;
    }

    static ObjectNode policy(PolicyResult p, Severity severity) {
        ObjectNode o = Json.object();
        o.put("name", p.policy().name());
        o.put("status", p.status().label());
        o.put("expect", p.policy().expect().label());
        o.put("message", p.message());
        if (p.witness() != null) {
            o.set("witness", witness(p.witness()));
        } else {
            o.putNull("witness");
        }
        o.put("from", p.policy().from());
        o.put("to", p.policy().to());
        o.put("protocol", p.policy().protocol());
        o.put("ports", p.policy().ports());
        o.put("severity", severity.label());
        o.put("file", p.policy().source().file());
        o.put("line", p.policy().source().line());
        return o;
    }

    static ObjectNode witness(Witness w) {
        ObjectNode o = Json.object();
        o.put("direction", w.direction());
        o.put("protocol", w.protocol());
        o.put("sourceAddress", w.sourceAddress());
        if (w.sourcePort() == null) {
            o.putNull("sourcePort");
        } else {
            o.put("sourcePort", w.sourcePort());
        }
        o.put("destinationAddress", w.destinationAddress());
        if (w.destinationPort() == null) {
            o.putNull("destinationPort");
        } else {
            o.put("destinationPort", w.destinationPort());
        }
        ArrayNode decided = o.putArray("decidedBy");
        for (Witness.DecidedBy d : w.decidedBy()) {
            ObjectNode x = decided.addObject();
            putNullable(x, "networkSecurityGroup", d.networkSecurityGroup());
            x.put("appliedTo", d.appliedTo());
            x.put("rule", d.rule());
            x.put("access", d.access());
        }
        return o;
    }

    static ObjectNode summary(AuditResult r) {
        ObjectNode s = Json.object();
        ObjectNode findings = s.putObject("findings");
        for (Severity sev : Severity.values()) {
            findings.put(sev.label(), r.count(sev));
        }
        findings.put("suppressed", r.findings().stream().filter(f -> f.status() == AuditedFinding.Status.SUPPRESSED).count());
        findings.put("baselined", r.findings().stream().filter(f -> f.status() == AuditedFinding.Status.BASELINED).count());
        ObjectNode policies = s.putObject("policies");
        for (PolicyResult.Status st : PolicyResult.Status.values()) {
            policies.put(st.label(), r.count(st));
        }
        ObjectNode checks = s.putObject("checks");
        checks.put("passed", r.outcomes().stream().filter(CheckOutcome::passed).count());
        checks.put("failed", r.outcomes().stream().filter(o -> !o.passed()).count());
        return s;
    }

    private static void putNullable(ObjectNode o, String key, String value) {
        if (value == null) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }
}
