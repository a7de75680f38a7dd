package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.nsgaudit.load.arm.ArmTestSupport.eval;
import static dev.nsgaudit.load.arm.ArmTestSupport.json;
import static dev.nsgaudit.load.arm.ArmTestSupport.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Parameters, variables, copy loops, user functions, laziness and the limits of a template scope. */
class TemplateScopeTest {

    @Test
    void parameterDefaultsMayBeExpressions() {
        TemplateScope s = scope("""
                {"parameters": {
                   "prefix": {"type": "string", "defaultValue": "web"},
                   "nsgName": {"type": "string", "defaultValue": "[concat(parameters('prefix'), '-nsg')]"},
                   "ports": {"type": "array", "defaultValue": ["[string(add(80, 363))]", "80"]},
                   "allowed": {"type": "string", "defaultValue": "Tcp", "allowedValues": ["Udp"]}}}""");
        assertThat(s.parameter("nsgName").textValue()).isEqualTo("web-nsg");
        assertThat(ArmValues.compactJson(s.parameter("ports"))).isEqualTo("[\"443\",\"80\"]");
        assertThat(s.parameter("allowed").textValue()).isEqualTo("Tcp");
        assertThat(eval(s, "[parameters('NSGNAME')]").textValue()).isEqualTo("web-nsg");
    }

    @Test
    void givenValuesWinAndAreNotEvaluated() {
        TemplateScope s = scope("""
                {"parameters": {"prefix": {"type": "string", "defaultValue": "web"},
                                "nsgName": {"type": "string", "defaultValue": "[concat(parameters('prefix'), '-nsg')]"},
                                "raw": {"type": "string"}}}""",
                Map.of("prefix", json("\"db\""), "raw", json("\"[concat('not', 'evaluated')]\""),
                        "extra", json("1")), DeploymentContext.defaults());
        assertThat(s.parameter("nsgName").textValue()).isEqualTo("db-nsg");
        assertThat(s.parameter("raw").textValue()).isEqualTo("[concat('not', 'evaluated')]");
        assertThat(s.undeclaredParameters()).containsExactly("extra");
    }

