package dev.nsgaudit.load.arm;

import org.junit.jupiter.api.Test;

import static dev.nsgaudit.load.arm.ArmTestSupport.eval;
import static dev.nsgaudit.load.arm.ArmTestSupport.evalJson;
import static dev.nsgaudit.load.arm.ArmTestSupport.json;
import static dev.nsgaudit.load.arm.ArmTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** String functions against the outputs in ARM's template-functions-string documentation. */
class StringFunctionsTest {

    @Test
    void base64RoundTrips() {
        assertThat(text("[base64('one, two, three')]")).isEqualTo("b25lLCB0d28sIHRocmVl");
        assertThat(text("[base64ToString('b25lLCB0d28sIHRocmVl')]")).isEqualTo("one, two, three");
        assertThat(eval("[base64ToJson(base64('{''one'': ''a'', ''two'': ''b''}'))]"))
                .isEqualTo(json("{\"one\": \"a\", \"two\": \"b\"}"));
    }

    @Test
    void dataUri() {
        assertThat(text("[dataUri('Hello')]")).isEqualTo("data:text/plain;charset=utf8;base64,SGVsbG8=");
        assertThat(text("[dataUriToString('data:;base64,SGVsbG8sIFdvcmxkIQ==')]")).isEqualTo("Hello, World!");
    }

    @Test
    void startsAndEndsWithIgnoreCase() {
        assertThat(evalJson("[createArray(startsWith('abcdef', 'ab'), startsWith('abcdef', 'A'),"
                + " startsWith('abcdef', 'e'), endsWith('abcdef', 'ef'), endsWith('abcdef', 'F'),"
                + " endsWith('abcdef', 'e'))]")).isEqualTo("[true,true,false,true,true,false]");
    }

    @Test
    void formatUsesDotNetCompositeFormatting() {
        assertThat(text("[format('{0}, {1}. Formatted number: {2:N0}', 'Hello', 'User', 8175133)]"))
                .isEqualTo("Hello, User. Formatted number: 8,175,133");
        assertThat(text("[format('{{\"id\": \"{0}\"}}', 'x')]")).isEqualTo("{\"id\": \"x\"}");
        assertThat(text("[format('{0:D3}-{1:00}-{2,4}|{3,-3}|{4}', 7, 5, 'ab', 'c', true)]"))
                .isEqualTo("007-05-  ab|c  |True");
        assertThatThrownBy(() -> eval("[format('{1}', 'a')]")).isInstanceOf(ArmExpressionException.class)
                .hasMessageContaining("{1}");
    }

    @Test
    void indexOfAndLastIndexOfIgnoreCase() {
        assertThat(evalJson("[createArray(indexOf('test', 't'), lastIndexOf('test', 't'),"
                + " indexOf('abcdef', 'CD'), lastIndexOf('abcdef', 'AB'), indexOf('abcdef', 'z'))]"))
                .isEqualTo("[0,3,2,0,-1]");
    }

    @Test
    void padLeftReplaceSplitJoin() {
        assertThat(text("[padLeft('123', 10, '0')]")).isEqualTo("0000000123");
        assertThat(text("[padLeft(7, 3, '0')]")).isEqualTo("007");
        assertThat(text("[padLeft('12345', 3)]")).isEqualTo("12345");
        assertThat(text("[replace('123-123-1234', '-', '')]")).isEqualTo("1231231234");
        assertThat(text("[replace('123-123-1234', '1234', 'xxxx')]")).isEqualTo("123-123-xxxx");
        assertThat(evalJson("[split('one,two,three', ',')]")).isEqualTo("[\"one\",\"two\",\"three\"]");
        assertThat(evalJson("[split('one;two,three', createArray(',', ';'))]"))
                .isEqualTo("[\"one\",\"two\",\"three\"]");
        assertThat(evalJson("[split('a,,b', ',')]")).isEqualTo("[\"a\",\"\",\"b\"]");
        assertThat(text("[join(createArray('one', 'two', 'three'), ',')]")).isEqualTo("one,two,three");
    }

    @Test
    void stringConvertsAnyValue() {
        assertThat(text("[string(json('{\"valueA\": 10, \"valueB\": \"Example Text\"}'))]"))
                .isEqualTo("{\"valueA\":10,\"valueB\":\"Example Text\"}");
        assertThat(text("[string(createArray('a', 'b', 'c'))]")).isEqualTo("[\"a\",\"b\",\"c\"]");
        assertThat(text("[string(5)]")).isEqualTo("5");
        assertThat(text("[string(true)]")).isEqualTo("True");
    }

    @Test
    void substringAndItsDocumentedError() {
        assertThat(text("[substring('one two three', 4, 3)]")).isEqualTo("two");
        assertThat(text("[substring('one two three', 4)]")).isEqualTo("two three");
        assertThatThrownBy(() -> eval("[substring('1234567890', 0, 11)]"))
                .isInstanceOf(ArmExpressionException.class)
                .hasMessageContaining("The index parameter: '0', the length parameter: '11', the length of the"
                        + " string parameter: '10'");
    }

    @Test
    void caseAndTrim() {
        assertThat(text("[toLower('One Two Three')]")).isEqualTo("one two three");
        assertThat(text("[toUpper('One Two Three')]")).isEqualTo("ONE TWO THREE");
        assertThat(text("[trim('    one two three   ')]")).isEqualTo("one two three");
    }

    @Test
    void uriFollowsTheDocumentedSlashRules() {
        assertThat(text("[uri('http://contoso.org/firstpath', 'myscript.sh')]"))
                .isEqualTo("http://contoso.org/myscript.sh");
        assertThat(text("[uri('http://contoso.org/firstpath/', 'myscript.sh')]"))
                .isEqualTo("http://contoso.org/firstpath/myscript.sh");
        assertThat(text("[uri('http://contoso.org/firstpath/azuredeploy.json', 'myscript.sh')]"))
                .isEqualTo("http://contoso.org/firstpath/myscript.sh");
        assertThat(text("[uri('http://contoso.org/firstpath/azuredeploy.json/', 'myscript.sh')]"))
                .isEqualTo("http://contoso.org/firstpath/azuredeploy.json/myscript.sh");
        assertThat(text("[uri('http://contoso.com/resources/azuredeploy.json', 'nested/azuredeploy.json')]"))
                .isEqualTo("http://contoso.com/resources/nested/azuredeploy.json");
        assertThat(text("[uri('https://a.b/x/y/z.json', '../n.json?sv=1')]")).isEqualTo("https://a.b/x/n.json?sv=1");
    }

    @Test
    void uriComponentRoundTrips() {
        assertThat(text("[uriComponent('http://contoso.com/resources/nested/azuredeploy.json')]"))
                .isEqualTo("http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json");
        assertThat(text("[uriComponentToString('http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json')]"))
                .isEqualTo("http://contoso.com/resources/nested/azuredeploy.json");
    }

    @Test
    void newGuidIsUnresolved() {
        assertThatThrownBy(() -> eval("[newGuid()]")).isInstanceOf(UnresolvedException.class)
                .hasMessageContaining("new value on every deployment");
    }
}
