package dev.nsgaudit.load.arm;

import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Links between templates, end to end through {@code show}: cycles are errors and never drop the entry template,
 * a URL is mapped only to another template that takes the parameters passed, links are followed only inside the
 * input, and alternatives the parameters do not select are not deployed.
 */
class TemplateLinkTrustTest {

    private static final String SCHEMA =
            "\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\",\n"
                    + "  \"contentVersion\": \"1.0.0.0\",\n";
    private static final String SECRET = "topsecret7f3a9c"; // one token, as a JSON parser would quote it

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private static String template(String members) {
        return "{\n  " + SCHEMA + members + "\n}\n";
    }

    /** A template declaring {@code parameters} and an NSG named {@code nsg} plus the given extra resources. */
    private static String nsgTemplate(String parameters, String nsg, String extraResources) {
        return template("""
                  "parameters": {%s},
                  "resources": [
                    {"type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01", "name": "%s",
                     "location": "westeurope", "properties": {"securityRules": []}}%s
                  ]""".formatted(parameters, nsg, extraResources.isEmpty() ? "" : ",\n" + extraResources));
    }

    private static String deployment(String name, String link, String parameters, String condition) {
        return """
                    {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "%s",%s
                     "properties": {"mode": "Incremental", "templateLink": %s, "parameters": {%s}}}"""
                .formatted(name, condition.isEmpty() ? "" : " \"condition\": " + condition + ",", link, parameters);
    }

    private static Cli.Run show(Path... paths) {
        String[] args = new String[paths.length + 1];
        args[0] = "show";
        for (int i = 0; i < paths.length; i++) {
            args[i + 1] = paths[i].toString();
        }
        Cli.Run r = Cli.run(args);
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("Exception").doesNotContain("at dev.nsgaudit")
                .doesNotContain(SECRET);
        return r;
    }

    // ---- cycles ------------------------------------------------------------------------------------------------

    @Test
    void aTemplateLinkingToItselfIsAnalysedAndTheCycleIsAnError() throws IOException {
        write("main.json", nsgTemplate("", "nsg-main",
                deployment("again", "{\"relativePath\": \"main.json\"}", "", "")));
        Cli.Run r = show(dir);
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("name: nsg-main");
        assertThat(r.errLines()).singleElement().asString().contains("main.json:").contains("error [input-error]")
                .contains("cycle of linked templates (main.json -> main.json)");
    }

    @Test
    void twoTemplatesLinkingToEachOtherAreAnalysedOnceAndTheCycleIsAnError() throws IOException {
        write("a.json", nsgTemplate("", "nsg-a", deployment("to-b", "{\"relativePath\": \"b.json\"}", "", "")));
        write("b.json", nsgTemplate("", "nsg-b", deployment("to-a", "{\"relativePath\": \"a.json\"}", "", "")));
        Cli.Run r = show(dir);
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("name: nsg-a").contains("name: nsg-b");
        assertThat(r.errLines()).singleElement().asString().contains("b.json:").contains("error [input-error]")
                .contains("(a.json -> b.json -> a.json)");
    }

    // ---- URLs mapped to files of the input ------------------------------------------------------------------------

    @Test
    void aUrlWhosePathEndsLikeTheLinkingFileIsNotMappedToIt() throws IOException {
        // Another repository's elasticsearch/azuredeploy.json: its tail 'azuredeploy.json' names this very file.
        write("azuredeploy.json", nsgTemplate("", "nsg-main", deployment("es",
                "{\"uri\": \"https://raw.githubusercontent.com/other/repo/master/elasticsearch/azuredeploy.json\"}",
                "", "")));
        Cli.Run r = show(dir);
        assertThat(r.out()).contains("name: nsg-main");
        assertThat(r.errLines()).singleElement().asString().contains("error [unresolved-value]")
                .contains("deployment 'es' links to template uri 'https://raw.githubusercontent.com/other/repo/master/"
                        + "elasticsearch/azuredeploy.json'").contains("the linking template itself");
    }

