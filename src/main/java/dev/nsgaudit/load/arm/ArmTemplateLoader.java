package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.nsgaudit.model.InputException;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.rules.Findings;

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
 * the input could link to ({@link LinkGraph}) are loaded through that link only, when the link is followed with
 * the parameters given. {@code reference()} to resources of the same template is answered from a first pass over
 * it.
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

    /**
     * Loads the entry templates among {@code templates}.
     *
     * @param roots the paths given on the command line: links are followed only to templates inside them
     */
    public static List<Loaded> load(List<Path> templates, List<Path> roots, Options options, List<Finding> problems) {
        Map<Path, ArmDocument> docs = new LinkedHashMap<>();
        Map<Path, Path> given = new LinkedHashMap<>();
        for (Path t : templates) {
            try {
                Path real = TemplateLinks.realPath(t).orElse(t.toAbsolutePath().normalize());
                if (docs.containsKey(real)) {
                    continue; // the same file named twice
                }
                ArmDocument doc = ArmJson.read(t, t.toString());
                problems.addAll(doc.problemFindings());
                docs.put(real, doc);
                given.put(real, t);
            } catch (ArmInputException e) {
                problems.add(e.toFinding());
            } catch (InputException e) {
                problems.add(Findings.of("input-error", SourceRef.of(t.toString(), 0), e.getMessage()));
            }
        }
        TemplateLinks links = new TemplateLinks(roots, docs.keySet(), problems);
        List<Loaded> out = new ArrayList<>();
        Set<Path> parameterFilesRead = new HashSet<>();
        for (Path entry : LinkGraph.entries(docs)) {
            Path t = given.get(entry);
            Map<String, JsonNode> parameters = parameters(t, options, problems, parameterFilesRead);
            out.add(new Loaded(t, loadOne(docs.get(entry), parameters, links, problems)));
        }
        return out;
    }

    /** One template with the given parameter values; reference() answered from a first pass. */
    static Topology loadOne(ArmDocument doc, Map<String, JsonNode> parameters, TemplateLinks links,
                            List<Finding> problems) {
        ResourceCollector first = collect(doc, parameters, ReferenceResolver.NONE, new ArrayList<>(), links);
        DeclaredResolver resolver = new DeclaredResolver(first.resources(), first.deploymentOutputs(), context(doc));
        ResourceCollector second = collect(doc, parameters, resolver, problems, links);
        for (DeclaredResource r : second.resources()) {
            PropertyShapes.check(r, problems);
        }
        ArmModelMapper mapper = new ArmModelMapper(second.resources(), problems);
        for (DeclaredResource orphan : mapper.orphanRules()) {
            problems.add(Findings.of("unresolved-value", orphan.source(), "rule resource '"
                    + orphan.name() + "' belongs to network security group '" + orphan.name().split("/")[0]
                    + "', which is not declared in the input; the rule is not analysed"));
        }
        return mapper.map();
    }

    private static ResourceCollector collect(ArmDocument doc, Map<String, JsonNode> parameters,
                                             ReferenceResolver resolver, List<Finding> problems, TemplateLinks links) {
        ResourceCollector collector = new ResourceCollector(resolver, problems, links);
        try {
            TemplateScope scope = TemplateScope.of(doc.root(), parameters, context(doc), resolver);
            collector.collectEntry(doc, scope);
        } catch (ArmExpressionException e) {
            problems.add(ResourceCollector.expressionError(SourceRef.of(doc.file(), 0), e));
        }
        return collector;
    }

    private static DeploymentContext context(ArmDocument doc) {
        return DeploymentContext.defaults().withTemplateUri(Path.of(doc.file()).toAbsolutePath().toUri().toString());
    }

    /** The parameter values for an entry template. */
    static Map<String, JsonNode> parameters(Path template, Options options, List<Finding> allProblems,
                                            Set<Path> filesRead) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        Optional<Path> file = options.parametersFile() != null ? Optional.of(options.parametersFile())
                : besideFile(template);
        if (file.isPresent()) {
            // One --parameters file serves every entry template: its problems are reported once.
            List<Finding> problems = filesRead.add(file.get().toAbsolutePath().normalize()) ? allProblems
                    : new ArrayList<>();
            try {
                ArmDocument doc = ArmJson.read(file.get(), file.get().toString());
                problems.addAll(doc.problemFindings());
                List<Finding> shape = ParameterValues.problems(doc);
                problems.addAll(shape);
                if (shape.isEmpty() || doc.root().path("parameters").isObject()) {
                    values.putAll(ParameterValues.read(doc));
                }
            } catch (ArmInputException e) {
                problems.add(e.toFinding());
            } catch (InputException e) {
                problems.add(Findings.of("input-error", SourceRef.of(file.get().toString(), 0),
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
