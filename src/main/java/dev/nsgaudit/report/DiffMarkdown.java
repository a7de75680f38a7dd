package dev.nsgaudit.report;

import dev.nsgaudit.analyze.diff.DiffRegion;
import dev.nsgaudit.analyze.diff.DiffResult;
import dev.nsgaudit.analyze.diff.PolicyChange;
import dev.nsgaudit.analyze.diff.TargetDiff;
import dev.nsgaudit.model.Finding;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code diff --format markdown}: a pull-request comment that GitHub and Azure DevOps render. A one-line verdict, a
 * table of newly allowed, newly denied and "may change" regions by target, the witnesses in a {@code <details>}
 * block, then the structural changes and the findings. Capped so that it can be posted (GitHub takes 65,536
 * characters): at most {@link #ROWS} table rows, {@link #CELL_REGIONS} regions per cell and {@link #DETAILS} witness
 * lines, each list ending with how much was left out. Text from the input is escaped, so a name cannot break the
 * table or inject markup.
 */
public final class DiffMarkdown {

    static final int ROWS = 50;
    static final int CELL_REGIONS = 3;
    static final int DETAILS = 100;
    static final int LIST_ITEMS = 50;

    private DiffMarkdown() {
    }

    public static String of(DiffResult r) {
        StringBuilder md = new StringBuilder();
        md.append("**nsgaudit diff**: ").append(escape(r.verdict())).append("\n");
        if (!r.targets().isEmpty()) {
            md.append("\n| target | direction | newly allowed | newly denied | may change |\n");
            md.append("|---|---|---|---|---|\n");
            List<TargetDiff> shown = r.targets().subList(0, Math.min(ROWS, r.targets().size()));
            for (TargetDiff t : shown) {
                md.append("| `").append(code(t.target())).append("` | ").append(t.direction()).append(" | ")
                        .append(cell(t.newlyAllowed(), t.omitted().get(0), t.direction())).append(" | ")
                        .append(cell(t.newlyDenied(), t.omitted().get(1), t.direction())).append(" | ")
                        .append(cell(t.mayChange(), t.omitted().get(2), t.direction())).append(" |\n");
            }
            if (r.targets().size() > shown.size()) {
                md.append("\n").append(r.targets().size() - shown.size())
                        .append(" more targets change; see the JSON report.\n");
            }
            details(md, r);
        }
        list(md, "Changes", r.structure().stream().map(DiffMarkdown::escape).toList());
        list(md, "Flow policies", r.policies().stream().map(DiffMarkdown::policy).toList());
        list(md, "New findings", r.newFindings().stream().map(DiffMarkdown::finding).toList());
        list(md, "Fixed findings", r.fixedFindings().stream().map(DiffMarkdown::finding).toList());
        list(md, "Not compared", r.notes().stream().map(DiffMarkdown::escape).toList());
        return md.toString();
    }

    private static String cell(List<DiffRegion> regions, int omitted, String direction) {
        if (regions.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (DiffRegion g : regions.subList(0, Math.min(CELL_REGIONS, regions.size()))) {
            parts.add(escape(DiffText.describe(g, direction)));
        }
        int more = regions.size() - Math.min(CELL_REGIONS, regions.size()) + omitted;
        if (more > 0) {
            parts.add("and " + more + " more");
        }
        return String.join("<br>", parts);
    }

    private static void details(StringBuilder md, DiffResult r) {
        List<String> lines = new ArrayList<>();
        int total = 0;
        for (TargetDiff t : r.targets()) {
            for (String kind : List.of("newly allowed", "newly denied", "may change")) {
                List<DiffRegion> regions = kind.equals("newly allowed") ? t.newlyAllowed()
                        : kind.equals("newly denied") ? t.newlyDenied() : t.mayChange();
                for (DiffRegion g : regions) {
                    total++;
                    if (lines.size() < DETAILS) {
                        lines.add("- `" + code(t.target()) + "` " + t.direction() + " " + kind + ": "
                                + escape(DiffText.witness(g.witness()) + DiffText.changedRules(g)));
                    }
                }
            }
        }
        md.append("\n<details><summary>Witness packets (").append(total).append(")</summary>\n\n");
        lines.forEach(l -> md.append(l).append("\n"));
        if (total > lines.size()) {
            md.append("- and ").append(total - lines.size()).append(" more\n");
        }
        md.append("\n</details>\n");
    }

    private static void list(StringBuilder md, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        md.append("\n**").append(title).append("** (").append(items.size()).append(")\n\n");
        items.subList(0, Math.min(LIST_ITEMS, items.size())).forEach(i -> md.append("- ").append(i).append("\n"));
        if (items.size() > LIST_ITEMS) {
            md.append("- and ").append(items.size() - LIST_ITEMS).append(" more\n");
        }
    }

    private static String policy(PolicyChange p) {
        return p.severity().label() + " " + p.kind().label() + " " + escape(DiffText.policySummary(p) + ": before "
                + p.beforeLabel() + ", after " + p.after().status().label() + ": " + p.after().message());
    }

    private static String finding(Finding f) {
        String where = f.location().isKnown() ? " (" + f.location().fileAndLine() + ")" : "";
        return f.severity().label() + " `" + code(f.id()) + "` " + escape(f.message() + where);
    }

    /** Markdown and HTML specials as escapes or entities; control characters as {@link Printable#line} writes them. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : Printable.line(s).toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '|' -> out.append("&#124;");
                case '\\', '`', '*', '_', '[', ']', '#', '~', '!' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Text inside a code span: no backtick or pipe can end it or the table cell. */
    private static String code(String s) {
        return Printable.line(s).replace("`", "'").replace("|", "/");
    }
}
