package dev.nsgaudit.load.arm;

import org.junit.jupiter.api.Test;

import static dev.nsgaudit.load.arm.ArmTestSupport.eval;
import static dev.nsgaudit.load.arm.ArmTestSupport.evalJson;
import static dev.nsgaudit.load.arm.ArmTestSupport.scope;
import static dev.nsgaudit.load.arm.ArmTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lambda, CIDR and date functions against the outputs in their ARM documentation pages. */
class LambdaCidrDateFunctionsTest {

    private static final String DOGS = """
            {"variables": {"dogs": [
              {"name": "Evie", "age": 5, "interests": ["Ball", "Frisbee"]},
              {"name": "Casper", "age": 3, "interests": ["Other dogs"]},
              {"name": "Indy", "age": 2, "interests": ["Butter"]},
              {"name": "Kira", "age": 8, "interests": ["Rubs"]}],
             "ages": "[map(variables('dogs'), lambda('dog', lambdaVariables('dog').age))]",
             "copy": [{"name": "itemForLoop", "count": "[length(range(0, 10))]",
                       "input": "[range(0, 10)[copyIndex('itemForLoop')]]"}]}}""";

    private static String dogs(String expression) {
        return ArmValues.compactJson(eval(scope(DOGS), expression));
    }

    @Test
    void filter() {
        assertThat(dogs("[filter(variables('dogs'), lambda('dog', greaterOrEquals(lambdaVariables('dog').age, 5)))]"))
                .isEqualTo("[{\"name\":\"Evie\",\"age\":5,\"interests\":[\"Ball\",\"Frisbee\"]},"
                        + "{\"name\":\"Kira\",\"age\":8,\"interests\":[\"Rubs\"]}]");
        assertThat(dogs("[filter(variables('itemForLoop'), lambda('i', greater(lambdaVariables('i'), 5)))]"))
                .isEqualTo("[6,7,8,9]");
        assertThat(dogs("[filter(range(0, 10), lambda('i', equals(0, mod(lambdaVariables('i'), 2))))]"))
                .isEqualTo("[0,2,4,6,8]");
    }

    @Test
    void map() {
        assertThat(dogs("[map(variables('dogs'), lambda('dog', lambdaVariables('dog').name))]"))
                .isEqualTo("[\"Evie\",\"Casper\",\"Indy\",\"Kira\"]");
        assertThat(dogs("[map(variables('dogs'), lambda('dog', format('Hello {0}!', lambdaVariables('dog').name)))]"))
                .isEqualTo("[\"Hello Evie!\",\"Hello Casper!\",\"Hello Indy!\",\"Hello Kira!\"]");
        assertThat(dogs("[map(range(0, length(variables('dogs'))), lambda('i', createObject('i', lambdaVariables('i'),"
                + " 'dog', variables('dogs')[lambdaVariables('i')].name, 'greeting', format('Ahoy, {0}!',"
                + " variables('dogs')[lambdaVariables('i')].name))))]"))
                .isEqualTo("[{\"i\":0,\"dog\":\"Evie\",\"greeting\":\"Ahoy, Evie!\"},{\"i\":1,\"dog\":\"Casper\","
                        + "\"greeting\":\"Ahoy, Casper!\"},{\"i\":2,\"dog\":\"Indy\",\"greeting\":\"Ahoy, Indy!\"},"
                        + "{\"i\":3,\"dog\":\"Kira\",\"greeting\":\"Ahoy, Kira!\"}]");
        assertThat(evalJson("[map(createArray('a', 'b'), lambda('x', 'i', concat(lambdaVariables('x'),"
                + " string(lambdaVariables('i')))))]")).isEqualTo("[\"a0\",\"b1\"]");
    }

