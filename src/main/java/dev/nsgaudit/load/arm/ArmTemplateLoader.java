package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.nsgaudit.load.InputException;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads ARM deployment templates into the model. Each entry template is deployed with its parameters: the
 * {@code --parameters} file if given, else the parameter file beside it ({@code <name>.parameters.json}, or
 * {@code azuredeploy.parameters.json} for {@code azuredeploy.json}), with {@code --parameter NAME=VALUE}
 * on top; parameters without a value keep their defaults or stay unresolved. Templates that another template of
 * the input links to are loaded through that link, not on their own. {@code reference()} to resources of the
 * same template is answered from a first pass over it.
 */
public final class ArmTemplateLoader {

    /** How the user set parameters. */
    public record Options(Path parametersFile, Map<String, String> parameterValues) {
        public static final Options NONE = new Options(null, Map.of());

        public Options {
            parameterValues = parameterValues == null ? Map.of() : Map.copyOf(parameterValues);
        }
    }

    /** The model of one entry template. */
    public record Loaded(Path template, Topology topology) {
    }

    private ArmTemplateLoader() {
    }

    public static List<Loaded> load(List<Path> templates, Options options, List<Finding> problems) {
        Map<Path, ArmDocument> docs = new LinkedHashMap<>();
        for (Path t : templates) {
            try {
                docs.put(t, ArmJson.read(t, t.toString()));
            } catch (ArmInputException e) {
                problems.add(e.toFinding());
            } catch (InputException e) {
                problems.add(Finding.of("input-error", Severity.ERROR, SourceRef.of(t.toString(), 0), e.getMessage()));
            }
        }
        // A first look at every template finds which ones are only linked from others: followed links, and
        // file names that another template of the input spells out (links under a condition that is false
        // with the default parameters are not followed, but the file is still a part, not a deployment).
        Set<Path> linked = new HashSet<>();
        for (Map.Entry<Path, ArmDocument> e : docs.entrySet()) {
            collect(e.getValue(), Map.of(), ReferenceResolver.NONE, new ArrayList<>(), linked);
        }
        linked.addAll(namedByOthers(docs.keySet()));
        List<Loaded> out = new ArrayList<>();
        for (Map.Entry<Path, ArmDocument> e : docs.entrySet()) {
            if (linked.contains(e.getKey().toAbsolutePath().normalize())) {
                continue;
            }
            Map<String, JsonNode> parameters = parameters(e.getKey(), options, problems);
            out.add(new Loaded(e.getKey(), loadOne(e.getValue(), parameters, problems)));
        }
        return out;
    }

    private static Set<Path> namedByOthers(Set<Path> templates) {
        Map<Path, String> texts = new LinkedHashMap<>();
        for (Path t : templates) {
            try {
                texts.put(t, Files.readString(t).toLowerCase(Locale.ROOT));
            } catch (IOException | RuntimeException e) {
                texts.put(t, "");
            }
        }
        Set<Path> out = new HashSet<>();
        for (Path t : templates) {
            String name = t.getFileName().toString().toLowerCase(Locale.ROOT);
            for (Map.Entry<Path, String> other : texts.entrySet()) {
                if (other.getKey().equals(t) || !sameTree(other.getKey(), t)) {
                    continue;
                }
                String text = other.getValue();
                if (text.contains("/" + name + "\"") || text.contains("'" + name + "'")
                        || text.contains("\"" + name + "\"") || text.contains("/" + name + "'")) {
                    out.add(t.toAbsolutePath().normalize());
                }
            }
        }
        return out;
    }

    /** Links are relative: a template can only link to files in its own folder or below it. */
    private static boolean sameTree(Path linking, Path linked) {
        Path folder = linking.toAbsolutePath().normalize().getParent();
        return linked.toAbsolutePath().normalize().startsWith(folder);
    }

    /** One template with the given parameter values; reference() answered from a first pass. */
    static Topology loadOne(ArmDocument doc, Map<String, JsonNode> parameters, List<Finding> problems) {
        ResourceCollector first = collect(doc, parameters, ReferenceResolver.NONE, new ArrayList<>(), new HashSet<>());
        DeclaredResolver resolver = new DeclaredResolver(first.resources(), first.deploymentOutputs(), context(doc));
        ResourceCollector second = collect(doc, parameters, resolver, problems, new HashSet<>());
        ArmModelMapper mapper = new ArmModelMapper(second.resources(), problems);
        for (DeclaredResource orphan : mapper.orphanRules()) {
            problems.add(Finding.of("unresolved-value", Severity.ERROR, orphan.source(), "rule resource '"
                    + orphan.name() + "' belongs to network security group '" + orphan.name().split("/")[0]
                    + "', which is not declared in the input; the rule is not analysed"));
        }
        return mapper.map();
    }

    private static ResourceCollector collect(ArmDocument doc, Map<String, JsonNode> parameters,
                                             ReferenceResolver resolver, List<Finding> problems, Set<Path> linked) {
        ResourceCollector collector = new ResourceCollector(resolver, problems, linked);
        try {
            TemplateScope scope = TemplateScope.of(doc.root(), parameters, context(doc), resolver);
            collector.collectTemplate(doc, doc.root(), scope, 0);
        } catch (ArmExpressionException e) {
            problems.add(ResourceCollector.expressionError(SourceRef.of(doc.file(), 0), e));
        }
        return collector;
    }

    private static DeploymentContext context(ArmDocument doc) {
        return DeploymentContext.defaults().withTemplateUri(Path.of(doc.file()).toAbsolutePath().toUri().toString());
    }

    /** The parameter values for an entry template. */
    static Map<String, JsonNode> parameters(Path template, Options options, List<Finding> problems) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        Optional<Path> file = options.parametersFile() != null ? Optional.of(options.parametersFile())
                : besideFile(template);
        if (file.isPresent()) {
            try {
                values.putAll(ParameterValues.read(ArmJson.read(file.get(), file.get().toString())));
            } catch (ArmInputException e) {
                problems.add(e.toFinding());
            } catch (InputException e) {
                problems.add(Finding.of("input-error", Severity.ERROR, SourceRef.of(file.get().toString(), 0),
                        e.getMessage()));
            }
        }
        for (Map.Entry<String, String> e : options.parameterValues().entrySet()) {
            values.put(e.getKey(), parseValue(e.getValue()));
        }
        return values;
    }

    /** {@code --parameter NAME=VALUE}: JSON when it parses as JSON (numbers, arrays, objects), else a string. */
    static JsonNode parseValue(String text) {
        try {
            JsonNode v = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
            if (v != null && !v.isMissingNode()) {
                return v;
            }
        } catch (IOException ignored) {
            // a plain string
        }
        return TextNode.valueOf(text);
    }

    private static Optional<Path> besideFile(Path template) {
        Path folder = template.toAbsolutePath().getParent();
        String name = template.getFileName().toString();
        String base = name.toLowerCase(Locale.ROOT).endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        List<String> wanted = new ArrayList<>(List.of((base + ".parameters.json").toLowerCase(Locale.ROOT)));
        if (base.equalsIgnoreCase("azuredeploy")) {
            wanted.add("azuredeploy.parameters.json");
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> all = files.sorted().toList();
            for (String w : wanted) {
                for (Path p : all) {
                    if (p.getFileName().toString().toLowerCase(Locale.ROOT).equals(w)) {
                        return Optional.of(template.resolveSibling(p.getFileName()));
                    }
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
