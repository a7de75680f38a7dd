package dev.nsgaudit.cli;

import dev.nsgaudit.testing.CheckInput;
import dev.nsgaudit.testing.CheckInput.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.nsgaudit.testing.CheckInput.allowTcp;
import static dev.nsgaudit.testing.CheckInput.subnetNsg;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A policy the tool cannot read is an input error at file:line:col (exit 2), never an inconclusive policy that
 * {@code inconclusive: warning} would let pass.
 */
class PolicyValidationTest {

    private static final String SSH_OPEN = subnetNsg(allowTcp("Allow-SSH", 100, "Internet", "22"));

    @TempDir
    Path dir;

    private Path policyFile(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private static String policy(String name, String from, String to, String protocol, String ports) {
        return """
                  - name: %s
                    from: "%s"
                    to: "%s"
                    protocol: "%s"
                    ports: "%s"
                    expect: allow
                """.formatted(name, from, to, protocol, ports);
    }

    /** check with the policy files and a config that lowers inconclusive policies to warnings. */
    private Result check(Path... policyFiles) throws IOException {
        Path cfg = Files.writeString(dir.resolve("cfg.yaml"), "inconclusive: warning\n");
        String[] args = new String[policyFiles.length * 2 + 2];
        for (int i = 0; i < policyFiles.length; i++) {
            args[2 * i] = "--policy";
            args[2 * i + 1] = policyFiles[i].toString();
        }
        args[args.length - 2] = "--config";
        args[args.length - 1] = cfg.toString();
        return CheckInput.check(CheckInput.folder(dir.resolve("in"), "net.yaml", SSH_OPEN), args);
    }

    private static void hasLine(Result r, String line) {
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.run().errLines()).as(r.toString()).contains(line);
        assertThat(r.run().err()).doesNotContain("Exception").doesNotContain("internal error");
    }

    @Test
    void invalidPortsAreInputErrorsNotInconclusive() throws IOException {
        Path p = policyFile("p.yaml", "policies:\n" + policy("big", "Internet", "nic:vm1", "Tcp", "70000")
                + policy("word", "Internet", "nic:vm1", "Tcp", "abc")
                + policy("reversed", "Internet", "nic:vm1", "Tcp", "2000-1000")
                + policy("ok", "Internet", "nic:vm1", "Tcp", "22"));
        Result r = check(p);
        hasLine(r, p + ":6:12: error [input-error] ports must be ports 0-65535 and ranges a-b (start not after end)"
                + " separated by commas, or *, not '70000' (policy 'big')");
        hasLine(r, p + ":12:12: error [input-error] ports must be ports 0-65535 and ranges a-b (start not after end)"
                + " separated by commas, or *, not 'abc' (policy 'word')");
        hasLine(r, p + ":18:12: error [input-error] ports must be ports 0-65535 and ranges a-b (start not after end)"
                + " separated by commas, or *, not '2000-1000' (policy 'reversed')");
        // The readable policy is still checked; the others are not reported as inconclusive.
        assertThat(r.json().path("policies")).hasSize(1);
        assertThat(r.json().path("policies").get(0).path("status").asText()).isEqualTo("pass");
    }

    @Test
    void badEndpointsAndProtocolsAreInputErrors() throws IOException {
        Path p = policyFile("p.yaml", "policies:\n" + policy("cidr", "10.0.0.0/33", "nic:vm1", "Tcp", "22")
                + policy("kind", "nci:vm1", "Internet", "Tcp", "22")
                + policy("foo", "foo:bar", "nic:vm1", "Tcp", "22")
                + policy("proto", "Internet", "nic:vm1", "Tcpp", "22")
                + policy("octet", "10.0.0.300", "nic:vm1", "Tcp", "22"));
        Result r = check(p);
        hasLine(r, p + ":3:11: error [input-error] '10.0.0.0/33' is not a valid address or CIDR: '10.0.0.0/33' has a"
                + " prefix length over 32 (policy 'cidr')");
        hasLine(r, p + ":9:11: error [input-error] 'nci:vm1' is not an endpoint: 'nci:' is no kind of endpoint; did"
                + " you mean 'nic:'? (policy 'kind')");
        assertThat(r.run().err()).contains("'foo:bar' is not an endpoint: 'foo:' is no kind of endpoint")
                .contains("protocol must be Tcp, Udp, Icmp, Esp, Ah or *, not 'Tcpp' (policy 'proto')")
                .contains("'10.0.0.300' is not a valid address or CIDR");
        assertThat(r.json().path("policies")).isEmpty();
    }