    @Test
    void reduce() {
        assertThat(dogs("[reduce(variables('ages'), 0, lambda('cur', 'next', add(lambdaVariables('cur'),"
                + " lambdaVariables('next'))))]")).isEqualTo("18");
        assertThat(dogs("[reduce(variables('ages'), 1, lambda('cur', 'next', add(lambdaVariables('cur'),"
                + " lambdaVariables('next'))))]")).isEqualTo("19");
        assertThat(evalJson("[reduce(createArray(createObject('foo', 123), createObject('bar', 456),"
                + " createObject('baz', 789)), createObject(), lambda('cur', 'next', union(lambdaVariables('cur'),"
                + " lambdaVariables('next'))))]")).isEqualTo("{\"foo\":123,\"bar\":456,\"baz\":789}");
    }

    @Test
    void sort() {
        assertThat(dogs("[map(sort(variables('dogs'), lambda('a', 'b', less(lambdaVariables('a').age,"
                + " lambdaVariables('b').age))), lambda('d', lambdaVariables('d').name))]"))
                .isEqualTo("[\"Indy\",\"Casper\",\"Evie\",\"Kira\"]");
    }

    @Test
    void toObjectGroupByMapValues() {
        assertThat(dogs("[toObject(variables('dogs'), lambda('entry', lambdaVariables('entry').name)).Kira.age]"))
                .isEqualTo("8");
        assertThat(dogs("[toObject(variables('dogs'), lambda('entry', lambdaVariables('entry').name),"
                + " lambda('entry', lambdaVariables('entry').interests))]"))
                .isEqualTo("{\"Evie\":[\"Ball\",\"Frisbee\"],\"Casper\":[\"Other dogs\"],\"Indy\":[\"Butter\"],"
                        + "\"Kira\":[\"Rubs\"]}");
        assertThat(evalJson("[groupBy(createArray('foo', 'bar', 'baz'), lambda('x', substring(lambdaVariables('x'),"
                + " 0, 1)))]")).isEqualTo("{\"f\":[\"foo\"],\"b\":[\"bar\",\"baz\"]}");
        assertThat(evalJson("[mapValues(createObject('a', 1, 'b', 2), lambda('v', mul(lambdaVariables('v'), 10)))]"))
                .isEqualTo("{\"a\":10,\"b\":20}");
    }

    @Test
    void mapKeepsKnownElementsWhenOneIsUnknown() {
        String out = evalJson("[map(createArray('a', 'b'), lambda('x', if(equals(lambdaVariables('x'), 'a'),"
                + " 'known', reference('x').y)))]");
        assertThat(out).startsWith("[\"known\",{\"expression\":").contains("deployed state");
    }

    @Test
    void lambdaMisuse() {
        assertThatThrownBy(() -> eval("[lambda('x', 1)]")).isInstanceOf(ArmExpressionException.class);
        assertThatThrownBy(() -> eval("[map(createArray(1), 5)]")).isInstanceOf(ArmExpressionException.class);
        assertThatThrownBy(() -> eval("[lambdaVariables('x')]")).isInstanceOf(ArmExpressionException.class);
    }

    @Test
    void parseCidr() {
        assertThat(evalJson("[parseCidr('10.144.0.0/20')]")).isEqualTo("{\"network\":\"10.144.0.0\","
                + "\"netmask\":\"255.255.240.0\",\"broadcast\":\"10.144.15.255\",\"firstUsable\":\"10.144.0.1\","
                + "\"lastUsable\":\"10.144.15.254\",\"cidr\":20}");
        assertThat(evalJson("[parseCidr('fdad:3236:5555::/48')]")).isEqualTo("{\"network\":\"fdad:3236:5555::\","
                + "\"netmask\":\"ffff:ffff:ffff::\",\"firstUsable\":\"fdad:3236:5555::\","
                + "\"lastUsable\":\"fdad:3236:5555:ffff:ffff:ffff:ffff:ffff\",\"cidr\":48}");
    }