    @Test
    void aUrlIsNotMappedToALocalFileThatDoesNotTakeTheParametersPassed() throws IOException {
        write("main.json", nsgTemplate("", "nsg-main", deployment("other",
                "{\"uri\": \"https://example.org/other-repo/nested/nsg.json\"}",
                "\"nsgName\": {\"value\": \"nsg-other\"}, \"ports\": {\"value\": [22]}", "")));
        write("nested/nsg.json", nsgTemplate("\"nsgName\": {\"type\": \"string\"}", "[parameters('nsgName')]", ""));
        Cli.Run r = show(dir);
        assertThat(r.out()).contains("name: nsg-main").doesNotContain("nsg-other");
        assertThat(r.errLines()).singleElement().asString().contains("error [unresolved-value]")
                .contains("does not declare the parameter(s) ports passed to it");
    }

    @Test
    void aUrlIsMappedToTheLocalFileThatTakesItsParameters() throws IOException {
        write("main.json", nsgTemplate("", "nsg-main", deployment("same",
                "{\"uri\": \"https://example.org/repo/nested/nsg.json\"}", "\"nsgName\": {\"value\": \"nsg-linked\"}",
                "")));
        write("nested/nsg.json", nsgTemplate("\"nsgName\": {\"type\": \"string\"}", "[parameters('nsgName')]", ""));
        Cli.Run r = show(dir);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("name: nsg-main").contains("name: nsg-linked");
    }

    @Test
    void aRelativeLinkPassingAParameterTheTemplateDoesNotDeclareIsAnError() throws IOException {
        write("main.json", nsgTemplate("", "nsg-main", deployment("linked", "{\"relativePath\": \"nested/nsg.json\"}",
                "\"nsgName\": {\"value\": \"nsg-linked\"}, \"extra\": {\"value\": 1}", "")));
        write("nested/nsg.json", nsgTemplate("\"nsgName\": {\"type\": \"string\"}", "[parameters('nsgName')]", ""));
        Cli.Run r = show(dir);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("error [input-error]")
                .contains("passes parameter(s) extra that the linked template").contains("does not declare");
    }

    // ---- alternatives --------------------------------------------------------------------------------------------

