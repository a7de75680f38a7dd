package dev.nsgaudit.load;

import dev.nsgaudit.model.ApplicationSecurityGroup;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.NetworkGroup;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityAdminConfiguration;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.load.arm.ArmJson;
import dev.nsgaudit.load.arm.ArmTemplateLoader;
import dev.nsgaudit.load.azure.AzureExportLoader;
import dev.nsgaudit.load.terraform.TerraformPlanLoader;
import dev.nsgaudit.rules.Findings;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the definition files under the given paths, reads them and merges them by name. A name defined twice
 * is an error; the first definition is kept so that the rest can still be analysed.
 */
public final class InputLoader {

    private InputLoader() {
    }

    /** Loads everything under {@code paths} with ARM parameters from the files beside the templates. */
    public static LoadResult load(List<Path> paths) {
        return load(paths, ArmTemplateLoader.Options.NONE);
    }

    /** Loads everything under {@code paths}; missing paths are problems, not exceptions. */
    public static LoadResult load(List<Path> paths, ArmTemplateLoader.Options armOptions) {
        List<Finding> problems = new ArrayList<>();
        Map<Path, List<Path>> filesByInput = new LinkedHashMap<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                problems.add(Findings.of("input-error", SourceRef.of(path.toString(), 0),
                        "no such file or folder; check the path"));
                continue;
            }
            filesByInput.put(path, Files.isDirectory(path) ? discover(path, problems) : List.of(path));
        }
        Topology merged = Topology.EMPTY;
        List<Path> templates = new ArrayList<>();
        List<Path> exports = new ArrayList<>();
        Set<Path> defining = new HashSet<>();
        for (Path file : filesByInput.values().stream().flatMap(List::stream).toList()) {
            String display = file.toString();
            String lower = display.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".bicep")) {
                continue; // reported by EmptyInput: a named .bicep file never holds what the tool reads
            }
            if (lower.endsWith(".json")) {
                if (AzureExportLoader.isExport(file)) { // before templates: a file over the size limit is both
                    exports.add(file);
                } else if (!isDeploymentTemplate(file) && TerraformPlanLoader.looksLikePlan(file)) {
                    TerraformPlanLoader.Loaded plan = TerraformPlanLoader.planned(file, display);
                    problems.addAll(plan.problems());
                    if (!EmptyInput.isEmpty(plan.topology())) {
                        defining.add(file);
                    }
                    merged = mergeChecked(merged, plan.topology(), problems);
                } else if (isDeploymentTemplate(file)) {
                    templates.add(file);
                } else {
                    problems.add(Findings.of("input-error", SourceRef.of(display, 0),
                            "not an ARM deployment template (its $schema does not name deploymentTemplate.json)"
                                    + " nor exported Azure state (az ... list -o json, az graph query -o json)"
                                    + " nor a Terraform plan (terraform show -json);"
                                    + " pass parameter files with --parameters"));
                }
                continue;
            }
            for (Node root : YamlLoader.parse(file, display, problems)) {
                Topology read = YamlLoader.read(root, display, problems);
                if (!EmptyInput.isEmpty(read)) {
                    defining.add(file);
                }
                merged = mergeChecked(merged, read, problems);
            }
        }
        // A template another one links to is loaded through that link: only entry templates can be empty.
        defining.addAll(templates);
        for (ArmTemplateLoader.Loaded loaded : ArmTemplateLoader.load(templates, paths, armOptions, problems)) {
            if (EmptyInput.isEmpty(loaded.topology())) {
                defining.remove(loaded.template());
            }
            merged = mergeChecked(merged, loaded.topology(), problems);
        }
        // Exported Azure state (load/azure), read on its own: never together with templates or YAML.
        Optional<AzureExportLoader.Loaded> exported = AzureExportLoader.load(exports,
                defining.stream().sorted().toList(), problems);
        if (exported.isPresent()) {
            defining.addAll(exported.get().defining());
            merged = mergeChecked(merged, exported.get().topology(), problems);
        }
        problems.addAll(EmptyInput.check(filesByInput, defining, problems));
        problems.addAll(TopologyValidator.references(merged));
        return new LoadResult(merged, problems);
    }

    /** True when the file is Terraform's JSON output (a plan from {@code terraform show -json}). */
    public static boolean isTerraformPlan(Path file) {
        return Files.isRegularFile(file) && file.toString().toLowerCase(Locale.ROOT).endsWith(".json")
                && !isDeploymentTemplate(file) && TerraformPlanLoader.looksLikePlan(file);
    }

    /** The state a Terraform plan starts from (its {@code prior_state}), validated as any input is. */
    public static LoadResult loadPriorState(Path plan) {
        TerraformPlanLoader.Loaded prior = TerraformPlanLoader.prior(plan, plan.toString());
        List<Finding> problems = new ArrayList<>(prior.problems());
        problems.addAll(TopologyValidator.references(prior.topology()));
        return new LoadResult(prior.topology(), problems);
    }

    /**
     * Definition files below a folder, sorted by path: YAML files whose top level has a definition key
     * (other YAML, such as CI pipelines or policy files, is not a definition), and JSON deployment templates.
     */
    static List<Path> discover(Path folder, List<Finding> problems) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            Path inside = folder.toRealPath();
            List<Path> candidates = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path p : candidates) {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                boolean ours = name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
                if (ours && !realPathInside(p, inside)) {
                    // A symbolic link out of the folder: what it points to is not part of the input, and is not read.
                    problems.add(Findings.of("input-warning", SourceRef.of(p.toString(), 0),
                            "is a symbolic link to a file outside " + folder + "; it is not read"));
                    continue;
                }
                if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                    if (isDefinitionFile(p)) {
                        out.add(p);
                    }
                } else if (name.endsWith(".json") && (isDeploymentTemplate(p)
                        || AzureExportLoader.looksLikeExport(p) || TerraformPlanLoader.looksLikePlan(p))) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            problems.add(Findings.of("input-error", SourceRef.of(folder.toString(), 0),
                    "cannot list folder: " + e.getMessage()));
        }
        return out;
    }

    private static boolean realPathInside(Path p, Path folder) {
        try {
            return p.toRealPath().startsWith(folder);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isDefinitionFile(Path p) {
        List<Finding> ignored = new ArrayList<>();
        for (Node root : YamlLoader.parse(p, p.toString(), ignored)) {
            Set<String> keys = YamlLoader.topLevelKeys(root);
            if (!Collections.disjoint(keys, YamlLoader.DEFINITION_KEYS)) {
                return true;
            }
        }
        // A file that does not even parse is reported when it looks like ours: by a top-level key or by name.
        return !ignored.isEmpty() && (p.getFileName().toString().toLowerCase(Locale.ROOT).contains("nsg")
                || hasDefinitionKeyLine(p));
    }

    private static final Pattern DEFINITION_KEY_LINE = Pattern.compile(
            "(?m)^(virtualNetworks|applicationSecurityGroups|networkInterfaces|networkSecurityGroups|networkGroups"
                    + "|securityAdminConfigurations)[ \\t]*:");

    private static boolean hasDefinitionKeyLine(Path p) {
        try {
            return Files.size(p) <= YamlLoader.MAX_FILE_BYTES
                    // Decoded leniently: a file that is not UTF-8 is still found here, and reported when read.
                    && DEFINITION_KEY_LINE.matcher(new String(Files.readAllBytes(p),
                    java.nio.charset.StandardCharsets.UTF_8)).find();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isDeploymentTemplate(Path p) {
        return ArmJson.looksLikeDeploymentTemplate(p);
    }

    private static Topology mergeChecked(Topology into, Topology add, List<Finding> problems) {
        List<VirtualNetwork> vnets = keepNew(into.virtualNetworks(), add.virtualNetworks(), VirtualNetwork::name,
                v -> v.source(), "virtual network", problems);
        List<ApplicationSecurityGroup> asgs = keepNew(into.applicationSecurityGroups(),
                add.applicationSecurityGroups(), ApplicationSecurityGroup::name, a -> a.source(),
                "application security group", problems);
        List<NetworkInterface> nics = keepNew(into.networkInterfaces(), add.networkInterfaces(),
                NetworkInterface::name, n -> n.source(), "network interface", problems);
        List<NetworkSecurityGroup> nsgs = keepNew(into.networkSecurityGroups(), add.networkSecurityGroups(),
                NetworkSecurityGroup::name, n -> n.source(), "network security group", problems);
        List<NetworkGroup> groups = keepNew(into.networkGroups(), add.networkGroups(), NetworkGroup::qualifiedName,
                g -> g.source(), "network group", problems);
        List<SecurityAdminConfiguration> configurations = keepNew(into.securityAdminConfigurations(),
                add.securityAdminConfigurations(), SecurityAdminConfiguration::qualifiedName, c -> c.source(),
                "security admin configuration", problems);
        return into.merge(new Topology(vnets, asgs, nics, nsgs, add.suppressions(), add.standIns(), groups,
                configurations));
    }

    private static <T> List<T> keepNew(List<T> existing, List<T> added, Function<T, String> name,
                                       Function<T, SourceRef> where, String what, List<Finding> problems) {
        Map<String, T> seen = new HashMap<>();
        for (T t : existing) {
            seen.put(Topology.key(name.apply(t)), t);
        }
        List<T> out = new ArrayList<>();
        for (T t : added) {
            T first = seen.get(Topology.key(name.apply(t)));
            if (first != null) {
                problems.add(Findings.of("duplicate-definition", where.apply(t),
                        what + " '" + name.apply(t) + "' is already defined at " + where.apply(first)
                                + " (names are case-insensitive); rename or remove one of them"));
                continue;
            }
            seen.put(Topology.key(name.apply(t)), t);
            out.add(t);
        }
        return out;
    }
}