    @Test
    void aParameterWithoutValueOnlyAffectsWhereItIsUsed() {
        TemplateScope s = scope("""
                {"parameters": {"adminIp": {"type": "string"}, "port": {"type": "int", "defaultValue": 22}},
                 "variables": {"unrelated": "[concat('port-', string(parameters('port')))]",
                               "ruleName": "[concat('allow-', parameters('adminIp'))]"}}""");
        assertThat(s.variable("unrelated").textValue()).isEqualTo("port-22");
        assertThat(Unresolved.of(s.variable("ruleName")).orElseThrow().reason())
                .contains("parameter 'adminIp' has no value");
        JsonNode rule = s.evaluate(json("""
                {"name": "ssh", "properties": {"priority": 100, "protocol": "Tcp",
                  "sourceAddressPrefix": "[parameters('adminIp')]",
                  "destinationPortRange": "[string(parameters('port'))]"}}"""), CopyContext.NONE);
        assertThat(rule.path("properties").path("destinationPortRange").textValue()).isEqualTo("22");
        assertThat(rule.path("properties").path("priority").intValue()).isEqualTo(100);
        List<Unresolved.Found> found = Unresolved.collect(rule, "");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).path()).isEqualTo("properties.sourceAddressPrefix");
        assertThat(found.get(0).value().expression()).isEqualTo("[parameters('adminIp')]");
        assertThat(found.get(0).toModel().property()).isEqualTo("properties.sourceAddressPrefix");
        assertThatThrownBy(() -> s.evaluateExpression("[concat('x', parameters('adminIp'))]", CopyContext.NONE))
                .isInstanceOf(UnresolvedException.class)
                .satisfies(e -> assertThat(((UnresolvedException) e).expression())
                        .isEqualTo("[concat('x', parameters('adminIp'))]"));
    }

    @Test
    void nullableParametersOfLanguageVersion2AreNull() {
        TemplateScope s = scope("""
                {"languageVersion": "2.0", "parameters": {"tags": {"type": "object", "nullable": true}},
                 "resources": {"nsg": {"type": "Microsoft.Network/networkSecurityGroups"}}}""");
        assertThat(s.isLanguageVersion2()).isTrue();
        assertThat(eval(s, "[coalesce(parameters('tags'), createObject('env', 'test'))]").path("env").textValue())
                .isEqualTo("test");
    }

    @Test
    void variableCopyWithCopyIndexOffsets() {
        TemplateScope s = scope("""
                {"variables": {"copy": [
                   {"name": "disks", "count": 3, "input": {"name": "[concat('disk', copyIndex('disks', 1))]",
                                                          "lun": "[copyIndex('disks')]"}},
                   {"name": "names", "count": "[length(variables('base'))]",
                    "input": "[toUpper(variables('base')[copyIndex('names')])]"}],
                 "base": ["a", "b"]}}""");
        assertThat(ArmValues.compactJson(s.variable("disks"))).isEqualTo("[{\"name\":\"disk1\",\"lun\":0},"
                + "{\"name\":\"disk2\",\"lun\":1},{\"name\":\"disk3\",\"lun\":2}]");
        assertThat(ArmValues.compactJson(s.variable("NAMES"))).isEqualTo("[\"A\",\"B\"]");
    }

    @Test
    void propertyCopyExpandsSecurityRules() {
        TemplateScope s = scope("""
                {"parameters": {"ports": {"type": "array", "defaultValue": ["22", "443"]}}}""");
        JsonNode nsgProperties = json("""
                {"copy": [{"name": "securityRules", "count": "[length(parameters('ports'))]",
                  "input": {"name": "[concat('allow-', parameters('ports')[copyIndex('securityRules')])]",
                    "properties": {"priority": "[copyIndex('securityRules', 100)]",
                      "destinationPortRange": "[parameters('ports')[copyIndex('securityRules')]]",
                      "access": "Allow", "direction": "Inbound", "protocol": "Tcp"}}}],
                 "flowLogs": "none"}""");
        JsonNode out = s.evaluate(nsgProperties, CopyContext.NONE);
        assertThat(out.has("copy")).isFalse();
        assertThat(out.path("flowLogs").textValue()).isEqualTo("none");
        assertThat(out.path("securityRules").size()).isEqualTo(2);
        assertThat(out.path("securityRules").get(1).path("name").textValue()).isEqualTo("allow-443");
        assertThat(out.path("securityRules").get(1).path("properties").path("priority").intValue()).isEqualTo(101);
        assertThat(out.path("securityRules").get(0).path("properties").path("destinationPortRange").textValue())
                .isEqualTo("22");
    }

    @Test
    void propertyCopyInsideAResourceLoopSeesBothIndexes() {
        TemplateScope s = scope("{}");
        JsonNode props = json("""
                {"copy": [{"name": "rules", "count": 2,
                  "input": {"name": "[format('nsg{0}-rule{1}', copyIndex(), copyIndex('rules'))]"}}]}""");
        JsonNode out = s.evaluate(props, CopyContext.NONE.withResourceLoop("nsgLoop", 3));
        assertThat(out.path("rules").get(1).path("name").textValue()).isEqualTo("nsg3-rule1");
        assertThat(s.evaluateExpression("[copyIndex(10)]", CopyContext.NONE.withResourceLoop("x", 2)).intValue())
                .isEqualTo(12);
        assertThat(s.evaluateExpression("[copyIndex('X')]", CopyContext.NONE.withResourceLoop("x", 2)).intValue())
                .isEqualTo(2);
        assertThatThrownBy(() -> s.evaluateExpression("[copyIndex()]", CopyContext.NONE))
                .isInstanceOf(ArmExpressionException.class).hasMessageContaining("outside a copy loop");
    }

    @Test
    void unknownCopyCountLeavesTheRestOfTheObject() {
        TemplateScope s = scope("{\"parameters\": {\"n\": {\"type\": \"int\"}}}");
        JsonNode out = s.evaluate(json("""
                {"copy": [{"name": "securityRules", "count": "[parameters('n')]", "input": {"name": "r"}}],
                 "other": "kept"}"""), CopyContext.NONE);
        assertThat(out.path("other").textValue()).isEqualTo("kept");
        assertThat(Unresolved.isMarker(out.get("securityRules"))).isTrue();
        assertThatThrownBy(() -> s.evaluateCount(json("\"[parameters('n')]\""), CopyContext.NONE))
                .isInstanceOf(UnresolvedException.class);
        assertThatThrownBy(() -> s.evaluateCount(json("801"), CopyContext.NONE))
                .isInstanceOf(ArmExpressionException.class).hasMessageContaining("800");
    }

    @Test
    void conditions() {
        TemplateScope s = scope("{\"parameters\": {\"mode\": {\"type\": \"string\", \"defaultValue\": \"new\"},"
                + " \"other\": {\"type\": \"string\"}}}");
        assertThat(s.evaluateCondition(json("\"[equals(parameters('mode'), 'new')]\""), CopyContext.NONE)).isTrue();
        assertThat(s.evaluateCondition(json("false"), CopyContext.NONE)).isFalse();
        assertThat(s.evaluateCondition(null, CopyContext.NONE)).isTrue();
        assertThatThrownBy(() -> s.evaluateCondition(json("\"[equals(parameters('other'), 'new')]\""),
                CopyContext.NONE)).isInstanceOf(UnresolvedException.class);
    }

    @Test
    void selfReferencingVariablesAreNamedCycles() {
        TemplateScope s = scope("""
                {"variables": {"a": "[variables('a')]",
                               "b": "[concat(variables('c'), 'x')]", "c": {"k": "[variables('d')]"},
                               "d": "[variables('B')]"},
                 "parameters": {"p": {"type": "string", "defaultValue": "[parameters('q')]"},
                                "q": {"type": "string", "defaultValue": "[parameters('p')]"}}}""");
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThatThrownBy(() -> s.variable("a")).isInstanceOf(ArmExpressionException.class)
                    .hasMessageContaining("variables('a') depends on itself: variables('a') -> variables('a')");
            assertThatThrownBy(() -> s.variable("b")).isInstanceOf(ArmExpressionException.class)
                    .hasMessageContaining("variables('b') -> variables('c') -> variables('d') -> variables('b')");
            assertThatThrownBy(() -> s.parameter("p")).isInstanceOf(ArmExpressionException.class)
                    .hasMessageContaining("parameters('p') -> parameters('q') -> parameters('p')");
        });
    }

    @Test
    void longVariableChainsAndRecursionAreClearErrors() {
        StringBuilder vars = new StringBuilder("{\"variables\": {");
        for (int i = 0; i < 5000; i++) {
            vars.append("\"v").append(i).append("\": \"[variables('v").append(i + 1).append("')]\",");
        }
        vars.append("\"v5000\": \"end\"}, \"functions\": [{\"namespace\": \"f\", \"members\": {\"loop\": {")
                .append("\"parameters\": [{\"name\": \"n\", \"type\": \"int\"}], \"output\": {\"type\": \"int\",")
                .append("\"value\": \"[f.loop(add(parameters('n'), 1))]\"}}}}]}");
        TemplateScope s = scope(vars.toString());
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThatThrownBy(() -> s.variable("v0")).isInstanceOf(ArmExpressionException.class)
                    .hasMessageContaining("nested deeper than " + Limits.MAX_EVALUATION_DEPTH);
            assertThatThrownBy(() -> eval(s, "[f.loop(0)]")).isInstanceOf(ArmExpressionException.class)
                    .hasMessageContaining("nested deeper than");
        });
        assertThat(s.variable("v4990").textValue()).isEqualTo("end");
    }

    @Test
    void deeplyNestedJsonValuesAreBounded() {
        JsonNode deep = ArmValues.array();
        for (int i = 0; i < 10_000; i++) {
            deep = ArmValues.array().add(deep);
        }
        JsonNode value = deep;
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> scope("{}").evaluate(value, CopyContext.NONE))
                        .isInstanceOf(ArmExpressionException.class).hasMessageContaining("nested deeper than"));
    }

    @Test
    void userDefinedFunctions() {
        TemplateScope s = scope("""
                {"functions": [{"namespace": "net", "members": {
                   "rule": {"parameters": [{"name": "name", "type": "string"}, {"name": "prio", "type": "int"}],
                     "output": {"type": "object", "value": {"name": "[parameters('name')]",
                       "properties": {"priority": "[parameters('prio')]", "tag": "[variables('tag')]"}}}},
                   "double": {"parameters": [{"name": "x", "type": "int"}],
                     "output": {"type": "int", "value": "[mul(parameters('x'), 2)]"}}}}],
                 "variables": {"tag": "VirtualNetwork"}}""");
        assertThat(ArmValues.compactJson(eval(s, "[net.rule('ssh', net.double(50))]")))
                .isEqualTo("{\"name\":\"ssh\",\"properties\":{\"priority\":100,\"tag\":\"VirtualNetwork\"}}");
        assertThatThrownBy(() -> eval(s, "[net.double(1, 2)]")).isInstanceOf(ArmExpressionException.class)
                .hasMessageContaining("takes 1 argument");
    }

    @Test
    void undeclaredNamesAreErrors() {
        TemplateScope s = scope("{\"variables\": {\"a\": 1}}");
        assertThatThrownBy(() -> eval(s, "[variables('b')]")).isInstanceOf(ArmExpressionException.class)
                .hasMessageContaining("variable 'b' is not declared");
        assertThatThrownBy(() -> eval(s, "[parameters('b')]")).isInstanceOf(ArmExpressionException.class)
                .hasMessageContaining("parameter 'b' is not declared");
        assertThat(s.variableNames()).containsExactly("a");
    }

    @Test
    void markersFlowThroughStructuralFunctions() {
        TemplateScope s = scope("""
                {"parameters": {"ip": {"type": "string"}},
                 "variables": {"rules": "[createArray(createObject('name', 'a', 'prefix', parameters('ip')),
                                                      createObject('name', 'b', 'prefix', '10.0.0.0/8'))]"}}""");
        JsonNode rules = s.variable("rules");
        assertThat(rules.size()).isEqualTo(2);
        assertThat(rules.get(1).path("prefix").textValue()).isEqualTo("10.0.0.0/8");
        assertThat(Unresolved.isMarker(rules.get(0).get("prefix"))).isTrue();
        assertThat(eval(s, "[length(variables('rules'))]").intValue()).isEqualTo(2);
        assertThat(eval(s, "[variables('rules')[1].prefix]").textValue()).isEqualTo("10.0.0.0/8");
        assertThatThrownBy(() -> eval(s, "[variables('rules')[0].prefix]")).isInstanceOf(UnresolvedException.class);
        assertThatThrownBy(() -> eval(s, "[string(variables('rules'))]")).isInstanceOf(UnresolvedException.class);
    }
}