    @Test
    void aTemplateLinkedOnlyUnderAFalseConditionIsNotDeployed() throws IOException {
        write("main.json", nsgTemplate("\"withExtra\": {\"type\": \"bool\", \"defaultValue\": false}", "nsg-main",
                deployment("extra", "{\"relativePath\": \"nested/extra.json\"}", "", "\"[parameters('withExtra')]\"")));
        write("nested/extra.json", nsgTemplate("", "nsg-extra", ""));
        Cli.Run r = show(dir);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("name: nsg-main").doesNotContain("nsg-extra");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theUnselectedBranchOfAnIfInTheLinkIsNotDeployed() throws IOException {
        write("main.json", nsgTemplate("\"os\": {\"type\": \"string\", \"defaultValue\": \"linux\"}", "nsg-main",
                deployment("vm", "{\"uri\": \"[uri('https://example.org/repo/main.json', concat('nested/', if(equals("
                        + "parameters('os'), 'linux'), 'linux', 'windows'), '.json'))]\"}", "", "")));
        write("nested/linux.json", nsgTemplate("", "nsg-linux", ""));
        write("nested/windows.json", nsgTemplate("", "nsg-windows", ""));
        Cli.Run r = show(dir);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("name: nsg-main").contains("name: nsg-linux").doesNotContain("nsg-windows");
    }

    @Test
    void aTemplateNamedThroughAParameterIsNotAnEntry() throws IOException {
        // Which file is deployed depends on a parameter: every file below the template could be it.
        write("main.json", nsgTemplate("\"flavour\": {\"type\": \"string\", \"defaultValue\": \"small\"}", "nsg-main",
                deployment("f", "{\"relativePath\": \"[concat('flavours/', parameters('flavour'), '.json')]\"}", "", "")));
        write("flavours/small.json", nsgTemplate("", "nsg-small", ""));
        write("flavours/large.json", nsgTemplate("", "nsg-large", ""));
        Cli.Run r = show(dir);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("name: nsg-small").doesNotContain("nsg-large");
    }

    @Test
    void aTemplateNothingLinksToIsStillAnEntry() throws IOException {
        write("main.json", nsgTemplate("", "nsg-main", ""));
        write("nested/standalone.json", nsgTemplate("", "nsg-standalone", ""));
        assertThat(show(dir).out()).contains("name: nsg-main").contains("name: nsg-standalone");
    }

    // ---- links out of the input -------------------------------------------------------------------------------

    private Path outsideSecret() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("ci-token"), SECRET + "\n");
        return outside.resolve("ci-token");
    }

    private void assertRefused(Cli.Run r, String link) {
        assertThat(r.errLines()).as(r.toString()).singleElement().asString().contains("error [input-error]")
                .contains(link).contains("is outside the input").contains("it is not read");
        assertThat(r.out()).contains("name: nsg-main");
    }

    @Test
    void aRelativeLinkOutOfTheInputIsNotRead() throws IOException {
        outsideSecret();
        Path input = Files.createDirectories(dir.resolve("input"));
        Files.writeString(input.resolve("main.json"), nsgTemplate("", "nsg-main",
                deployment("leak", "{\"relativePath\": \"../outside/ci-token\"}", "", "")));
        assertRefused(show(input), "../outside/ci-token");
    }

    @Test
    void aLinkToEtcPasswdIsNotRead() throws IOException {
        Path input = Files.createDirectories(dir.resolve("input"));
        Files.writeString(input.resolve("main.json"), nsgTemplate("", "nsg-main",
                deployment("a", "{\"relativePath\": \"../../../../../../../../etc/passwd\"}", "", "") + ",\n"
                        + deployment("b", "{\"uri\": \"file:///etc/passwd\"}", "", "")));
        Cli.Run r = show(input);
        assertThat(r.errLines()).as(r.toString()).hasSize(2).allSatisfy(l -> assertThat(l)
                .contains("error [input-error]").contains("is outside the input").doesNotContain("root:"));
    }

    @Test
    void aSymbolicLinkPointingOutOfTheInputIsNotFollowed() throws IOException {
        Path secret = outsideSecret();
        Path input = Files.createDirectories(dir.resolve("input"));
        Files.createSymbolicLink(input.resolve("nested.json"), secret);
        Files.writeString(input.resolve("main.json"), nsgTemplate("", "nsg-main",
                deployment("leak", "{\"relativePath\": \"nested.json\"}", "", "")));
        Cli.Run r = show(input);
        // The folder's own symbolic link is not read as an input either (a warning), and the link is refused.
        assertThat(r.errLines()).as(r.toString()).hasSize(2);
        assertThat(r.errLines().get(0)).contains("nested.json: warning [input-warning] is a symbolic link to a file"
                + " outside").contains("it is not read");
        assertThat(r.errLines().get(1)).contains("error [input-error]").contains("nested.json")
                .contains("is outside the input").contains("it is not read");
    }

    @Test
    void aFileInsideTheInputThatIsNotATemplateIsNotRead() throws IOException {
        write("secrets.txt", SECRET + "\n");
        Path main = write("main.json", nsgTemplate("", "nsg-main",
                deployment("leak", "{\"relativePath\": \"secrets.txt\"}", "", "")));
        Cli.Run r = show(main);
        assertThat(r.errLines()).as(r.toString()).singleElement().asString().contains("error [unresolved-value]")
                .contains("which is not a deployment template; it is not read");
    }

    @Test
    void aTemplateGivenAsAFileLinksWithinItsFolder() throws IOException {
        Path main = write("main.json", nsgTemplate("", "nsg-main", deployment("linked",
                "{\"relativePath\": \"nested/nsg.json\"}", "\"nsgName\": {\"value\": \"nsg-linked\"}", "")));
        write("nested/nsg.json", nsgTemplate("\"nsgName\": {\"type\": \"string\"}", "[parameters('nsgName')]", ""));
        Cli.Run r = show(main);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("name: nsg-linked");
    }

    @Test
    void aDeploymentParameterWithoutValueIsAnError() throws IOException {
        write("main.json", nsgTemplate("", "nsg-main", deployment("linked", "{\"relativePath\": \"nested/nsg.json\"}",
                "\"nsgName\": \"nsg-linked\"", "")));
        write("nested/nsg.json", nsgTemplate("\"nsgName\": {\"type\": \"string\"}", "[parameters('nsgName')]", ""));
        Cli.Run r = show(dir);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("error [input-error] parameter 'nsgName' of"
                + " deployment 'linked' must be {\"value\": ...}");
    }
}
