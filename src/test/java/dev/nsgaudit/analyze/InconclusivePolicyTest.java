package dev.nsgaudit.analyze;

import dev.nsgaudit.analyze.rules.RuleValidator;
import dev.nsgaudit.load.InputLoader;
import dev.nsgaudit.load.LoadResult;
import dev.nsgaudit.load.PolicyLoader;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.PolicyResult.Status;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Never a silent pass (SPEC section 2): a policy whose answer depends on a value the tool cannot resolve (a rule
 * naming an unknown service tag, a subnet naming an NSG that is not defined or not known, a NIC of unknown ASG
 * membership) is inconclusive; the loader and the validator report the value; and policies that do not depend on
 * it still get a definite answer.
 */
class InconclusivePolicyTest {

    static final String NETWORK = """
            virtualNetworks:
              - name: vnet
                addressSpace: [10.0.0.0/16]
                subnets:
                  - name: web
                    addressPrefix: 10.0.1.0/24
                    networkSecurityGroup: nsg-web
                  - name: ghost
                    addressPrefix: 10.0.2.0/24
                    networkSecurityGroup: nsg-missing
                  - name: maybe
                    addressPrefix: 10.0.3.0/24
                    networkSecurityGroup: {unresolved: "[parameters('nsgId')]", reason: "the parameter has no value"}
            applicationSecurityGroups:
              - name: AsgDb
            networkInterfaces:
              - name: web-1
                subnet: vnet/web
                privateIPAddress: 10.0.1.4
              - name: db-1
                subnet: vnet/web
                privateIPAddress: 10.0.1.10
                applicationSecurityGroups: [AsgDb]
              - name: unknown-asgs
                subnet: vnet/web
                privateIPAddress: 10.0.1.20
                applicationSecurityGroups: {unresolved: "[parameters('asgs')]", reason: "the parameter has no value"}
              - name: ghost-1
                subnet: vnet/ghost
                privateIPAddress: 10.0.2.4
              - name: maybe-1
                subnet: vnet/maybe
                privateIPAddress: 10.0.3.4
            networkSecurityGroups:
              - name: nsg-web
                securityRules:
                  - name: Allow-Partner-Https
                    priority: 100
                    direction: Inbound
                    access: Allow
                    protocol: Tcp
                    sourceAddressPrefix: NoSuchTag
                    sourcePortRange: "*"
                    destinationAddressPrefix: "*"
                    destinationPortRange: "443"
                  - name: Allow-Admin-Ssh
                    priority: 110
                    direction: Inbound
                    access: Allow
                    protocol: Tcp
                    sourceAddressPrefix: 198.51.100.0/24
                    sourcePortRange: "*"
                    destinationAddressPrefix: "*"
                    destinationPortRange: "22"
                  - name: Deny-Db
                    priority: 120
                    direction: Inbound
                    access: Deny
                    protocol: "*"
                    sourceAddressPrefix: "*"
                    sourcePortRange: "*"
                    destinationApplicationSecurityGroups: [AsgDb]
                    destinationPortRanges: ["22", "8080"]
                  - name: Allow-App
                    priority: 130
                    direction: Inbound
                    access: Allow
                    protocol: Tcp
                    sourceAddressPrefix: Internet
                    sourcePortRange: "*"
                    destinationAddressPrefix: 10.0.1.20
                    destinationPortRanges: ["8080", "9090"]
            """;

    static final String POLICIES = """
            policies:
              - {name: no-https-from-internet, from: Internet, to: nic:web-1, protocol: Tcp, ports: "443", expect: deny}
              - {name: https-from-internet, from: Internet, to: nic:web-1, protocol: Tcp, ports: "443", expect: allow}
              - {name: ssh-only-from-office, from: Internet, to: nic:web-1, protocol: Tcp, ports: "22", expect: deny}
              - {name: rdp-closed, from: Internet, to: nic:web-1, protocol: Tcp, ports: "3389", expect: deny}
              - {name: ghost-closed, from: Internet, to: subnet:vnet/ghost, protocol: Tcp, ports: "80", expect: deny}
              - {name: ghost-open, from: Internet, to: subnet:vnet/ghost, protocol: Tcp, ports: "80", expect: allow}
              - {name: ghost-nic-closed, from: Internet, to: nic:ghost-1, protocol: "*", ports: "*", expect: deny}
              - {name: ghost-talks-out, from: nic:ghost-1, to: nic:web-1, protocol: Tcp, ports: "22", expect: deny}
              - {name: maybe-closed, from: Internet, to: nic:maybe-1, protocol: Tcp, ports: "80", expect: deny}
              - {name: maybe-open-vnet, from: nic:web-1, to: subnet:vnet/maybe, protocol: Tcp, ports: "80", expect: allow}
              - {name: unknown-member-8080, from: Internet, to: nic:unknown-asgs, protocol: Tcp, ports: "8080", expect: allow}
              - {name: db-closed-9090, from: Internet, to: asg:AsgDb, protocol: Tcp, ports: "9090", expect: deny}
              - {name: db-closed-22, from: 203.0.113.0/24, to: asg:AsgDb, protocol: Tcp, ports: "22", expect: deny}
            """;

