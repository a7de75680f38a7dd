package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsgaudit.model.InputException;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.rules.Findings;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Walks a template's resources and evaluates them: conditions, resource copy loops, nested child resources,
 * and nested deployments (inline templates with inner or outer expression scope, linked templates by
 * {@code relativePath} or a file URI). Anything it cannot determine is kept as unresolved, never dropped
 * silently; a part it cannot even enumerate (a copy count that is unknown, a linked template outside the input)
 * is reported as an {@code unresolved-value} finding.
 */
final class ResourceCollector {

    static final String DEPLOYMENTS = "Microsoft.Resources/deployments";
    private static final int MAX_DEPLOYMENT_DEPTH = 16;
    private static final int MAX_COPY_COUNT = 800; // ARM's own limit for copy loops

    private final ReferenceResolver resolver;
    private final List<Finding> problems;
    private final TemplateLinks links;
    /** The templates being deployed, outermost first (real paths): a link to one of them is a cycle. */
    private final Deque<Path> chain = new ArrayDeque<>();
    private final List<DeclaredResource> resources = new ArrayList<>();
    /** Deployment name (lower case) -> {"outputs": {...}} as reference() returns for a deployment. */
    private final Map<String, JsonNode> deploymentOutputs = new LinkedHashMap<>();
    /** Full names (lower case) of resources whose names came from the stand-in context; their children's too. */
    private final Set<String> standInNames = new java.util.HashSet<>();

    ResourceCollector(ReferenceResolver resolver, List<Finding> problems, TemplateLinks links) {
        this.resolver = resolver;
        this.problems = problems;
        this.links = links;
    }

    /** Collects an entry template: the start of the chain of linked templates. */
    void collectEntry(ArmDocument doc, TemplateScope scope) {
        chain.push(TemplateLinks.realPath(file(doc)).orElse(file(doc)));
        try {
            collectTemplate(doc, doc.root(), scope, 0);
        } finally {
            chain.pop();
        }
    }

    private static Path file(ArmDocument doc) {
        return Path.of(doc.file()).toAbsolutePath().normalize();
    }

    List<DeclaredResource> resources() {
        return resources;
    }

    Map<String, JsonNode> deploymentOutputs() {
        return deploymentOutputs;
    }

