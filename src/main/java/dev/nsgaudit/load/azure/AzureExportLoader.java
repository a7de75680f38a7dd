package dev.nsgaudit.load.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.rules.Findings;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads exported Azure state (az list commands, Resource Graph results) into one model. Resources are matched by
 * full id across files, compared ignoring case as Azure does; the same id exported twice is a
 * {@code duplicate-definition}. Resource types the model does not read are skipped, as in templates; child
 * resources exported on their own (a subnet, a rule, a peering) are reported, since their parent's export already
 * holds them.
 */
public final class AzureExportLoader {

    /** The types read, lower case. */
    private static final Set<String> READ = java.util.stream.Stream.concat(Set.of(ExportMapper.NSG,
            ExportMapper.VNET, ExportMapper.NIC, ExportMapper.ASG, ExportMapper.VMSS).stream()
            .map(t -> t.toLowerCase(Locale.ROOT)), ExportNetworkManagers.TYPES.stream())
            .collect(java.util.stream.Collectors.toSet());
    private static final Set<String> CHILDREN = Set.of("microsoft.network/virtualnetworks/subnets",
            "microsoft.network/networksecuritygroups/securityrules",
            "microsoft.network/virtualnetworks/virtualnetworkpeerings");

    private AzureExportLoader() {
    }

    /**
     * What the exports gave.
     *
     * @param defining the files that gave at least one resource the model reads
     */
    public record Loaded(Topology topology, Set<Path> defining) {
    }

    /** True when a file found in a folder is an export (a named file may also be an empty list: see isExport). */
    public static boolean looksLikeExport(Path file) {
        return ExportFiles.looksLikeExport(file);
    }

    /** True when a file is an export, an empty one ({@code []}) included. */
    public static boolean isExport(Path file) {
        return ExportFiles.looksLikeExport(file) || ExportFiles.isEmptyList(file);
    }

    /**
     * Reads the exports, unless there are none or the input also holds templates or YAML definitions. Exported state
     * is what runs; templates and YAML are what is meant to run. Read together they would describe one network
     * twice under different names, so an input that holds both is refused (compare them with {@code nsgaudit diff}).
     *
     * @param definitions the template and YAML definition files of the same input
     */
    public static Optional<Loaded> load(List<Path> exports, List<Path> definitions, List<Finding> problems) {
        if (exports.isEmpty()) {
            return Optional.empty();
        }
        if (!definitions.isEmpty()) {
            problems.add(mixed(exports, definitions));
            return Optional.empty();
        }
        return Optional.of(load(exports, problems));
    }

    private static Finding mixed(List<Path> exports, List<Path> definitions) {
        return (Findings.of("input-error", SourceRef.of(exports.get(0).toString(), 0), "is exported Azure"
                + " state, and " + definitions.get(0) + (definitions.size() > 1 ? " (and " + (definitions.size() - 1)
                + " more)" : "") + " is a template or YAML definition: the two are not read together, since they"
                + " would describe the same network twice; check them in separate runs, or compare them with"
                + " nsgaudit diff TEMPLATES_FOLDER EXPORT_FOLDER"));
    }

    /** Reads the export files, in the order given. */
    public static Loaded load(List<Path> files, List<Finding> problems) {
        Map<String, ExportedResource> byId = new LinkedHashMap<>();
        Set<Path> defining = new LinkedHashSet<>();
        long graphTotal = -1;
        long graphRead = 0;
        Path firstGraph = null;
        for (Path file : files) {
            Optional<ExportFiles.Read> read = ExportFiles.read(file, file.toString(), problems);
            if (read.isEmpty()) {
                continue;
            }
            if (read.get().totalRecords() >= 0) {
                graphTotal = Math.max(graphTotal, read.get().totalRecords());
                graphRead += read.get().resources().size();
                firstGraph = firstGraph == null ? file : firstGraph;
            }
            for (JsonNode object : read.get().resources()) {
                ExportedResource r = resource(object, read.get(), file, problems);
                if (r == null) {
                    continue;
                }
                ExportedResource first = byId.putIfAbsent(r.id().key(), r);
                if (first != null) {
                    problems.add(Findings.of("duplicate-definition", r.source(), ExportMapper.describe(r.id())
                            + " is exported again (first at " + first.source() + "; ids are compared ignoring case):"
                            + " the two may be from different times; export each resource once"));
                    continue;
                }
                defining.add(file);
            }
        }
        if (graphRead < graphTotal) {
            // az graph query returns pages (100 resources unless --first says more): a missing page drops resources.
            problems.add(Findings.of("input-error", SourceRef.of(firstGraph.toString(), 0), "the Resource Graph"
                    + " results hold " + graphRead + " of the " + graphTotal + " resources the query found"
                    + " (total_records): export every page (az graph query --first 1000, then --skip-token with the"
                    + " skip_token returned, each page into a file of its own), or use the az list commands"));
        }
        Topology topology = new ExportMapper(byId, problems).map();
        return new Loaded(topology, defining);
    }

    /** The resource of one exported object when its type is read; null otherwise (reported when it matters). */
    private static ExportedResource resource(JsonNode object, ExportFiles.Read read, Path file, List<Finding> problems) {
        SourceRef at = read.document().sourceOf(object);
        JsonNode idNode = object.get("id");
        Optional<AzureId> id = idNode != null && idNode.isTextual() ? AzureId.parse(idNode.asText()) : Optional.empty();
        if (id.isEmpty()) {
            problems.add(Findings.of("input-error", at, "a resource without a full resource id"
                    + " (/subscriptions/.../resourceGroups/.../providers/...): resources are matched by id, so export"
                    + " them with the az commands of the README, which print it"));
            return null;
        }
        String type = id.get().type().toLowerCase(Locale.ROOT);
        if (CHILDREN.contains(type)) {
            problems.add(Findings.of("input-warning", at, ExportMapper.describe(id.get()) + " is exported on its own"
                    + " and is not read: it is read from its parent's export (az network vnet list, az network nsg"
                    + " list), which holds it"));
            return null;
        }
        return READ.contains(type) ? new ExportedResource(id.get(), object, read.document(), file) : null;
    }
}
