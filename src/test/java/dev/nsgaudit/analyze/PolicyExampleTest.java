package dev.nsgaudit.analyze;

import dev.nsgaudit.load.InputLoader;
import dev.nsgaudit.load.LoadResult;
import dev.nsgaudit.load.PolicyLoader;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.PolicyResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented policies of policies/ against the bundled example. */
class PolicyExampleTest {

    private static Map<String, PolicyResult> run() {
        LoadResult loaded = InputLoader.load(List.of(Path.of("examples/three-tier")));
        List<Finding> problems = new ArrayList<>();
        List<Policy> policies = PolicyLoader.load(Path.of("policies"), problems);
        assertThat(problems).isEmpty();
        Map<String, PolicyResult> out = new LinkedHashMap<>();
        try (Analyzer analyzer = new Analyzer(loaded.topology(), ServiceTags.bundled())) {
            for (PolicyResult r : analyzer.checkPolicies(policies)) {
                out.put(r.policy().name(), r);
            }
        }
        return out;
    }

    @Test
    void documentedPoliciesGiveTheirDocumentedResults() {
        Map<String, PolicyResult> r = run();
        assertThat(r.get("web-serves-http-and-https").status()).isEqualTo(PolicyResult.Status.PASS);
        assertThat(r.get("database-closed-to-internet").status()).isEqualTo(PolicyResult.Status.PASS);
        assertThat(r.get("logic-reaches-database").status()).isEqualTo(PolicyResult.Status.PASS);
        assertThat(r.get("web-cannot-reach-database").status()).isEqualTo(PolicyResult.Status.PASS);
        PolicyResult ssh = r.get("no-ssh-from-internet");
        assertThat(ssh.status()).isEqualTo(PolicyResult.Status.FAIL);
        assertThat(ssh.witness().sourceAddress()).startsWith("198.51.100.");
        assertThat(ssh.witness().destinationPort()).isEqualTo(22);
        assertThat(ssh.witness().decidedBy()).extracting(d -> d.rule())
                .containsExactly("securityRules/Allow-SSH-Office");
    }

    @Test
    void matrixCellsExpandToPolicies() {
        Map<String, PolicyResult> r = run();
        assertThat(r.keySet()).contains("tiers: Internet -> asg:AsgWeb allow 80,443",
                "tiers: asg:AsgWeb -> asg:AsgDb deny 1433", "tiers: asg:AsgLogic -> asg:AsgDb allow 1433");
        assertThat(r.values()).filteredOn(p -> p.policy().name().startsWith("tiers:"))
                .allMatch(p -> p.status() == PolicyResult.Status.PASS, "every matrix cell holds");
    }
}
