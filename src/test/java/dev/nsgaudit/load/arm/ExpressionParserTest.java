package dev.nsgaudit.load.arm;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.nsgaudit.load.arm.ArmTestSupport.eval;
import static dev.nsgaudit.load.arm.ArmTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The expression grammar, the '[[' escape, literal strings, and errors with positions. */
class ExpressionParserTest {

    @Test
    void parsesCallsLiteralsAndAccess() {
        Expr e = ExpressionParser.parse("[concat(parameters('a')[0].b['c'], 'it''s', -12, true, null)]");
        assertThat(e).isInstanceOf(Expr.Call.class);
        Expr.Call call = (Expr.Call) e;
        assertThat(call.name()).isEqualTo("concat");
        assertThat(call.args()).hasSize(5);
        assertThat(call.args().get(0)).isInstanceOf(Expr.Index.class);
        assertThat(((Expr.Str) call.args().get(1)).value()).isEqualTo("it's");
        assertThat(((Expr.Int) call.args().get(2)).value()).isEqualTo(-12);
        assertThat(call.args().get(3)).isEqualTo(new Expr.Bool(true, call.args().get(3).position()));
        assertThat(call.args().get(4)).isInstanceOf(Expr.Null.class);
        assertThat(e.toString()).isEqualTo("concat(parameters('a')[0].b['c'], 'it''s', -12, true, null)");
    }

    @Test
    void namespacedUserFunctionsAndWhitespace() {
        Expr.Call c = (Expr.Call) ExpressionParser.parse("[ __bicep.getExportBodyV2 ( 1 , 'x' ) ]");
        assertThat(c.name()).isEqualTo("__bicep.getExportBodyV2");
        assertThat(c.key()).isEqualTo("__bicep.getexportbodyv2");
        Expr m = ExpressionParser.parse("[resourceGroup().location]");
        assertThat(m).isInstanceOf(Expr.Member.class);
    }

    @Test
    void classifiesTemplateStrings() {
        assertThat(ExpressionParser.isExpression("[variables('a')]")).isTrue();
        assertThat(ExpressionParser.isExpression("[[variables('a')]")).isFalse();
        assertThat(ExpressionParser.isExpression("[not closed")).isFalse();
        assertThat(ExpressionParser.isExpression("plain")).isFalse();
        assertThat(ExpressionParser.literalValue("[[variables('a')]")).isEqualTo("[variables('a')]");
        assertThat(ExpressionParser.literalValue("[not closed")).isEqualTo("[not closed");
        assertThat(text("[[variables('a')]")).isEqualTo("[variables('a')]");
        assertThat(text("Allow [variables('x')] traffic")).isEqualTo("Allow [variables('x')] traffic");
        assertThat(text("[[")).isEqualTo("[[");
    }

    @Test
    void escapedStringsInDeepEvaluation() {
        TemplateScope s = ArmTestSupport.scope("{}");
        assertThat(ArmValues.compactJson(s.evaluate(ArmTestSupport.json(
                "{\"a\": \"[[concat('x')]\", \"b\": \"[concat('x', 'y')]\", \"c\": \"[x\"}"), CopyContext.NONE)))
                .isEqualTo("{\"a\":\"[concat('x')]\",\"b\":\"xy\",\"c\":\"[x\"}");
    }

    @Test
    void errorsNameThePosition() {
        List<String[]> cases = List.of(
                new String[] {"[concat('a']", "missing ')'"},
                new String[] {"[concat('a', )]", "position 14"},
                new String[] {"[foo]", "neither a function call nor a literal"},
                new String[] {"[concat('a')) ]", "unexpected ')'"},
                new String[] {"['abc]", "not closed"},
                new String[] {"[1.5]", "no decimal literals"},
                new String[] {"[]", "empty expression"},
                new String[] {"[resourceGroup().]", "property name"},
                new String[] {"[99999999999999999999]", "out of range"},
                new String[] {"[parameters('a')[0]", "missing ']'"});
        for (String[] c : cases) {
            assertThatThrownBy(() -> ExpressionParser.parse(c[0])).as(c[0])
                    .isInstanceOf(ArmExpressionException.class).hasMessageContaining(c[1]);
        }
    }

    @Test
    void deeplyNestedExpressionFailsFastAndClearly() {
        String deep = "[" + "concat(".repeat(50_000) + "'a'" + ")".repeat(50_000) + "]";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> eval(deep)).isInstanceOf(ArmExpressionException.class)
                        .hasMessageContaining("nested deeper than " + Limits.MAX_EXPRESSION_NESTING));
        String deepIndex = "[createArray(1)" + "[0]".repeat(50_000) + "]";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> eval(deepIndex)).isInstanceOf(ArmExpressionException.class));
    }

    @Test
    void moderateNestingWorks() {
        String nested = "[" + "concat(".repeat(90) + "'a'" + ")".repeat(90) + "]";
        assertThat(text(nested)).isEqualTo("a");
    }
}