    private static LoadResult loaded;
    private static final Map<String, PolicyResult> results = new LinkedHashMap<>();

    @BeforeAll
    static void run(@TempDir Path dir) throws IOException {
        Path network = Files.writeString(dir.resolve("network.yaml"), NETWORK);
        Path policyFile = Files.writeString(dir.resolve("policies.yaml"), POLICIES);
        loaded = InputLoader.load(List.of(network));
        List<Finding> problems = new ArrayList<>();
        List<Policy> policies = PolicyLoader.load(policyFile, problems);
        assertThat(problems).isEmpty();
        try (Analyzer analyzer = new Analyzer(loaded.topology(), ServiceTags.bundled())) {
            for (PolicyResult r : analyzer.checkPolicies(policies)) {
                results.put(r.policy().name(), r);
            }
        }
    }

    private static void assertStatus(String policy, Status status) {
        assertThat(results).containsKey(policy);
        PolicyResult r = results.get(policy);
        assertThat(r.status()).as("%s: %s", policy, r.message()).isEqualTo(status);
    }

    @Test
    void theUnresolvedValuesAreReported() {
        assertThat(loaded.problems()).extracting(Finding::id)
                .contains("dangling-reference", "unresolved-value");
        assertThat(loaded.problems()).anySatisfy(p -> assertThat(p.message()).contains("nsg-missing"));
        assertThat(loaded.problems()).anySatisfy(p -> assertThat(p.message()).contains("vnet/maybe"));
        assertThat(loaded.problems()).anySatisfy(p -> assertThat(p.message()).contains("unknown-asgs"));
        List<Finding> validated = new RuleValidator(ServiceTags.bundled(), loaded.topology()).validate();
        assertThat(validated).anySatisfy(f -> {
            assertThat(f.id()).isEqualTo("invalid-rule");
            assertThat(f.rule()).isEqualTo("Allow-Partner-Https");
            assertThat(f.message()).contains("NoSuchTag");
        });
    }

    @Test
    void aRuleWithAnUnknownServiceTagMakesWhatItMayMatchInconclusive() {
        assertStatus("no-https-from-internet", Status.INCONCLUSIVE);
        assertStatus("https-from-internet", Status.INCONCLUSIVE);
        assertThat(results.get("no-https-from-internet").witness()).isNotNull();
        assertThat(results.get("no-https-from-internet").witness().decidedBy())
                .anySatisfy(d -> assertThat(d.access()).isEqualTo("Unknown"));
    }

    @Test
    void whatDoesNotDependOnTheUnknownRuleIsStillDecided() {
        assertStatus("ssh-only-from-office", Status.FAIL);
        assertThat(results.get("ssh-only-from-office").witness().sourceAddress()).startsWith("198.51.100.");
        assertStatus("rdp-closed", Status.PASS);
    }

    @Test
    void aSubnetWhoseNsgIsNotDefinedIsInconclusive() {
        assertStatus("ghost-closed", Status.INCONCLUSIVE);
        assertStatus("ghost-open", Status.INCONCLUSIVE);
        assertStatus("ghost-nic-closed", Status.INCONCLUSIVE);
        assertStatus("ghost-talks-out", Status.INCONCLUSIVE);
    }

    @Test
    void aSubnetWhoseNsgIsUnresolvedIsInconclusive() {
        assertStatus("maybe-closed", Status.INCONCLUSIVE);
        assertStatus("maybe-open-vnet", Status.INCONCLUSIVE);
    }

    @Test
    void aNicOfUnknownMembershipIsInconclusiveWhereMembershipDecides() {
        // Allow-App opens 8080 to this NIC, unless it is in AsgDb (Deny-Db comes first): nobody knows.
        assertStatus("unknown-member-8080", Status.INCONCLUSIVE);
        // If it is in AsgDb, asg:AsgDb includes it and Allow-App lets 9090 through: not a pass.
        assertStatus("db-closed-9090", Status.INCONCLUSIVE);
        // Deny-Db denies 22 to every member, whoever they are: a pass either way.
        assertStatus("db-closed-22", Status.PASS);
    }
}
