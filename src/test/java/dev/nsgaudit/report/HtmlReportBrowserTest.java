package dev.nsgaudit.report;

import dev.nsgaudit.testing.CheckInput;
import dev.nsgaudit.testing.Cli;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The HTML report as a person sees it: opened in headless Chromium (Debian package {@code chromium}), which
 * takes a screenshot (kept in target/html-report/ to look at) and dumps the DOM the page really has. Assertions are
 * made on that DOM: the flow matrix cells and their status, a shadowed rule marked in its NSG table with a link to
 * its blocking rule, findings with their witness packets, and no markup from the input.
 *
 * <p>Without Chromium the tests fail in CI (CI=true; .ci/run installs it) and are skipped elsewhere, with the
 * reason. {@code NSGAUDIT_CHROMIUM} may name the browser binary.
 */
class HtmlReportBrowserTest {

    static final Path SHOTS = Path.of("target/html-report");
    private static String chromium;

    @TempDir
    Path tmp;

    /** Per test, so that each one is reported as skipped with the reason when Chromium is missing. */
    @BeforeEach
    void needChromium() {
        if (chromium == null) {
            findChromium();
        }
    }

    static void findChromium() {
        List<String> candidates = new ArrayList<>();
        if (System.getenv("NSGAUDIT_CHROMIUM") != null) {
            candidates.add(System.getenv("NSGAUDIT_CHROMIUM"));
        }
        candidates.addAll(List.of("chromium", "chromium-browser", "google-chrome"));
        for (String c : candidates) {
            Path found = onPath(c);
            if (found != null) {
                chromium = found.toString();
                return;
            }
        }
        String why = "headless Chromium is needed to check the HTML report and none was found (" + candidates
                + "); install it with: apt-get install -y chromium";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(why);
        }
        Assumptions.abort(why);
    }

    private static Path onPath(String name) {
        if (name.contains(File.separator)) {
            return Files.isExecutable(Path.of(name)) ? Path.of(name) : null;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Runs headless Chromium on the file with one more option (--dump-dom, --screenshot=...); returns stdout. */
    private String chromium(Path html, String option) throws IOException, InterruptedException {
        return chromium(html, 1400, 2000, option);
    }

    private String chromium(Path html, int width, int height, String option) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(tmp, "profile");
        Path stdout = tmp.resolve("chromium.out");
        Path stderr = tmp.resolve("chromium.err");
        Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=" + width + "," + height, option,
                html.toUri().toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                        new File("/dev/null"))).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 120 s: " + Files.readString(stderr));
        }
        assertThat(p.exitValue()).as("chromium exit code; stderr: " + Files.readString(stderr)).isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    /** The DOM of the page after Chromium loaded it; also keeps a screenshot as target/html-report/NAME.png. */
    private Document open(Path html, String name) throws IOException, InterruptedException {
        return open(html, name, 1400, 2000);
    }

    private Document open(Path html, String name, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(SHOTS);
        Path png = SHOTS.resolve(name + ".png").toAbsolutePath();
        Files.deleteIfExists(png);
        chromium(html, width, height, "--screenshot=" + png);
        assertScreenshot(png, width, height);
        String dom = chromium(html, width, height, "--dump-dom");
        assertThat(dom).contains("<h1>nsgaudit report</h1>");
        return Jsoup.parse(dom);
    }

    private static void assertScreenshot(Path png, int width, int height) throws IOException {
        assertThat(png).exists();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        ByteBuffer header = ByteBuffer.wrap(bytes, 16, 8);
        assertThat(header.getInt()).as("width").isEqualTo(width);
        assertThat(header.getInt()).as("height").isEqualTo(height);
        assertThat(bytes.length).as("a page, not a blank image").isGreaterThan(50_000);
    }

    /**
     * What the page looks like to a reader, measured in the browser: a copy of the report with a test-only script
     * (the report itself has none and forbids them) that writes into the DOM the viewport width, the right edge
     * of every table cell (the widest one named), and computed styles. With {@code print}, the print stylesheet
     * is applied as if printing ({@code @media print} read as {@code @media all}).
     */
    private Element measure(Path html, int width, boolean print) throws IOException, InterruptedException {
        String page = Files.readString(html, StandardCharsets.UTF_8);
        page = page.replaceFirst("<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "");
        if (print) {
            page = page.replace("@media print {", "@media all {");
        }
        page = page.replace("</body>", """
                <script>
                (function () {
                  var out = document.createElement('div');
                  out.id = 'measure';
                  var widest = 0, what = '';
                  document.querySelectorAll('th, td').forEach(function (c) {
                    var r = c.getBoundingClientRect();
                    if (r.right > widest) { widest = r.right; what = c.textContent.slice(0, 60); }
                  });
                  out.setAttribute('data-viewport', document.documentElement.clientWidth);
                  out.setAttribute('data-max-right', Math.ceil(widest));
                  out.setAttribute('data-widest', what);
                  var scrolls = 0;
                  document.querySelectorAll('.scroll').forEach(function (s) { if (s.scrollWidth > s.clientWidth) scrolls++; });
                  out.setAttribute('data-scrolling-boxes', scrolls);
                  function style(sel, prop) { var e = document.querySelector(sel); return e ? getComputedStyle(e)[prop] : 'none'; }
                  out.setAttribute('data-bg-error', style('tr.rule.level-error', 'backgroundColor'));
                  out.setAttribute('data-bg-warning', style('tr.rule.level-warning', 'backgroundColor'));
                  out.setAttribute('data-bg-info', style('tr.rule.level-info', 'backgroundColor'));
                  out.setAttribute('data-badge-error', style('.badge.severity-error', 'backgroundColor'));
                  out.setAttribute('data-badge-warning', style('.badge.severity-warning', 'backgroundColor'));
                  out.setAttribute('data-badge-info', style('.badge.severity-info', 'backgroundColor'));
                  out.setAttribute('data-shadowed', style('tr.shadowed td.name', 'textDecorationLine'));
                  out.setAttribute('data-plain', style('tr.rule:not(.shadowed) td.name', 'textDecorationLine'));
                  out.setAttribute('data-row-break', style('tr.rule', 'breakInside'));
                  out.setAttribute('data-color-adjust', style('.badge', 'printColorAdjust'));
                  document.body.appendChild(out);
                })();
                </script>
                </body>""");
        Path copy = tmp.resolve("measured-" + width + (print ? "-print" : "") + ".html");
        Files.writeString(copy, page, StandardCharsets.UTF_8);
        Document doc = Jsoup.parse(chromium(copy, width, 900, "--dump-dom"));
        Element m = doc.getElementById("measure");
        assertThat(m).as("the measuring script ran").isNotNull();
        return m;
    }

    /** Nothing on the page can run or load anything: no scripts, no event handlers, no external resource. */
    private static void assertInert(Document doc) {
        assertThat(doc.select("script, iframe, object, embed, img, link, base, form")).isEmpty();
        for (Element e : doc.getAllElements()) {
            for (Attribute a : e.attributes()) {
                assertThat(a.getKey()).as(e.tagName() + " attribute").doesNotStartWith("on");
            }
        }
        for (Element a : doc.select("a[href]")) {
            assertThat(a.attr("href")).as("links stay in the page").startsWith("#");
            assertThat(doc.getElementById(a.attr("href").substring(1))).as("target of " + a).isNotNull();
        }
    }

    @Test
    void bundledExampleAsShown() throws Exception {
        GoldenReportTest.checkExample(tmp);
        Document doc = open(tmp.resolve("nsgaudit.html"), "three-tier");
        assertInert(doc);
        // The verdict agrees with the exit code: the warnings and the failed warning policy are under --fail-on error.
        assertThat(doc.getElementById("verdict").text()).isEqualTo("PASS at --fail-on error (exit code 0)");
        assertThat(doc.getElementById("verdict").attr("data-exit-code")).isEqualTo("0");
        assertThat(doc.getElementById("count-error").text()).isEqualTo("0");
        assertThat(doc.getElementById("count-warning").text()).isEqualTo("4");
        assertThat(doc.getElementById("policies-fail").text()).isEqualTo("1");

        // The matrix: one row per source, one column per destination, each cell with its worst status.
        Elements cells = doc.select("table.matrix td.cell");
        assertThat(doc.select("table.matrix tr")).hasSize(4); // header and Internet, asg:AsgLogic, asg:AsgWeb
        assertThat(cells).hasSize(12);
        Element webFromInternet = cell(doc, "Internet", "asg:AsgWeb");
        assertThat(webFromInternet.attr("data-status")).isEqualTo("fail");
        assertThat(webFromInternet.hasClass("status-fail")).isTrue();
        assertThat(webFromInternet.text()).contains("deny Tcp 22: fail").contains("allow Tcp 80,443: pass");
        assertThat(cell(doc, "Internet", "subnet:vnet-prod/db").attr("data-status")).isEqualTo("pass");
        assertThat(cell(doc, "asg:AsgLogic", "asg:AsgDb").attr("data-status")).isEqualTo("pass");
        assertThat(cell(doc, "asg:AsgWeb", "asg:AsgDb").attr("data-status")).isEqualTo("pass");
        assertThat(cell(doc, "asg:AsgLogic", "asg:AsgWeb").attr("data-status")).isEqualTo("none");
        assertThat(cell(doc, "asg:AsgLogic", "asg:AsgWeb").hasClass("status-none")).isTrue();
        // Columns in declared order: the matrix of policies/three-tier.yaml says AsgWeb, AsgLogic, AsgDb.
        List<String> columns = doc.select("table.matrix tr").get(0).select("th").eachText();
        assertThat(columns.indexOf("asg:AsgWeb")).isLessThan(columns.indexOf("asg:AsgLogic"));
        assertThat(columns.indexOf("asg:AsgLogic")).isLessThan(columns.indexOf("asg:AsgDb"));
        // Every entry of a cell links to its policy.
        for (Element entry : doc.select("table.matrix td.cell div")) {
            Element policy = doc.getElementById(entry.selectFirst("a").attr("href").substring(1));
            assertThat(policy.hasClass("policy")).isTrue();
            assertThat(policy.selectFirst("td").ownText()).isEqualTo(entry.attr("title"));
        }

        // The failing policy with its witness and the rule that let it through.
        Element failing = doc.selectFirst("tr.policy[data-status=fail]");
        assertThat(failing.text()).contains("no-ssh-from-internet")
                .contains("witness: Tcp 198.51.100.0:49152 \u2192 10.0.1.4:22")
                .contains("subnet:vnet-prod/web: nsg-web securityRules/Allow-SSH-Office \u2192 Allow");

        // A finding allowed by a default rule marks that default rule in its NSG table and links back.
        Element vnetIn = doc.selectFirst("#n1 + p + table.rules tr[data-rule=AllowVnetInBound]");
        assertThat(vnetIn.hasClass("marked-lateral-movement-management")).isTrue();
        assertThat(vnetIn.hasClass("level-warning")).isTrue();
        assertThat(vnetIn.select("div.mark")).hasSize(3);
        assertThat(vnetIn.select("div.mark").get(0).text()).isEqualTo("lateral-movement-management nic:nic-web-1");
        Element finding = doc.getElementById(vnetIn.selectFirst("div.mark a").attr("href").substring(1));
        assertThat(finding.attr("data-id")).isEqualTo("lateral-movement-management");
        assertThat(finding.selectFirst("a[href=#" + vnetIn.id() + "]")).isNotNull();
        assertThat(doc.select("li.finding")).hasSize(9);
    }

    @Test
    void theRunIsDocumentedForAnAuditor() throws Exception {
        GoldenReportTest.checkExample(tmp);
        Document doc = open(tmp.resolve("nsgaudit.html"), "three-tier-run");
        // SOURCE_DATE_EPOCH 1780306200 is 2026-06-01 09:30:00 UTC.
        assertThat(doc.getElementById("generated-at").text()).isEqualTo("2026-06-01 09:30:00 UTC (SOURCE_DATE_EPOCH)");
        assertThat(doc.getElementById("tool-version").text()).isEqualTo(ToolVersion.version());
        assertThat(doc.getElementById("fail-on").text()).isEqualTo("error");
        Element input = doc.selectFirst("ul.inputs li");
        assertThat(input.selectFirst("code").text()).isEqualTo("examples/three-tier");
        if (Files.exists(Path.of(".git"))) {
            assertThat(input.selectFirst("code.commit").text()).matches("[0-9a-f]{40}( \\+ uncommitted changes)?");
        }

        // A table of contents with an entry per NSG that leads to its table.
        Elements nsgLinks = doc.select("nav.toc ol ol a");
        assertThat(nsgLinks.eachText()).containsExactly("nsg-web", "nsg-logic", "nsg-db", "nsg-db-nic");
        for (Element a : nsgLinks) {
            Element target = doc.getElementById(a.attr("href").substring(1));
            assertThat(target.tagName()).isEqualTo("h3");
            assertThat(target.text()).isEqualTo(a.text());
        }

        // Findings by severity, then file and line.
        List<String> order = List.of("error", "warning", "info");
        Elements findings = doc.select("li.finding");
        for (int i = 1; i < findings.size(); i++) {
            int a = order.indexOf(findings.get(i - 1).attr("data-severity"));
            int b = order.indexOf(findings.get(i).attr("data-severity"));
            assertThat(a).as("severity order at " + i).isLessThanOrEqualTo(b);
            if (a == b) {
                assertThat(location(findings.get(i - 1))).as("location order at " + i)
                        .isLessThanOrEqualTo(location(findings.get(i)));
            }
        }
        // Counts per rule agree with the list, with what to do.
        for (Element row : doc.select("tr.by-rule")) {
            String id = row.attr("data-id");
            assertThat(row.selectFirst("td.open").text()).as(id)
                    .isEqualTo(String.valueOf(doc.select("li.finding[data-id=" + id + "]").size()));
        }
        assertThat(doc.selectFirst("tr.by-rule[data-id=lateral-movement-management]").text())
                .contains("Deny TCP 22 and 3389 from VirtualNetwork");
        assertThat(doc.selectFirst("li.finding[data-id=internet-exposed-http] div.fix").text())
                .startsWith("Fix: Allow the service only from the addresses that need it");
    }

    /** file:line of a finding, with the line number zero-padded so that text order is the numeric order. */
    private static String location(Element finding) {
        String[] where = finding.selectFirst("span.mono").text().split(":");
        return where[0] + ":" + String.format("%08d", where.length > 1 ? Integer.parseInt(where[1]) : 0);
    }

    @Test
    void fitsA1024PixelWindowAndPrints() throws Exception {
        GoldenReportTest.checkExample(tmp);
        Path html = tmp.resolve("nsgaudit.html");
        // As a reader sees it in a 1024-px window: a screenshot to look at, and every column inside the viewport.
        Document doc = open(html, "three-tier-1024", 1024, 768);
        assertThat(doc.select("table.rules th")).hasSize(4 * 10);
        Element screen = measure(html, 1024, false);
        int viewport = Integer.parseInt(screen.attr("data-viewport"));
        assertThat(viewport).isBetween(1000, 1024);
        assertThat(Integer.parseInt(screen.attr("data-max-right"))).as("widest cell: " + screen.attr("data-widest"))
                .isLessThanOrEqualTo(viewport);
        assertThat(screen.attr("data-scrolling-boxes")).isEqualTo("0");

        // Severity by colour per level: an info is not shown like an error, on rows and badges alike.
        assertThat(screen.attr("data-bg-info")).isNotEqualTo(screen.attr("data-bg-warning"))
                .isNotEqualTo("rgba(0, 0, 0, 0)").isEqualTo("rgb(221, 244, 255)");
        assertThat(screen.attr("data-bg-warning")).isEqualTo("rgb(255, 248, 197)");
        assertThat(screen.attr("data-badge-info")).isEqualTo("rgb(9, 105, 218)");
        assertThat(screen.attr("data-badge-warning")).isEqualTo("rgb(154, 103, 0)");

        // Printed (to PDF, as auditors do): the print stylesheet keeps colours and rows whole and fits the page.
        Element print = measure(html, 700, true);
        assertThat(Integer.parseInt(print.attr("data-max-right"))).as("widest printed cell: " + print.attr("data-widest"))
                .isLessThanOrEqualTo(Integer.parseInt(print.attr("data-viewport")));
        assertThat(print.attr("data-row-break")).isEqualTo("avoid");
        assertThat(print.attr("data-color-adjust")).isEqualTo("exact");
        assertThat(screen.attr("data-row-break")).isEqualTo("auto");
        Path pdf = SHOTS.resolve("three-tier.pdf").toAbsolutePath();
        Files.deleteIfExists(pdf);
        chromium(html, 1024, 768, "--print-to-pdf=" + pdf);
        byte[] bytes = Files.readAllBytes(pdf);
        assertThat(new String(bytes, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1).split("/Type\\s*/Page[^s]", -1).length - 1)
                .as("pages").isGreaterThan(1);
    }

    private static Element cell(Document doc, String from, String to) {
        Element c = null;
        for (Element e : doc.select("table.matrix td.cell")) {
            if (e.attr("data-from").equals(from) && e.attr("data-to").equals(to)) {
                assertThat(c).as("one cell for " + from + " -> " + to).isNull();
                c = e;
            }
        }
        assertThat(c).as("cell " + from + " -> " + to).isNotNull();
        return c;
    }

    private static final String HOSTILE_NAME = "Deny-All<script>alert(1)</script>\"'";
    private static final String HOSTILE_DESCRIPTION =
            "<script>alert(\"d\")</script> \"><img src=x onerror=alert(2)> ' onmouseover='alert(3)";

    /** Two subnets: app, where a Deny-all (with a hostile name) shadows an SSH allow; web, open to SSH. */
    private Path hostileInput() throws IOException {
        String yaml = """
                virtualNetworks:
                  - name: vnet1
                    addressSpace: [10.1.0.0/16]
                    subnets:
                      - name: app
                        addressPrefix: 10.1.1.0/24
                        networkSecurityGroup: nsg-app
                      - name: web
                        addressPrefix: 10.1.2.0/24
                        networkSecurityGroup: nsg-web
                networkInterfaces:
                  - name: vm1
                    subnet: vnet1/app
                    privateIPAddress: 10.1.1.4
                  - name: vm2
                    subnet: vnet1/web
                    privateIPAddress: 10.1.2.4
                networkSecurityGroups:
                  - name: nsg-app
                    securityRules:
                      - name: %s
                        description: %s
                        priority: 100
                        direction: Inbound
                        access: Deny
                        protocol: "*"
                        sourceAddressPrefix: "*"
                        sourcePortRange: "*"
                        destinationAddressPrefix: "*"
                        destinationPortRange: "*"
                %s  - name: nsg-web
                    securityRules:
                %s""".formatted(json(HOSTILE_NAME), json(HOSTILE_DESCRIPTION),
                CheckInput.allowTcp("Allow-SSH", 200, "Internet", "22"),
                CheckInput.allowTcp("Allow-SSH-Web", 100, "Internet", "22"));
        return CheckInput.folder(tmp.resolve("hostile"), "net.yaml", yaml, "policies/p.yaml", """
                policies:
                  - name: "<script>alert('policy')</script>"
                    from: Internet
                    to: nic:vm1
                    protocol: Tcp
                    ports: "22"
                    expect: deny
                  - name: web-closed-to-ssh
                    from: Internet
                    to: nic:vm2
                    protocol: Tcp
                    ports: "22"
                    expect: deny
                """);
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void shadowedRuleFindingsAndHostileInput() throws Exception {
        Path in = hostileInput();
        Path out = tmp.resolve("out");
        Cli.Run r = Cli.run("check", in.toString(), "--format", "html", "--out", out.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        Document doc = open(out.resolve("nsgaudit.html"), "hostile");
        assertInert(doc);
        assertThat(doc.getElementById("verdict").text()).isEqualTo("FAIL at --fail-on error (exit code 1)");
        assertThat(doc.getElementById("verdict").hasClass("failing")).isTrue();

        // The hostile text is shown as text, exactly as written, wherever it appears.
        Element denyAll = doc.getElementById("n1-r1");
        assertThat(denyAll.attr("data-rule")).isEqualTo(HOSTILE_NAME);
        assertThat(denyAll.select("td").get(1).text()).isEqualTo(HOSTILE_NAME + " " + HOSTILE_DESCRIPTION);
        assertThat(doc.select("tr.policy").get(0).text()).startsWith("<script>alert('policy')</script>");
        assertThat(doc.body().text()).contains("rule " + HOSTILE_NAME + ": name '" + HOSTILE_NAME + "' is not a valid");

        // The shadowed rule: marked in its table, linked to the rule that blocks it and to its finding.
        Element shadowed = doc.selectFirst("#n1 + p + table.rules tr[data-rule=Allow-SSH]");
        assertThat(shadowed.classNames()).contains("rule", "marked", "marked-shadowed-rule", "shadowed", "level-error");
        // Struck through as the reader sees it; the other rules are not.
        Element measured = measure(out.resolve("nsgaudit.html"), 1024, false);
        assertThat(measured.attr("data-shadowed")).isEqualTo("line-through");
        assertThat(measured.attr("data-plain")).isEqualTo("none");
        // An error row and badge are red, unlike the blue info and amber warning of the bundled example.
        assertThat(measured.attr("data-bg-error")).isEqualTo("rgb(255, 235, 233)");
        assertThat(measured.attr("data-badge-error")).isEqualTo("rgb(207, 34, 46)");
        Element blocking = shadowed.selectFirst("a.blocking");
        assertThat(blocking.attr("href")).isEqualTo("#n1-r1");
        assertThat(blocking.text()).isEqualTo(HOSTILE_NAME);
        Element finding = doc.getElementById(shadowed.selectFirst("div.mark a").attr("href").substring(1));
        assertThat(finding.attr("data-id")).isEqualTo("shadowed-rule");
        assertThat(finding.attr("data-severity")).isEqualTo("error");
        assertThat(finding.text()).contains("rule Allow-SSH (priority 200) can never match: " + HOSTILE_NAME);

        // The exposure of the web subnet: a finding with its witness packet and the rule that decided it.
        Element exposure = doc.select("li.finding[data-id=internet-exposed-ssh]").stream()
                .filter(li -> li.text().contains("to nic:vm2")).findFirst().orElseThrow();
        Element witness = exposure.selectFirst("div.witness");
        assertThat(witness.text()).startsWith("witness: Tcp ").contains(" \u2192 10.1.2.4:22")
                .contains("subnet:vnet1/web: nsg-web securityRules/Allow-SSH-Web \u2192 Allow");
        assertThat(exposure.selectFirst("a").attr("href")).isEqualTo("#" + doc.selectFirst(
                "#n2 + p + table.rules tr[data-rule=Allow-SSH-Web]").id());

        // The matrix: the hostile policy passes (the Deny-all), the web one fails with a witness.
        assertThat(cell(doc, "Internet", "nic:vm1").attr("data-status")).isEqualTo("pass");
        assertThat(cell(doc, "Internet", "nic:vm2").attr("data-status")).isEqualTo("fail");
        assertThat(doc.selectFirst("tr.policy[data-status=fail] div.witness")).isNotNull();
    }

    @Test
    void cleanReportSaysSo() throws Exception {
        // A report with nothing to show still renders (empty matrix, no findings).
        Path in = CheckInput.folder(tmp.resolve("clean"), "net.yaml", CheckInput.subnetNsg(CheckInput.rule(
                "Deny-VNet", 4000, "Deny", "*", "sourceAddressPrefix: VirtualNetwork", "destinationPortRange: \"*\"")));
        Path out = tmp.resolve("out");
        Cli.Run r = Cli.run("check", in.toString(), "--format", "html", "--out", out.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        Document doc = open(out.resolve("nsgaudit.html"), "clean");
        assertInert(doc);
        assertThat(doc.getElementById("verdict").text()).isEqualTo("PASS at --fail-on error (exit code 0)");
        assertThat(doc.select("#matrix + p.muted").text()).isEqualTo("No flow policies were given.");
        assertThat(doc.select("li.finding")).isEmpty();
        try (InputStream png = Files.newInputStream(SHOTS.resolve("clean.png"))) {
            assertThat(png.readNBytes(8)).containsExactly(0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a);
        }
    }
}
