package dev.nsgaudit.load.arm;

import org.junit.jupiter.api.Test;

import static dev.nsgaudit.load.arm.ArmTestSupport.eval;
import static dev.nsgaudit.load.arm.ArmTestSupport.evalJson;
import static dev.nsgaudit.load.arm.ArmTestSupport.json;
import static dev.nsgaudit.load.arm.ArmTestSupport.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Array and object functions against the outputs in ARM's template-functions-array/-object documentation. */
class ArrayObjectFunctionsTest {

    private static final String DOC_VALUES = """
            {"variables": {
              "stringToTest": "OneTwoThree",
              "objectToTest": {"one": "a", "two": "b", "three": "c"},
              "arrayToTest": ["one", "two", "three"],
              "otherObject": {"one": "a", "two": "z", "three": "c"},
              "otherArray": ["two", "three"],
              "firstObject": {"one": "a", "two": "b", "three": "c1"},
              "secondObject": {"three": "c2", "four": "d", "five": "e"},
              "lengthObject": {"propA": "one", "propB": "two", "propC": "three",
                               "propD": {"propD-1": "sub", "propD-2": "sub"}},
              "entities": {
                "item002": {"enabled": false, "displayName": "Example item 2", "number": 200},
                "item001": {"enabled": true, "displayName": "Example item 1", "number": 300}
              }
            }}""";

    private static String doc(String expression) {
        return ArmValues.compactJson(eval(scope(DOC_VALUES), expression));
    }

    @Test
    void contains() {
        assertThat(doc("[createArray(contains(variables('stringToTest'), 'e'), contains(variables('stringToTest'), 'z'),"
                + " contains(variables('objectToTest'), 'one'), contains(variables('objectToTest'), 'a'),"
                + " contains(variables('arrayToTest'), 'three'), contains(variables('arrayToTest'), 'four'))]"))
                .isEqualTo("[true,false,true,false,true,false]");
        assertThat(doc("[contains(variables('objectToTest'), 'ONE')]")).isEqualTo("true");
        assertThat(doc("[contains(variables('stringToTest'), 'one')]")).isEqualTo("false");
    }

    @Test
    void emptyFirstLastLength() {
        assertThat(evalJson("[createArray(empty(createArray()), empty(createObject()), empty(''), empty(null()))]"))
                .isEqualTo("[true,true,true,true]");
        assertThat(doc("[createArray(first(variables('arrayToTest')), first('One Two Three'),"
                + " last(variables('arrayToTest')), last('One Two Three'))]"))
                .isEqualTo("[\"one\",\"O\",\"three\",\"e\"]");
        assertThat(doc("[createArray(length(variables('arrayToTest')), length('One Two Three'),"
                + " length(variables('lengthObject')))]")).isEqualTo("[3,13,4]");
    }

    @Test
    void takeAndSkip() {
        assertThat(doc("[createArray(skip(variables('arrayToTest'), 2), skip('one two three', 4),"
                + " take(variables('arrayToTest'), 2), take('one two three', 2), take('abc', -1), skip('abc', 9))]"))
                .isEqualTo("[[\"three\"],\"two three\",[\"one\",\"two\"],\"on\",\"\",\"\"]");
    }

    @Test
    void concatStringsAndArrays() {
        assertThat(evalJson("[concat(createArray('1-1', '1-2', '1-3'), createArray('2-1', '2-2', '2-3'))]"))
                .isEqualTo("[\"1-1\",\"1-2\",\"1-3\",\"2-1\",\"2-2\",\"2-3\"]");
        assertThat(evalJson("[concat('prefix', '-', 5)]")).isEqualTo("\"prefix-5\"");
        assertThatThrownBy(() -> eval("[concat('a', createArray('b'))]")).isInstanceOf(ArmExpressionException.class);
    }

    @Test
    void intersection() {
        assertThat(doc("[intersection(variables('objectToTest'), variables('otherObject'))]"))
                .isEqualTo("{\"one\":\"a\",\"three\":\"c\"}");
        assertThat(doc("[intersection(variables('arrayToTest'), variables('otherArray'))]"))
                .isEqualTo("[\"two\",\"three\"]");
    }

    @Test
    void unionOfArraysAndObjects() {
        assertThat(eval(scope(DOC_VALUES), "[union(variables('firstObject'), variables('secondObject'))]"))
                .isEqualTo(json("{\"one\": \"a\", \"two\": \"b\", \"three\": \"c2\", \"four\": \"d\", \"five\": \"e\"}"));
        assertThat(evalJson("[union(createArray('one', 'two', 'three'), createArray('three', 'four'))]"))
                .isEqualTo("[\"one\",\"two\",\"three\",\"four\"]");
    }

