package dev.nsgaudit.report;

import dev.nsgaudit.testing.CheckInput;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.nsgaudit.report.ReportSchemaTest.assertValidJunit;
import static dev.nsgaudit.report.ReportSchemaTest.children;
import static dev.nsgaudit.testing.CheckInput.allowTcp;
import static dev.nsgaudit.testing.CheckInput.subnetNsg;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JUnit XML as a CI gate (issue 11): a test case fails only for what fails the gate at --fail-on, with one
 * failure listing its findings; findings under the threshold pass with the finding in system-out; suppressed and
 * baselined findings are skipped with the reason; test cases carry file and line. Every report is also validated.
 */
class JunitReportTest {

    @TempDir
    Path tmp;

    /** SSH open to the Internet (errors on nic:vm1 and the subnet) and two redundant copies (warnings, one NSG). */
    private Path input() {
        return CheckInput.folder(tmp.resolve("in"), "net.yaml", subnetNsg(
                allowTcp("Allow-SSH", 100, "Internet", "22"),
                allowTcp("Allow-SSH-Again", 110, "Internet", "22"),
                allowTcp("Allow-SSH-Third", 120, "Internet", "22")));
    }

    private List<Element> run(Path in, int exit, String... more) throws Exception {
        Path out = tmp.resolve("out");
        List<String> args = new java.util.ArrayList<>(List.of("check", in.toString(), "--format", "junit", "--out",
                out.toString()));
        args.addAll(List.of(more));
        Cli.Run r = Cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.toString()).isEqualTo(exit);
        return assertValidJunit(out.resolve("nsgaudit-junit.xml"));
    }

    private static Element testCase(List<Element> suites, String suite, String target) {
        Element s = suites.stream().filter(x -> x.getAttribute("name").equals(suite)).findFirst().orElseThrow();
        return children(s, "testcase").stream().filter(c -> c.getAttribute("name").endsWith(": " + target))
                .findFirst().orElseThrow(() -> new AssertionError("no case " + target + " in " + suite));
    }

    private static String systemOut(Element c) {
        return children(c, "system-out").stream().map(Element::getTextContent).findFirst().orElse("");
    }

    @Test
    void onlyWhatFailsTheGateFailsTheRestPassesWithTheFinding() throws Exception {
        List<Element> suites = run(input(), 1);
        Element ssh = testCase(suites, "internet-exposed-ssh", "nic:vm1");
        assertThat(children(ssh, "failure")).hasSize(1);
        assertThat(children(ssh, "failure").get(0).getTextContent()).contains("Internet addresses can open Tcp 22")
                .contains("fix: Allow the service only from the addresses that need it");
        // Two redundant rules are warnings: under --fail-on error the case passes, both findings in system-out.
        Element redundant = testCase(suites, "redundant-rule", "nsg:nsg-app");
        assertThat(children(redundant, "failure")).isEmpty();
        assertThat(children(redundant, "skipped")).isEmpty();
        assertThat(systemOut(redundant)).contains("under --fail-on error: ").contains("Allow-SSH-Again")
                .contains("Allow-SSH-Third");
    }

    @Test
    void oneFailurePerCaseListsEveryFindingAtTheThreshold() throws Exception {
        List<Element> suites = run(input(), 1, "--fail-on", "warning");
        Element redundant = testCase(suites, "redundant-rule", "nsg:nsg-app");
        assertThat(children(redundant, "failure")).hasSize(1);
        Element failure = children(redundant, "failure").get(0);
        int listed = (int) failure.getTextContent().lines().filter(l -> l.contains(": warning: ")).count();
        assertThat(listed).isGreaterThanOrEqualTo(2);
        assertThat(failure.getAttribute("message")).isEqualTo(listed + " findings at or above warning");
        assertThat(failure.getTextContent()).contains("Allow-SSH-Again").contains("Allow-SSH-Third");
        assertThat(systemOut(redundant)).isEmpty();
    }

    @Test
    void neverFailsNothing() throws Exception {
        List<Element> suites = run(input(), 0, "--fail-on", "never");
        for (Element s : suites) {
            assertThat(s.getAttribute("failures")).as(s.getAttribute("name")).isEqualTo("0");
        }
        assertThat(systemOut(testCase(suites, "internet-exposed-ssh", "nic:vm1"))).contains("under --fail-on never");
    }

    @Test
    void suppressedAndBaselinedFindingsAreSkippedWithTheReason() throws Exception {
        Path in = input();
        Path cfg = Files.writeString(tmp.resolve("cfg.yaml"), """
                suppressions:
                  - id: internet-exposed-ssh
                    target: nic:vm1
                    reason: vm1 is the jump host
                """);
        List<Element> suites = run(in, 1, "--config", cfg.toString());
        Element suppressed = testCase(suites, "internet-exposed-ssh", "nic:vm1");
        assertThat(children(suppressed, "failure")).isEmpty();
        assertThat(children(suppressed, "skipped")).singleElement()
                .satisfies(s -> assertThat(s.getAttribute("message")).isEqualTo("suppressed: vm1 is the jump host"));
        assertThat(children(testCase(suites, "internet-exposed-ssh", "subnet:vnet1/app"), "failure")).hasSize(1);

        Path baseline = tmp.resolve("baseline.json");
        run(in, 0, "--create-baseline", baseline.toString());
        List<Element> later = run(in, 0, "--baseline", baseline.toString());
        assertThat(children(testCase(later, "internet-exposed-ssh", "subnet:vnet1/app"), "skipped")).singleElement()
                .satisfies(s -> assertThat(s.getAttribute("message")).isEqualTo("baselined: recorded in the baseline"));
    }

    @Test
    void testCasesCarryFileAndLine() throws Exception {
        Path in = input();
        List<Element> suites = run(in, 1);
        Element ssh = testCase(suites, "internet-exposed-ssh", "nic:vm1");
        assertThat(ssh.getAttribute("file")).isEqualTo(in.resolve("net.yaml").toString());
        List<String> lines = Files.readAllLines(in.resolve("net.yaml"));
        // The exposure is reported at the rule that allows it.
        assertThat(lines.get(Integer.parseInt(ssh.getAttribute("line")) - 1)).contains("name: Allow-SSH");
        // A passing case is placed where its target is defined.
        Element passing = testCase(suites, "shadowed-rule", "nsg:nsg-app");
        assertThat(children(passing, "failure")).isEmpty();
        assertThat(lines.get(Integer.parseInt(passing.getAttribute("line")) - 1)).contains("name: nsg-app");
    }

    @Test
    void theBundledExampleFailsInJunitExactlyWhenTheExitCodeSaysSo() throws Exception {
        for (String failOn : List.of("error", "warning")) {
            Path out = tmp.resolve(failOn);
            Cli.Run r = Cli.run("check", "examples/three-tier", "--policy", "policies", "--format", "junit", "--out",
                    out.toString(), "--fail-on", failOn);
            List<Element> suites = assertValidJunit(out.resolve("nsgaudit-junit.xml"));
            int failures = suites.stream().mapToInt(s -> Integer.parseInt(s.getAttribute("failures"))).sum();
            assertThat(r.code()).as(r.toString()).isEqualTo(failOn.equals("error") ? 0 : 1);
            assertThat(failures > 0).as("failures at --fail-on " + failOn).isEqualTo(r.code() == 1);
        }
    }
}
