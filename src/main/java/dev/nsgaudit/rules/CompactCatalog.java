package dev.nsgaudit.rules;

import dev.nsgaudit.model.Severity;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule catalog in a compact binary form, written by the build from the YAML files ({@code rules/}, which stay the
 * source) and read by {@link RuleCatalog#bundled()}: parsing its 34 YAML files was 33-52 ms of a short run's
 * main-thread CPU and the YAML parser's classes and compilation besides (issue 14). Entries in catalog order;
 * strings as length-prefixed UTF-8.
 *
 * <p>Build use: {@code java -cp CLASSPATH dev.nsgaudit.rules.CompactCatalog YAML_FOLDER OUTPUT_FILE}.
 */
public final class CompactCatalog {

    /** The file name beside the YAML files in the jar. */
    static final String FILE = "catalog.bin";

    private static final int MAGIC = 0x4e534743; // "NSGC"
    private static final int VERSION = 1;

    private CompactCatalog() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: CompactCatalog YAML_FOLDER OUTPUT_FILE");
        }
        RuleCatalog catalog = RuleCatalog.read(Path.of(args[0]));
        try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
            write(catalog.entries(), out);
        }
    }

    static void write(List<CatalogRule> entries, OutputStream target) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(target));
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(entries.size());
        for (CatalogRule r : entries) {
            text(out, r.id());
            text(out, r.severity().name());
            text(out, r.title());
            text(out, r.description());
            text(out, r.rationale());
            text(out, r.remediation());
            out.writeInt(r.references().size());
            for (CatalogRule.Reference ref : r.references()) {
                text(out, ref.title());
                out.writeBoolean(ref.url() != null);
                if (ref.url() != null) {
                    text(out, ref.url());
                }
            }
            text(out, r.checkType());
            out.writeInt(r.traffic().size());
            for (CatalogRule.Traffic t : r.traffic()) {
                text(out, t.protocol());
                text(out, t.ports());
            }
        }
        out.flush();
    }

    /** The entries in the order written; a stream that is not this form is a defect of the build. */
    static List<CatalogRule> read(InputStream source) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(source));
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            throw new IllegalStateException("rules/" + FILE + " is not a compact catalog of this version"
                    + " (a defect of the build)");
        }
        int count = in.readInt();
        List<CatalogRule> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = text(in);
            Severity severity = Severity.valueOf(text(in));
            String title = text(in);
            String description = text(in);
            String rationale = text(in);
            String remediation = text(in);
            int refCount = in.readInt();
            List<CatalogRule.Reference> refs = new ArrayList<>(refCount);
            for (int k = 0; k < refCount; k++) {
                String refTitle = text(in);
                refs.add(new CatalogRule.Reference(refTitle, in.readBoolean() ? text(in) : null));
            }
            String checkType = text(in);
            int trafficCount = in.readInt();
            List<CatalogRule.Traffic> traffic = new ArrayList<>(trafficCount);
            for (int k = 0; k < trafficCount; k++) {
                traffic.add(new CatalogRule.Traffic(text(in), text(in)));
            }
            entries.add(new CatalogRule(id, severity, title, description, rationale, remediation, refs, checkType,
                    traffic));
        }
        return entries;
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String text(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
