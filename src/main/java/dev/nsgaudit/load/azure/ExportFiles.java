package dev.nsgaudit.load.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.load.arm.ArmDocument;
import dev.nsgaudit.load.arm.ArmInputException;
import dev.nsgaudit.load.arm.ArmJson;
import dev.nsgaudit.load.arm.Limits;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.rules.Findings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises and reads files of exported Azure state: the JSON array that {@code az network nsg list -o json} (and
 * the vnet, nic, asg and vmss lists) print, and the object with a {@code data} array that {@code az graph query -o
 * json} prints (or its plain array). Parsed with the ARM reader, so the limits on size and nesting and the
 * positions of every object are the same as for templates.
 */
public final class ExportFiles {

    /** Looked for in the head of the file: a list of objects, with the id of a subscription's resource. */
    private static final Pattern LIST_OF_OBJECTS = Pattern.compile("^\\s*\\[\\s*\\{");
    private static final Pattern GRAPH_RESULT = Pattern.compile(
            "^\\s*\\{[^\\[]*?\"data\"\\s*:\\s*\\[\\s*(\\]|\\{)", Pattern.CASE_INSENSITIVE);
    /**
     * An id of a type the model reads: so that other az output (az vm list) is not taken for an export, and a folder
     * of templates holding it is not refused as mixed.
     */
    private static final Pattern READ_TYPE_ID = Pattern.compile("\"/subscriptions/[^\"/]+/resourceGroups/[^\"/]+"
            + "/providers/microsoft\\.(network/(networksecuritygroups|virtualnetworks|networkinterfaces"
            + "|applicationsecuritygroups|networkmanagers)|compute/virtualmachinescalesets)/", Pattern.CASE_INSENSITIVE);
    private static final Pattern EMPTY_LIST = Pattern.compile("^\\s*\\[\\s*\\]\\s*$");
    private static final int HEAD = 64 * 1024;

    private ExportFiles() {
    }

    /**
     * True for a file that is an export with at least one resource, or a Resource Graph result (even an empty one):
     * what a folder search picks up. No $schema: a deployment template is never an export.
     */
    public static boolean looksLikeExport(Path p) {
        String head = head(p);
        if (head == null || head.contains("\"$schema\"")) {
            return false;
        }
        if (LIST_OF_OBJECTS.matcher(head).find()) {
            return READ_TYPE_ID.matcher(head).find();
        }
        return GRAPH_RESULT.matcher(head).find()
                && (READ_TYPE_ID.matcher(head).find() || head.replaceAll("\\s", "").contains("\"data\":[]"));
    }

    /** True for a file holding only {@code []}: what {@code az network asg list} prints when there is none. */
    public static boolean isEmptyList(Path p) {
        String head = head(p);
        return head != null && EMPTY_LIST.matcher(head).matches();
    }

    private static String head(Path p) {
        try {
            // Only the head is read: a file over the size limit is still recognised, and refused when read.
            byte[] bytes;
            try (var in = Files.newInputStream(p)) {
                bytes = in.readNBytes(HEAD);
            }
            // A UTF-16 file (az ... > file in Windows PowerShell) is looked at as such, so that it is found and then
            // reported as not UTF-8 when read, never skipped.
            boolean utf16 = bytes.length >= 2 && ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE
                    || (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF);
            String text = new String(bytes, utf16 ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * One export file as read: its document and the resource objects in it.
     *
     * @param totalRecords for a Resource Graph page, how many resources the whole query found (else -1)
     */
    public record Read(ArmDocument document, List<JsonNode> resources, long totalRecords) {
    }

    /** Reads an export file; what cannot be read is a problem (and the file gives no resource). */
    public static Optional<Read> read(Path file, String display, List<Finding> problems) {
        ArmDocument doc;
        try {
            long size = Files.size(file);
            if (size > Limits.MAX_FILE_BYTES) {
                problems.add(Findings.of("input-error", SourceRef.of(display, 0), "the export is " + size
                        + " bytes, more than the limit of " + Limits.MAX_FILE_BYTES + " bytes for one JSON file;"
                        + " export it in parts, one file per resource group (az ... list --resource-group NAME"
                        + " -o json), or print it compact (-o json | jq -c .)"));
                return Optional.empty();
            }
            doc = ArmJson.read(file, display);
        } catch (ArmInputException e) {
            problems.add(e.toFinding());
            return Optional.empty();
        } catch (IOException e) {
            problems.add(Findings.of("input-error", SourceRef.of(display, 0), "cannot read the file ("
                    + e.getMessage() + "); check that it is a readable file"));
            return Optional.empty();
        }
        problems.addAll(doc.problemFindings());
        JsonNode root = doc.root();
        JsonNode list = root;
        if (root.isObject()) {
            list = root.has("data") ? root.get("data") : root.get("value");
        }
        if (list == null || !list.isArray()) {
            problems.add(Findings.of("input-error", doc.sourceOf(root), "not an export of Azure resources: expected"
                    + " a JSON array of resources (az network nsg list -o json) or an object with a data array"
                    + " (az graph query -o json); export again with -o json"));
            return Optional.empty();
        }
        List<JsonNode> resources = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isObject()) {
                problems.add(Findings.of("input-error", doc.sourceOf(list), "an item of the resource list is "
                        + (item.isArray() ? "a list" : "'" + item.asText() + "'") + ", not a resource object;"
                        + " export again with -o json"));
                continue;
            }
            resources.add(item);
        }
        JsonNode total = root.isObject() ? root.get("total_records") : null;
        return Optional.of(new Read(doc, resources, total != null && total.isNumber() ? total.asLong() : -1));
    }
}