    @Test
    void cidrSubnetAndHostInCopyLoops() {
        TemplateScope s = scope("""
                {"variables": {"copy": [
                  {"name": "v4subnets", "count": "[length(range(0, 5))]",
                   "input": "[cidrSubnet('10.144.0.0/20', 24, range(0, 5)[copyIndex('v4subnets')])]"},
                  {"name": "v6subnets", "count": "[length(range(0, 5))]",
                   "input": "[cidrSubnet('fdad:3236:5555::/48', 52, range(0, 5)[copyIndex('v6subnets')])]"},
                  {"name": "v4hosts", "count": "[length(range(0, 5))]",
                   "input": "[cidrHost('10.144.3.0/24', range(0, 5)[copyIndex('v4hosts')])]"},
                  {"name": "v6hosts", "count": "[length(range(0, 5))]",
                   "input": "[cidrHost('fdad:3236:5555:3000::/52', range(0, 5)[copyIndex('v6hosts')])]"}]}}""");
        assertThat(ArmValues.compactJson(s.variable("v4subnets"))).isEqualTo("[\"10.144.0.0/24\",\"10.144.1.0/24\","
                + "\"10.144.2.0/24\",\"10.144.3.0/24\",\"10.144.4.0/24\"]");
        assertThat(ArmValues.compactJson(s.variable("v6subnets"))).isEqualTo("[\"fdad:3236:5555::/52\","
                + "\"fdad:3236:5555:1000::/52\",\"fdad:3236:5555:2000::/52\",\"fdad:3236:5555:3000::/52\","
                + "\"fdad:3236:5555:4000::/52\"]");
        assertThat(ArmValues.compactJson(s.variable("v4hosts"))).isEqualTo("[\"10.144.3.1\",\"10.144.3.2\","
                + "\"10.144.3.3\",\"10.144.3.4\",\"10.144.3.5\"]");
        assertThat(ArmValues.compactJson(s.variable("v6hosts"))).isEqualTo("[\"fdad:3236:5555:3000::1\","
                + "\"fdad:3236:5555:3000::2\",\"fdad:3236:5555:3000::3\",\"fdad:3236:5555:3000::4\","
                + "\"fdad:3236:5555:3000::5\"]");
    }

    @Test
    void cidrErrors() {
        assertThatThrownBy(() -> eval("[cidrSubnet('10.0.0.0/24', 23, 0)]")).isInstanceOf(ArmExpressionException.class);
        assertThatThrownBy(() -> eval("[cidrSubnet('10.0.0.0/24', 26, 4)]")).isInstanceOf(ArmExpressionException.class);
        assertThatThrownBy(() -> eval("[cidrHost('10.0.0.0/30', 2)]")).isInstanceOf(ArmExpressionException.class);
        assertThat(text("[cidrHost('10.0.0.0/30', 1)]")).isEqualTo("10.0.0.2");
        assertThatThrownBy(() -> eval("[parseCidr('10.0.0.300/24')]")).isInstanceOf(ArmExpressionException.class);
    }

    @Test
    void dateTimeAddAsDocumented() {
        assertThat(text("[dateTimeAdd('2020-04-07 14:53:14Z', 'P3Y')]")).isEqualTo("4/7/2023 2:53:14 PM");
        assertThat(text("[dateTimeAdd('2020-04-07 14:53:14Z', '-P9D')]")).isEqualTo("3/29/2020 2:53:14 PM");
        assertThat(text("[dateTimeAdd('2020-04-07 14:53:14Z', 'PT1H')]")).isEqualTo("4/7/2020 3:53:14 PM");
        assertThat(text("[dateTimeAdd('2020-04-07T14:53:14Z', 'P1DT1M', 'u')]")).isEqualTo("2020-04-08 14:54:14Z");
        assertThat(text("[dateTimeFromEpoch(1676505600)]")).isEqualTo("2023-02-16T00:00:00Z");
        assertThat(evalJson("[dateTimeToEpoch('2023-02-16T00:00:00Z')]")).isEqualTo("1676505600");
        assertThatThrownBy(() -> eval("[dateTimeAdd(utcNow(), 'PT1H')]")).isInstanceOf(UnresolvedException.class);
    }
}
