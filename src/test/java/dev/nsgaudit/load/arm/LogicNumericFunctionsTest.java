package dev.nsgaudit.load.arm;

import org.junit.jupiter.api.Test;

import static dev.nsgaudit.load.arm.ArmTestSupport.eval;
import static dev.nsgaudit.load.arm.ArmTestSupport.evalJson;
import static dev.nsgaudit.load.arm.ArmTestSupport.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Comparison, logical and numeric functions against ARM's documented outputs. */
class LogicNumericFunctionsTest {

    @Test
    void coalesceAsDocumented() {
        TemplateScope s = scope("""
                {"parameters": {"objectToTest": {"type": "object", "defaultValue": {
                  "null1": null, "null2": null, "string": "default", "int": 1,
                  "object": {"first": "default"}, "array": [1]}}}}""");
        String p = "parameters('objectToTest')";
        assertThat(ArmValues.compactJson(eval(s, "[createArray("
                + "coalesce(" + p + ".null1, " + p + ".null2, " + p + ".string),"
                + "coalesce(" + p + ".null1, " + p + ".null2, " + p + ".int),"
                + "coalesce(" + p + ".null1, " + p + ".null2, " + p + ".object),"
                + "coalesce(" + p + ".null1, " + p + ".null2, " + p + ".array),"
                + "empty(coalesce(" + p + ".null1, " + p + ".null2)))]")))
                .isEqualTo("[\"default\",1,{\"first\":\"default\"},[1],true]");
    }

    @Test
    void equalsAndOrdering() {
        assertThat(evalJson("[createArray(equals(1, 1), equals('a', 'a'), equals(createArray('a', 'b'),"
                + " createArray('a', 'b')), equals(json('{\"a\": \"b\"}'), json('{\"a\": \"b\"}')), not(equals(1, 2)),"
                + " equals('a', 'A'), equals(1, '1'))]")).isEqualTo("[true,true,true,true,true,false,false]");
        // Documented: 'A' is greater than 'a' (culture-aware order, not ordinal).
        assertThat(evalJson("[createArray(greater(1, 2), greater('A', 'a'), greaterOrEquals(1, 2),"
                + " greaterOrEquals('A', 'a'), less(1, 2), less('A', 'a'), lessOrEquals(1, 2), lessOrEquals('A', 'a'))]"))
                .isEqualTo("[false,true,false,true,true,false,true,false]");
        assertThatThrownBy(() -> eval("[less(1, 'a')]")).isInstanceOf(ArmExpressionException.class);
    }

    @Test
    void logicalFunctions() {
        assertThat(evalJson("[createArray(and(bool('true'), bool('false')), or(bool('true'), bool('false')),"
                + " not(bool('true')), bool('true'), bool('false'), bool(1), bool(0), true(), false(), true, false)]"))
                .isEqualTo("[false,true,false,true,false,true,false,true,false,true,false]");
    }

    @Test
    void ifEvaluatesOnlyTheBranchTaken() {
        assertThat(evalJson("[createArray(if(equals('a', 'a'), 'yes', 'no'), if(equals('a', 'b'), 'yes', 'no'),"
                + " if(equals('a', 'a'), json('{\"test\": \"value1\"}'), json('null')))]"))
                .isEqualTo("[\"yes\",\"no\",{\"test\":\"value1\"}]");
        // The branch not taken would fail (division by zero, an unknown reference), but is never evaluated.
        assertThat(evalJson("[if(true, 1, div(1, 0))]")).isEqualTo("1");
        assertThat(evalJson("[if(false, reference('x').y, 'fallback')]")).isEqualTo("\"fallback\"");
        assertThatThrownBy(() -> eval("[if(true, reference('x').y, 'fallback')]"))
                .isInstanceOf(UnresolvedException.class);
    }

    @Test
    void andOrDecideDespiteUnknownOperands() {
        assertThat(evalJson("[and(false, reference('x').y)]")).isEqualTo("false");
        assertThat(evalJson("[and(reference('x').y, false)]")).isEqualTo("false");
        assertThat(evalJson("[or(reference('x').y, true)]")).isEqualTo("true");
        assertThat(evalJson("[or(true, div(1, 0))]")).isEqualTo("true");
        assertThatThrownBy(() -> eval("[and(true, reference('x').y)]")).isInstanceOf(UnresolvedException.class);
        assertThatThrownBy(() -> eval("[or(false, reference('x').y)]")).isInstanceOf(UnresolvedException.class);
    }

    @Test
    void coalesceStopsAtTheFirstValue() {
        assertThat(evalJson("[coalesce(null(), 'a', reference('x'))]")).isEqualTo("\"a\"");
        assertThatThrownBy(() -> eval("[coalesce(null(), reference('x'), 'a')]"))
                .isInstanceOf(UnresolvedException.class);
    }

    @Test
    void arithmetic() {
        assertThat(evalJson("[createArray(add(5, 3), sub(7, 3), mul(5, 3), div(8, 3), mod(7, 3), div(-7, 2),"
                + " mod(-7, 2), add(-1, 1), int('4'), int(-3))]")).isEqualTo("[8,4,15,2,1,-3,-1,0,4,-3]");
        assertThatThrownBy(() -> eval("[div(1, 0)]")).isInstanceOf(ArmExpressionException.class)
                .hasMessageContaining("division by zero");
        assertThatThrownBy(() -> eval("[mul(9223372036854775807, 2)]")).isInstanceOf(ArmExpressionException.class)
                .hasMessageContaining("overflow");
        assertThatThrownBy(() -> eval("[add('1', 2)]")).isInstanceOf(ArmExpressionException.class)
                .hasMessageContaining("must be an Integer, not a String");
    }

    @Test
    void minMaxRangeFloat() {
        assertThat(evalJson("[createArray(min(createArray(0, 3, 2, 5, 4)), min(0, 3, 2, 5, 4),"
                + " max(createArray(0, 3, 2, 5, 4)), max(0, 3, 2, 5, 4))]")).isEqualTo("[0,0,5,5]");
        assertThat(evalJson("[range(1, 5)]")).isEqualTo("[1,2,3,4,5]");
        assertThat(evalJson("[range(5, 0)]")).isEqualTo("[]");
        assertThat(evalJson("[float('2.5')]")).isEqualTo("2.5");
        assertThatThrownBy(() -> eval("[range(0, 1000000000)]")).isInstanceOf(ArmExpressionException.class);
    }
}