    @Test
    void unionMergesNestedObjectsButNotNestedArrays() {
        TemplateScope s = scope("""
                {"variables": {
                  "firstObject": {"property": {"one": "a", "two": "b", "three": "c1"}, "nestedArray": [1, 2]},
                  "secondObject": {"property": {"three": "c2", "four": "d", "five": "e"}, "nestedArray": [3, 4]},
                  "firstArray": [["one", "two"], ["three"]],
                  "secondArray": [["three"], ["four", "two"]]
                }}""");
        assertThat(ArmValues.compactJson(eval(s, "[union(variables('firstObject'), variables('secondObject'))]")))
                .isEqualTo("{\"property\":{\"one\":\"a\",\"two\":\"b\",\"three\":\"c2\",\"four\":\"d\",\"five\":\"e\"},"
                        + "\"nestedArray\":[3,4]}");
        assertThat(ArmValues.compactJson(eval(s, "[union(variables('firstArray'), variables('secondArray'))]")))
                .isEqualTo("[[\"one\",\"two\"],[\"three\"],[\"four\",\"two\"]]");
    }

    @Test
    void createObjectAndArray() {
        assertThat(evalJson("[createObject('intProp', 1, 'stringProp', 'abc', 'boolProp', true(),"
                + " 'arrayProp', createArray('a', 'b', 'c'), 'objectProp', createObject('key1', 'value1'))]"))
                .isEqualTo("{\"intProp\":1,\"stringProp\":\"abc\",\"boolProp\":true,\"arrayProp\":[\"a\",\"b\",\"c\"],"
                        + "\"objectProp\":{\"key1\":\"value1\"}}");
        assertThat(evalJson("[array('efgh')]")).isEqualTo("[\"efgh\"]");
        assertThat(evalJson("[array(createArray(1))]")).isEqualTo("[1]");
        assertThatThrownBy(() -> eval("[createObject('a')]")).isInstanceOf(ArmExpressionException.class);
    }

    @Test
    void itemsAreSortedByKey() {
        assertThat(doc("[items(variables('entities'))]")).isEqualTo("[{\"key\":\"item001\",\"value\":"
                + "{\"enabled\":true,\"displayName\":\"Example item 1\",\"number\":300}},{\"key\":\"item002\",\"value\":"
                + "{\"enabled\":false,\"displayName\":\"Example item 2\",\"number\":200}}]");
        assertThat(doc("[objectKeys(variables('entities'))]")).isEqualTo("[\"item001\",\"item002\"]");
    }

    @Test
    void jsonAndNull() {
        assertThat(evalJson("[createArray(empty(json('null')), json('{\"a\": \"b\"}'), json('\"test\"'),"
                + " json('true'), json('3'), json('[1,2,3]'), json(concat('{\"a\": \"', 'demo value', '\"}')))]"))
                .isEqualTo("[true,{\"a\":\"b\"},\"test\",true,3,[1,2,3],{\"a\":\"demo value\"}]");
        assertThat(evalJson("[empty(null())]")).isEqualTo("true");
        assertThatThrownBy(() -> eval("[json('{nope')]")).isInstanceOf(ArmExpressionException.class);
    }

    @Test
    void shallowMergeTryGetFlattenIndexOf() {
        assertThat(evalJson("[shallowMerge(createArray(createObject('a', 1, 'n', createObject('x', 1)),"
                + " createObject('b', 2, 'n', createObject('y', 2))))]"))
                .isEqualTo("{\"a\":1,\"n\":{\"y\":2},\"b\":2}");
        assertThat(evalJson("[createArray(tryGet(createObject('a', createArray(5, 6)), 'a', 1),"
                + " tryGet(createObject('a', 1), 'b'), tryGet(createArray(1), 3))]")).isEqualTo("[6,null,null]");
        assertThat(evalJson("[flatten(createArray(createArray('one', 'two'), createArray('three'), createArray()))]"))
                .isEqualTo("[\"one\",\"two\",\"three\"]");
        assertThat(evalJson("[createArray(indexOf(createArray('a', 'b', 'a'), 'a'),"
                + " lastIndexOf(createArray('a', 'b', 'a'), 'a'), indexOf(createArray(1, 2), 3))]"))
                .isEqualTo("[0,2,-1]");
    }

    @Test
    void propertyAccessIgnoresCaseAndReportsMissingNames() {
        assertThat(doc("[variables('OBJECTTOTEST').ONE]")).isEqualTo("\"a\"");
        assertThat(doc("[variables('arrayToTest')[1]]")).isEqualTo("\"two\"");
        assertThat(doc("[variables('objectToTest')['two']]")).isEqualTo("\"b\"");
        assertThatThrownBy(() -> doc("[variables('objectToTest').four]")).isInstanceOf(ArmExpressionException.class)
                .hasMessageContaining("'four' does not exist").hasMessageContaining("one, two, three");
        assertThatThrownBy(() -> doc("[variables('arrayToTest')[3]]")).isInstanceOf(ArmExpressionException.class)
                .hasMessageContaining("out of range");
    }
}
