package dev.nsgaudit.analyze;

import dev.nsgaudit.eval.FlowQuery;
import dev.nsgaudit.eval.FlowResult;
import dev.nsgaudit.eval.Verifier;
import dev.nsgaudit.load.InputLoader;
import dev.nsgaudit.load.LoadResult;
import dev.nsgaudit.load.PolicyLoader;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Witness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ASG example of the NSG overview (seed 003, lines 160-190) as a topology and a policy file
 * (src/test/resources/dev/nsgaudit/analyze/seed003): NIC1 and NIC2 in AsgWeb, NIC3 in AsgLogic, NIC4 in AsgDb,
 * NSG1 on both subnets with Allow-HTTP-Inbound-Internet (100), Allow-Database-BusinessLogic (110) and
 * Deny-Database-All (120). What the text says holds; two deliberately wrong policies fail with the right witness
 * and deciding rule, and IP flow verify agrees with each witness.
 */
class SeedAsgPolicyTest {

    private static final Path DIR = Path.of("src/test/resources/dev/nsgaudit/analyze/seed003");

    private static LoadResult loaded;
    private static Map<String, PolicyResult> results;
    private static List<Finding> findings;

    @BeforeAll
    static void run() {
        loaded = InputLoader.load(List.of(DIR.resolve("network.yaml")));
        assertThat(loaded.problems()).isEmpty();
        List<Finding> problems = new ArrayList<>();
        List<Policy> policies = PolicyLoader.load(DIR.resolve("policies.yaml"), problems);
        assertThat(problems).isEmpty();
        results = new LinkedHashMap<>();
        try (Analyzer analyzer = new Analyzer(loaded.topology(), ServiceTags.bundled())) {
            for (PolicyResult r : analyzer.checkPolicies(policies)) {
                results.put(r.policy().name(), r);
            }
            findings = analyzer.ruleFindings();
        }
    }

    private static PolicyResult result(String name) {
        assertThat(results).containsKey(name);
        return results.get(name);
    }

    @Test
    void whatTheSeedSaysHolds() {
        for (String name : List.of("web-tier-serves-http-from-internet", "logic-reaches-database",
                "web-cannot-reach-database", "internet-cannot-reach-database")) {
            PolicyResult r = result(name);
            assertThat(r.status()).as("%s: %s", name, r.message()).isEqualTo(PolicyResult.Status.PASS);
            assertThat(r.witness()).isNull();
        }
    }

    @Test
    void theMatrixFormSaysTheSame() {
        assertThat(results.values()).filteredOn(r -> r.policy().name().startsWith("seed-tiers:")).hasSize(7)
                .allSatisfy(r -> assertThat(r.status()).as(r.policy().name() + ": " + r.message())
                        .isEqualTo(PolicyResult.Status.PASS));
    }

    @Test
    void theWebTierDoesNotReachTheDatabase() {
        PolicyResult r = result("wrong-web-reaches-database");
        assertThat(r.status()).isEqualTo(PolicyResult.Status.FAIL);
        Witness w = r.witness();
        assertThat(w.protocol()).isEqualTo("Tcp");
        assertThat(w.direction()).isEqualTo("Inbound");
        assertThat(w.sourceAddress()).isIn("10.0.1.4", "10.0.1.5");
        assertThat(w.destinationAddress()).isEqualTo("10.0.2.5");
        assertThat(w.destinationPort()).isEqualTo(1433);
        assertThat(w.decidedBy()).extracting(Witness.DecidedBy::networkSecurityGroup, Witness.DecidedBy::appliedTo,
                Witness.DecidedBy::rule, Witness.DecidedBy::access).containsExactly(
                org.assertj.core.groups.Tuple.tuple("NSG1", "subnet:VNet1/Subnet1",
                        "defaultSecurityRules/AllowVnetOutBound", "Allow"),
                org.assertj.core.groups.Tuple.tuple("NSG1", "subnet:VNet1/Subnet2",
                        "securityRules/Deny-Database-All", "Deny"));
        assertThat(r.message()).contains("Deny-Database-All");

        // IP flow verify at NIC4 says the same for the witness packet.
        FlowResult verified = verify("NIC4", w);
        assertThat(verified.access()).isEqualTo(Access.DENY);
        assertThat(verified.ruleName()).isEqualTo("securityRules/Deny-Database-All");
    }

    @Test
    void theLogicTierIsClosedToTheInternet() {
        PolicyResult r = result("wrong-internet-reaches-logic");
        assertThat(r.status()).isEqualTo(PolicyResult.Status.FAIL);
        Witness w = r.witness();
        assertThat(w.destinationAddress()).isEqualTo("10.0.2.4");
        assertThat(w.destinationPort()).isEqualTo(80);
        assertThat(w.decidedBy()).singleElement().satisfies(d -> {
            assertThat(d.networkSecurityGroup()).isEqualTo("NSG1");
            assertThat(d.appliedTo()).isEqualTo("subnet:VNet1/Subnet2");
            assertThat(d.rule()).isEqualTo("defaultSecurityRules/DenyAllInBound");
            assertThat(d.access()).isEqualTo("Deny");
        });
        FlowResult verified = verify("NIC3", w);
        assertThat(verified.access()).isEqualTo(Access.DENY);
        assertThat(verified.ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");
        // the source is an Internet address: public, outside the virtual network
        assertThat(w.sourceAddress()).doesNotStartWith("10.");
    }

    @Test
    void theSeedsRulesHaveNoAnomalies() {
        // Allow-Database-BusinessLogic is an intended exception to Deny-Database-All: a generalization, and nothing
        // else (no shadowed, redundant or correlated rule, nothing dead where NSG1 is attached).
        assertThat(findings).extracting(Finding::id).containsOnly("generalization");
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("Deny-Database-All");
            assertThat(f.relatedRules()).containsExactly("Allow-Database-BusinessLogic");
        });
    }

    private static FlowResult verify(String nic, Witness w) {
        Verifier.Answer a = new Verifier(new dev.nsgaudit.eval.FlowEvaluator(loaded.topology(), ServiceTags.bundled()))
                .verify(FlowQuery.parse(nic, null, "Inbound", w.protocol(),
                        w.destinationAddress() + ":" + w.destinationPort(), w.sourceAddress() + ":" + w.sourcePort()));
        return a.result();
    }
}
