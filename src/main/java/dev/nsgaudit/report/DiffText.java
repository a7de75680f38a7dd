package dev.nsgaudit.report;

import dev.nsgaudit.analyze.diff.DiffRegion;
import dev.nsgaudit.analyze.diff.DiffResult;
import dev.nsgaudit.analyze.diff.DiffWitness;
import dev.nsgaudit.analyze.diff.PolicyChange;
import dev.nsgaudit.analyze.diff.TargetDiff;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Policy;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code diff --format text}: one line per changed region, structural change and finding, then the verdict.
 * Everything from the input goes through {@link Printable#line}, so one item is always one line.
 */
public final class DiffText {

    /** Addresses written per region before the rest is counted. */
    static final int ADDRESSES_SHOWN = 6;

    private DiffText() {
    }

    public static List<String> lines(DiffResult r) {
        List<String> out = new ArrayList<>();
        for (TargetDiff t : r.targets()) {
            regions(out, t, "newly allowed", t.newlyAllowed(), t.omitted().get(0));
            regions(out, t, "newly denied", t.newlyDenied(), t.omitted().get(1));
            regions(out, t, "may change", t.mayChange(), t.omitted().get(2));
        }
        r.structure().forEach(s -> out.add(Printable.line("change: " + s)));
        for (PolicyChange p : r.policies()) {
            out.add(policyLine(p));
        }
        for (Finding f : r.newFindings()) {
            out.add(Printable.line("new finding: " + f.toLine()));
        }
        for (Finding f : r.fixedFindings()) {
            out.add(Printable.line("fixed finding: " + f.toLine()));
        }
        r.notes().forEach(n -> out.add(Printable.line("note: " + n)));
        out.add(Printable.line("nsgaudit diff: " + r.verdict()));
        return out;
    }

    private static void regions(List<String> out, TargetDiff t, String kind, List<DiffRegion> regions, int omitted) {
        for (DiffRegion g : regions) {
            out.add(Printable.line(t.target() + " " + t.direction() + " " + kind + ": " + describe(g, t.direction())
                    + "; e.g. " + witness(g.witness()) + changedRules(g)));
        }
        if (omitted > 0) {
            out.add(Printable.line(t.target() + " " + t.direction() + " " + kind + ": " + omitted + " more regions"
                    + " (see --format json)"));
        }
    }

    /**
     * {@code policy newly failing (error): no-ssh (expect deny Internet -> asg:AsgWeb Tcp 22): before pass, after
     * fail: <head's message>}; the message names head's witness.
     */
    static String policyLine(PolicyChange p) {
        return Printable.line(policyWhere(p) + "policy " + p.kind().label() + " (" + p.severity().label() + "): "
                + policySummary(p) + ": before " + p.beforeLabel() + ", after " + p.after().status().label()
                + ": " + p.after().message());
    }

    private static String policyWhere(PolicyChange p) {
        return p.after().policy().source().isKnown() ? p.after().policy().source() + ": " : "";
    }

    /** {@code no-ssh (expect deny Internet -> asg:AsgWeb Tcp 22)}. */
    static String policySummary(PolicyChange p) {
        Policy q = p.after().policy();
        return q.name() + " (expect " + q.expect().label() + " " + q.from() + " -> " + q.to() + " " + q.protocol()
                + " " + q.ports() + ")";
    }

    /** {@code ; changed rules: nsg-web/Allow-SSH (added), ...}, or nothing when no changed rule is behind it. */
    static String changedRules(DiffRegion g) {
        if (g.changedRules().isEmpty()) {
            return "";
        }
        return "; changed rules: " + String.join(", ", g.changedRules().stream().map(Object::toString).toList());
    }

    /** {@code Tcp from 203.0.113.0/24 port * to 10.0.1.4/32 port 22}. */
    static String describe(DiffRegion g, String direction) {
        return String.join(",", g.protocols()) + " from " + addresses(g.sourceAddresses(direction)) + " port "
                + g.sourcePorts() + " to " + addresses(g.destinationAddresses(direction)) + " port "
                + g.destinationPorts();
    }

    static String addresses(List<String> prefixes) {
        if (prefixes.size() <= ADDRESSES_SHOWN) {
            return String.join(",", prefixes);
        }
        return String.join(",", prefixes.subList(0, ADDRESSES_SHOWN)) + " and " + (prefixes.size() - ADDRESSES_SHOWN)
                + " more prefixes";
    }

    /** {@code Tcp 203.0.113.0:0 -> 10.0.1.4:22: before Deny by ..., after Allow by ...}. */
    static String witness(DiffWitness w) {
        return w.protocol() + " " + end(w.sourceAddress(), w.sourcePort()) + " -> "
                + end(w.destinationAddress(), w.destinationPort()) + ": before " + w.before() + ", after " + w.after();
    }

    private static String end(String address, Integer port) {
        if (port == null) {
            return address;
        }
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }
}