    @Test
    void endpointsNamingNothingAreDanglingReferences() throws IOException {
        Path p = policyFile("p.yaml", "policies:\n" + policy("nic", "Internet", "nic:vm9", "Tcp", "22")
                + policy("asg", "asg:AsgNone", "nic:vm1", "Tcp", "22")
                + policy("subnet", "Internet", "subnet:vnet1/db", "Tcp", "22")
                + policy("vnet", "vnet:vnet2", "nic:vm1", "Tcp", "22"));
        Result r = check(p);
        hasLine(r, p + ":2:5: error [dangling-reference] policy 'nic': endpoint 'nic:vm9' names network interface"
                + " 'vm9', which the input does not define; check the name or add the definition");
        assertThat(r.run().err()).contains("application security group 'AsgNone'").contains("subnet 'vnet1/db'")
                .contains("virtual network 'vnet2'");
        assertThat(r.json().path("policies")).isEmpty();
    }

    @Test
    void anUnknownServiceTagStaysAnInconclusivePolicy() throws IOException {
        Path p = policyFile("p.yaml", "policies:\n" + policy("tag", "NoSuchTag", "nic:vm1", "Tcp", "22"));
        Result r = check(p);
        // Exit 1 for the SSH exposure of the input, not 2: the policy is read, the tag file just does not know it.
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.json().path("policies").get(0).path("status").asText()).isEqualTo("inconclusive");
    }

    @Test
    void duplicateNamesAcrossFilesAndMatricesAreErrors() throws IOException {
        Path a = policyFile("a.yaml", "policies:\n" + policy("ssh", "Internet", "nic:vm1", "Tcp", "22"));
        Path b = policyFile("b.yaml", "policies:\n" + policy("SSH", "Internet", "nic:vm1", "Tcp", "22") + """
                matrix:
                  - name: m
                    protocol: Tcp
                    from: [Internet]
                    to: [nic:vm1]
                    cells: [["22"]]
                  - name: m
                    protocol: Tcp
                    from: [Internet]
                    to: [nic:vm1]
                    cells: [["22"]]
                """);
        Result r = check(a, b);
        hasLine(r, b + ":2:5: error [duplicate-definition] policy 'SSH' is already defined at " + a + ":2:5 (names"
                + " are case-insensitive); rename one of them");
        assertThat(r.run().err()).contains("policy 'm: Internet -> nic:vm1 allow 22' is already defined at " + b
                + ":13:");
        assertThat(r.json().path("policies")).hasSize(2);
    }

    @Test
    void badMatrixCellsAndEndpoints() throws IOException {
        Path p = policyFile("p.yaml", """
                matrix:
                  - name: m
                    protocol: Tcp
                    from: [Internet, "subnet:vnet1"]
                    to: [nic:vm1]
                    cells: [["permit 22"], ["22"]]
                """);
        Result r = check(p);
        hasLine(r, p + ":4:22: error [input-error] 'subnet:vnet1' must be written subnet:<vnet>/<subnet> (matrix 'm')");
        Path q = policyFile("q.yaml", """
                matrix:
                  - name: m
                    protocol: Tcp
                    from: [Internet]
                    to: [nic:vm1]
                    cells: [["permit 22"]]
                """);
        hasLine(check(q), q + ":6:14: error [input-error] cell 'permit 22' must be ports (\"80,443\", \"1000-2000\"),"
                + " \"allow <ports>\", \"deny <ports>\", \"-\" or \".\", clauses joined with ';' (row 1 of matrix 'm')");
    }

    @Test
    void anEmptyClauseInACellIsAnErrorNotAllowEverything() throws IOException {
        Path p = policyFile("p.yaml", """
                matrix:
                  - name: m
                    protocol: Tcp
                    from: [Internet]
                    to: [nic:vm1]
                    cells: [["22;;443"]]
                """);
        Result r = check(p);
        hasLine(r, p + ":6:14: error [input-error] cell '22;;443' has an empty clause (row 1 of matrix 'm'); remove the"
                + " extra ';'");
        assertThat(r.json().path("policies")).hasSize(2);
    }

    @Test
    void aNamedPolicyFileWithoutPoliciesIsAnError() throws IOException {
        Path p = policyFile("p.yaml", "# to do\n");
        hasLine(check(p), p + ": error [input-error] no policies found: expected policies: or matrix: entries in"
                + " this file");
    }

    @Test
    void policiesInADefinitionFileAreNotSkippedSilently() {
        Path in = CheckInput.folder(dir.resolve("both"), "net.yaml", SSH_OPEN + "policies:\n"
                + policy("ssh", "Internet", "nic:vm1", "Tcp", "22"));
        Result asInput = CheckInput.check(in);
        assertThat(asInput.findings("input-warning")).as(asInput.toString()).singleElement()
                .satisfies(f -> assertThat(f.path("message").asText()).isEqualTo("policies are not read from the"
                        + " inputs: give this file with --policy to check them"));
        assertThat(asInput.json().path("policies")).isEmpty();
        Result asPolicy = CheckInput.check(in, "--policy", in.resolve("net.yaml").toString());
        assertThat(asPolicy.findings("input-warning")).as(asPolicy.toString()).isEmpty();
        assertThat(asPolicy.json().path("policies")).hasSize(1);
    }
}