    void collectTemplate(ArmDocument doc, JsonNode template, TemplateScope scope, int depth) {
        JsonNode list = template.get("resources");
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray() && !(list.isObject() && isLanguageVersion2(template))) {
            problems.add(Findings.of("input-error", doc.sourceOfKey(template, "resources"),
                    "resources must be a list (JSON array)" + (list.isObject() ? " (an object of symbolic names"
                            + " needs \"languageVersion\": \"2.0\")" : "") + ", not " + article(list)
                            + "; ARM would reject this template: no resource of it is analysed"));
            return;
        }
        if (list.isArray()) {
            for (JsonNode r : list) {
                collectResource(doc, r, null, scope, CopyContext.NONE, null, null, depth);
            }
        } else if (list.isObject()) {
            // languageVersion 2.0: resources keyed by symbolic name
            for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                collectResource(doc, e.getValue(), e.getKey(), scope, CopyContext.NONE, null, null, depth);
            }
        }
    }

    private static boolean isLanguageVersion2(JsonNode template) {
        return template.path("languageVersion").asText("").startsWith("2");
    }

    private static String article(JsonNode value) {
        String type = ArmValues.typeName(value).toLowerCase(Locale.ROOT);
        return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }

    private void collectResource(ArmDocument doc, JsonNode node, String symbolic, TemplateScope scope,
                                 CopyContext copy, String parentType, String parentName, int depth) {
        if (!node.isObject()) {
            problems.add(Findings.of("input-error", doc.sourceOf(node), "a resource must be an"
                    + " object, not " + article(node) + " (" + ArmExpressionException.abbreviate(node.toString())
                    + "); ARM would reject this template"));
            return;
        }
        for (String member : List.of("type", "name")) {
            JsonNode v = node.get(member);
            if (v != null && !v.isTextual()) {
                problems.add(Findings.of("input-error", doc.sourceOfKey(node, member), "the " + member
                        + " of a resource must be a string, not " + article(v) + "; ARM would reject this template"));
                return;
            }
        }
        JsonNode wrongCopy = node.get("copy");
        if (wrongCopy != null && !wrongCopy.isObject() && !wrongCopy.isNull()) {
            problems.add(Findings.of("input-error", doc.sourceOfKey(node, "copy"), "the copy of resource "
                    + describe(node) + " must be an object ({\"name\": ..., \"count\": ...}), not "
                    + article(wrongCopy) + "; ARM would reject this template"));
            return;
        }
        if (node.path("existing").asBoolean(false)) {
            return; // a reference to a resource deployed elsewhere, not a declaration
        }
        JsonNode loop = node.get("copy");
        if (loop != null && loop.isObject()) {
            String loopName;
            int count;
            try {
                loopName = scope.evaluateExpression(loop.path("name").asText(""), copy).asText();
                count = scope.evaluateCount(loop.get("count"), copy);
            } catch (UnresolvedException e) {
                problems.add(unresolved(doc.sourceOf(node), "the copy count of resource " + describe(node)
                        + " cannot be determined (" + e.expression() + "): " + e.reason()
                        + "; its instances are not analysed"));
                return;
            } catch (ArmExpressionException e) {
                problems.add(expressionError(doc.sourceOf(node), e));
                return;
            }
            if (count > MAX_COPY_COUNT) {
                problems.add(Findings.of("input-error", doc.sourceOf(node), "copy count " + count
                        + " of resource " + describe(node) + " is over ARM's limit of " + MAX_COPY_COUNT));
                return;
            }
            for (int i = 0; i < count; i++) {
                declare(doc, node, symbolic, scope, copy.withResourceLoop(loopName, i), parentType, parentName, depth);
            }
            return;
        }
        declare(doc, node, symbolic, scope, copy, parentType, parentName, depth);
    }

    /** The types the model is built from; the properties of other resources are never evaluated. */
    static final Set<String> NETWORK_TYPES = Set.of(
            "microsoft.network/networksecuritygroups",
            "microsoft.network/networksecuritygroups/securityrules",
            "microsoft.network/virtualnetworks",
            "microsoft.network/virtualnetworks/subnets",
            "microsoft.network/virtualnetworks/virtualnetworkpeerings",
            "microsoft.network/networkinterfaces",
            "microsoft.network/applicationsecuritygroups",
            "microsoft.compute/virtualmachinescalesets",
            "microsoft.network/networkmanagers",
            "microsoft.network/networkmanagers/networkgroups",
            "microsoft.network/networkmanagers/networkgroups/staticmembers",
            "microsoft.network/networkmanagers/securityadminconfigurations",
            "microsoft.network/networkmanagers/securityadminconfigurations/rulecollections",
            "microsoft.network/networkmanagers/securityadminconfigurations/rulecollections/rules");

    /**
     * Azure Policy definitions: read only to see whether one adds members to a network group (effect
     * {@code addToNetworkGroup}); their properties are kept as written, never evaluated (policy rules have their
     * own expression language).
     */
    static final String POLICY_DEFINITIONS = "microsoft.authorization/policydefinitions";

    private void declare(ArmDocument doc, JsonNode node, String symbolic, TemplateScope scope, CopyContext copy,
                         String parentType, String parentName, int depth) {
        SourceRef at = doc.sourceOf(node);
        List<UnresolvedValue> unresolved = new ArrayList<>();
        String type = text(scope, node.get("type"), copy, "type", unresolved, at);
        if (type == null) {
            return;
        }
        if (parentType != null && !type.contains("/")) {
            type = parentType + "/" + type;
        }
        boolean network = NETWORK_TYPES.contains(type.toLowerCase(Locale.ROOT));
        boolean deployment = type.equalsIgnoreCase(DEPLOYMENTS);
        if (type.equalsIgnoreCase(POLICY_DEFINITIONS)) {
            JsonNode raw = node.get("properties");
            resources.add(new DeclaredResource(type, node.path("name").asText(""), symbolic,
                    raw == null ? JsonNodeFactory.instance.objectNode() : raw, node, doc, at, unresolved, false));
            return;
        }
        if (!network && !deployment) {
            return; // compute, storage, ...: nothing of it reaches the network model
        }
        try {
            if (!scope.evaluateCondition(node.get("condition"), copy)) {
                return;
            }
        } catch (UnresolvedException e) {
            // Kept: it may be deployed. Anything decided through it is inconclusive.
            unresolved.add(new UnresolvedValue("condition", e.expression(), e.reason()));
        } catch (ArmExpressionException e) {
            problems.add(expressionError(at, e));
            return;
        }
        int standIn = StandInUse.count();
        String name = text(scope, node.get("name"), copy, "name", unresolved, at);
        boolean nameFromStandIn = StandInUse.count() != standIn;
        if (name == null) {
            name = node.path("name").asText("");
        }
        if (parentName != null && !name.contains("/")) {
            name = parentName + "/" + name;
        }
        nameFromStandIn |= parentName != null && standInNames.contains(parentName.toLowerCase(Locale.ROOT));
        if (nameFromStandIn) {
            standInNames.add(name.toLowerCase(Locale.ROOT));
        }
        if (deployment) {
            deployment(doc, node, name, scope, copy, depth);
            return;
        }
        JsonNode properties;
        try {
            JsonNode raw = node.get("properties");
            properties = raw == null ? JsonNodeFactory.instance.objectNode() : scope.evaluate(raw, copy);
        } catch (ArmExpressionException e) {
            problems.add(expressionError(at, e));
            String expression = e.expression() != null ? ArmExpressionException.abbreviate(e.expression())
                    : "properties";
            // Unknown as a whole: the mapper marks what the model reads from them (the rules of an NSG, ...).
            properties = Unresolved.node(expression, "cannot be evaluated: " + e.detail());
        }
        resources.add(new DeclaredResource(type, name, symbolic, properties, node, doc, at, unresolved,
                nameFromStandIn));
        JsonNode children = node.get("resources");
        if (children != null && !children.isNull() && !children.isArray()) {
            problems.add(Findings.of("input-error", doc.sourceOfKey(node, "resources"), "the child"
                    + " resources of " + describe(node) + " must be a list (JSON array), not " + article(children)
                    + "; ARM would reject this template: they are not analysed"));
        }
        if (children != null && children.isArray()) {
            for (JsonNode child : children) {
                collectResource(doc, child, null, scope, copy, type, name, depth);
            }
        }
    }

    private void deployment(ArmDocument doc, JsonNode node, String name, TemplateScope scope, CopyContext copy,
                            int depth) {
        SourceRef at = doc.sourceOf(node);
        if (depth >= MAX_DEPLOYMENT_DEPTH) {
            problems.add(Findings.of("input-error", at, "nested deployments are more than "
                    + MAX_DEPLOYMENT_DEPTH + " levels deep; is a template deploying itself?"));
            return;
        }
        JsonNode props = node.path("properties");
        try {
            String scopeOption = props.path("expressionEvaluationOptions").has("scope")
                    ? scope.evaluateExpression(props.path("expressionEvaluationOptions").path("scope").asText(), copy)
                    .asText() : "outer";
            boolean inner = scopeOption.equalsIgnoreCase("inner");
            ArmDocument innerDoc = doc;
            Path linkedPath = null;
            JsonNode template = props.get("template");
            JsonNode params = props.get("parameters");
            if (template == null) {
                Set<String> passed = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                if (params != null && params.isObject()) {
                    params.fieldNames().forEachRemaining(passed::add);
                }
                TemplateLinks.Target target = linkedTemplate(doc, props.get("templateLink"), scope, copy, at, name,
                        passed);
                if (target == null) {
                    return;
                }
                innerDoc = target.document();
                linkedPath = target.realPath();
                template = innerDoc.root();
                inner = true; // a linked template always has its own scope
            }
            if (!template.isObject()) {
                problems.add(Findings.of("input-error", doc.sourceOfKey(props, "template"),
                        "the template of deployment '" + name + "' must be an object, not " + article(template)
                                + "; ARM would reject this template"));
                return;
            }
            TemplateScope innerScope = scope;
            if (inner) {
                Map<String, JsonNode> values = new LinkedHashMap<>();
                if (params != null && params.isObject()) {
                    JsonNode evaluated = scope.evaluate(params, copy);
                    for (Iterator<Map.Entry<String, JsonNode>> it = evaluated.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        JsonNode v = e.getValue();
                        if (v.isObject() && v.has("value")) {
                            values.put(e.getKey(), v.get("value"));
                        } else if (v.isObject() && v.has("reference")) {
                            values.put(e.getKey(), Unresolved.node("reference", "a Key Vault secret is not known offline"));
                        } else {
                            // ARM rejects a bare value; it is still passed, so that nothing silently changes.
                            problems.add(Findings.of("input-error", doc.sourceOfKey(params, e.getKey()),
                                    "parameter '" + e.getKey() + "' of deployment '" + name + "' must be {\"value\":"
                                            + " ...} or {\"reference\": {...}}, not " + article(v)
                                            + "; ARM would reject this template"));
                            values.put(e.getKey(), v);
                        }
                    }
                } else if (params != null && !params.isNull()) {
                    problems.add(Findings.of("input-error", at, "the parameters of deployment '"
                            + name + "' must be an object of {\"name\": {\"value\": ...}}, not "
                            + ArmValues.typeName(params) + "; ARM would reject this template"));
                }
                if (props.has("parametersLink")) {
                    problems.add(unresolved(at, "deployment '" + name + "' takes its parameters from a"
                            + " parametersLink, which is not read; parameters without a value stay unresolved"));
                }
                DeploymentContext context = scope.context().withDeploymentName(name);
                if (innerDoc != doc) {
                    context = context.withTemplateUri(Path.of(innerDoc.file()).toAbsolutePath().toUri().toString());
                }
                innerScope = TemplateScope.of(template, values, context, resolver);
            }
            if (linkedPath != null) {
                chain.push(linkedPath);
                try {
                    collectTemplate(innerDoc, template, innerScope, depth + 1);
                } finally {
                    chain.pop();
                }
            } else {
                collectTemplate(innerDoc, template, innerScope, depth + 1);
            }
            recordOutputs(name, template, innerScope, copy, inner);
        } catch (UnresolvedException e) {
            problems.add(unresolved(at, "deployment '" + name + "' cannot be followed (" + e.expression() + "): "
                    + e.reason()));
        } catch (ArmExpressionException e) {
            problems.add(expressionError(at, e));
        } catch (InputException e) {
            problems.add(Findings.of("input-error", at, e.getMessage()));
        }
    }

    /** The template a link names when it may be followed; otherwise the problem is reported and null returned. */
    private TemplateLinks.Target linkedTemplate(ArmDocument doc, JsonNode link, TemplateScope scope, CopyContext copy,
                                                SourceRef at, String name, Set<String> passed) {
        if (link == null || !link.isObject()) {
            problems.add(unresolved(at, "deployment '" + name + "' has neither template nor templateLink"));
            return null;
        }
        JsonNode evaluated = scope.evaluate(link, copy);
        for (String kind : List.of("relativePath", "uri")) {
            java.util.Optional<Unresolved> u = Unresolved.of(evaluated.path(kind));
            if (u.isPresent()) {
                problems.add(unresolved(at, "deployment '" + name + "' links to template " + u.get().expression()
                        + ", which cannot be determined offline: " + u.get().reason()
                        + "; its resources are not analysed"));
                return null;
            }
        }
        TemplateLinks.Target target = links.resolve(file(doc), evaluated, passed);
        if (target.document() == null) {
            String message = "deployment '" + name + "' links to template " + describeLink(evaluated, link) + ", which "
                    + target.problem() + "; its resources are not analysed";
            // A link out of the input tree is an input error (exit 2), not a value merely unknowable offline.
            problems.add(target.outside() ? Findings.of("input-error", at, message + ": link inside"
                    + " the input, or give the linked template's folder as an input") : unresolved(at, message));
            return null;
        }
        if (chain.contains(target.realPath())) {
            List<String> cycle = new ArrayList<>();
            List<Path> outerFirst = new ArrayList<>(chain);
            java.util.Collections.reverse(outerFirst);
            for (Path p : outerFirst.subList(outerFirst.indexOf(target.realPath()), outerFirst.size())) {
                cycle.add(p.getFileName().toString());
            }
            cycle.add(target.realPath().getFileName().toString());
            problems.add(Findings.of("input-error", at, "deployment '" + name + "' closes a cycle of"
                    + " linked templates (" + String.join(" -> ", cycle) + "); ARM would deploy them without end:"
                    + " break the cycle"));
            return null;
        }
        Set<String> undeclared = TemplateLinks.undeclared(target.document(), passed);
        if (!undeclared.isEmpty()) {
            problems.add(Findings.of("input-error", at, "deployment '" + name + "' passes parameter(s) "
                    + String.join(", ", undeclared) + " that the linked template " + target.document().file()
                    + " does not declare; ARM would reject the deployment"));
        }
        return target;
    }

    /** How a link is named in messages: the evaluated relativePath or uri, never anything read from a file. */
    private static String describeLink(JsonNode evaluated, JsonNode raw) {
        for (String kind : List.of("relativePath", "uri")) {
            JsonNode v = evaluated.get(kind);
            if (v != null) {
                return kind + " " + (v.isTextual() ? "'" + v.asText() + "'" : raw.path(kind).toString());
            }
        }
        return raw.toString();
    }

    /** What reference('name').outputs gives for a deployment: its outputs evaluated in the nested scope. */
    private void recordOutputs(String name, JsonNode template, TemplateScope scope, CopyContext copy, boolean inner) {
        JsonNode outputs = template.get("outputs");
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode values = out.putObject("outputs");
        if (outputs != null && outputs.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = outputs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                ObjectNode o = values.putObject(e.getKey());
                o.set("type", e.getValue().path("type"));
                try {
                    o.set("value", scope.evaluate(e.getValue().path("value"), inner ? CopyContext.NONE : copy));
                } catch (ArmExpressionException ex) {
                    o.set("value", Unresolved.node(e.getValue().path("value").toString(), ex.getMessage()));
                }
            }
        }
        deploymentOutputs.put(name.toLowerCase(Locale.ROOT), out);
    }

    private String text(TemplateScope scope, JsonNode value, CopyContext copy, String property,
                        List<UnresolvedValue> unresolved, SourceRef at) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode v = scope.evaluateExpression(value.asText(), copy);
            return v.isTextual() ? v.textValue() : v.toString();
        } catch (UnresolvedException e) {
            unresolved.add(new UnresolvedValue(property, e.expression(), e.reason()));
            return null;
        } catch (ArmExpressionException e) {
            problems.add(expressionError(at, e));
            return null;
        }
    }

    private static String describe(JsonNode node) {
        return node.path("type").asText("?") + " '" + node.path("name").asText("?") + "'";
    }

    static Finding unresolved(SourceRef at, String message) {
        return Findings.of("unresolved-value", at, message);
    }

    static Finding expressionError(SourceRef at, ArmExpressionException e) {
        return Findings.of("input-error", at, "template expression error: " + e.getMessage()
                + "; ARM would reject this template");
    }
}
