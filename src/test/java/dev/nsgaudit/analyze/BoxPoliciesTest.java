package dev.nsgaudit.analyze;

import dev.nsgaudit.analyze.policies.PolicyChecker;
import dev.nsgaudit.load.InputLoader;
import dev.nsgaudit.load.PolicyLoader;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.PolicyResult.Status;
import dev.nsgaudit.model.Topology;
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
 * The one policy question over box lists answers as over BDDs where random topologies rarely go: platform traffic
 * (D7: DNS, DHCP and the wire server, IMDS, KMS) behind rules that deny it without naming its tag, and subnets whose
 * NSG is missing or unresolved. Each answer is checked, and both algebras must give the same result, witness included.
 */
class BoxPoliciesTest {

    private static final String PLATFORM = """
            virtualNetworks:
              - name: vnet
                addressSpace: [10.0.0.0/16]
                subnets:
                  - name: app
                    addressPrefix: 10.0.1.0/24
                    networkSecurityGroup: nsg-app
                  - name: closed
                    addressPrefix: 10.0.2.0/24
                    networkSecurityGroup: nsg-closed
            networkInterfaces:
              - name: app-1
                subnet: vnet/app
                privateIPAddress: 10.0.1.4
              - name: closed-1
                subnet: vnet/closed
                privateIPAddress: 10.0.2.4
            networkSecurityGroups:
              - name: nsg-closed
                securityRules:
                  - {name: Deny-Everything-Out, priority: 4000, direction: Outbound, access: Deny, protocol: "*",
                     sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "*"}
              - name: nsg-app
                securityRules:
                  - {name: Deny-Dns-Anywhere, priority: 100, direction: Outbound, access: Deny, protocol: "*",
                     sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "53"}
                  - {name: Deny-Imds, priority: 110, direction: Outbound, access: Deny, protocol: "*",
                     sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: AzurePlatformIMDS,
                     destinationPortRange: "*"}
                  - {name: Deny-Everything-Out, priority: 4000, direction: Outbound, access: Deny, protocol: "*",
                     sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "*"}
            """;

    private static final String PLATFORM_POLICIES = """
            policies:
              - {name: dns-passes, from: nic:app-1, to: 168.63.129.16, protocol: Udp, ports: "53", expect: allow}
              - {name: dns-not-denied, from: nic:app-1, to: 168.63.129.16, protocol: "*", ports: "53", expect: deny}
              - {name: dhcp-passes, from: nic:app-1, to: 168.63.129.16, protocol: Udp, ports: "67", expect: allow}
              - {name: wire-server-passes, from: nic:app-1, to: 168.63.129.16, protocol: Tcp, ports: "80,32526", expect: allow}
              - {name: host-otherwise-denied, from: nic:app-1, to: 168.63.129.16, protocol: Tcp, ports: "443", expect: deny}
              - {name: imds-denied, from: nic:app-1, to: 169.254.169.254, protocol: Tcp, ports: "80", expect: deny}
              - {name: kms-passes, from: nic:app-1, to: 20.118.99.224, protocol: Tcp, ports: "1688", expect: allow}
              - {name: kms-other-port-denied, from: nic:app-1, to: 20.118.99.224, protocol: Tcp, ports: "1689", expect: deny}
              - {name: public-dns-denied, from: nic:app-1, to: 8.8.8.8, protocol: Udp, ports: "53", expect: deny}
              - {name: imds-passes-unless-named, from: nic:closed-1, to: 169.254.169.254, protocol: Tcp, ports: "80", expect: allow}
              - {name: closed-otherwise, from: nic:closed-1, to: 10.0.1.0/24, protocol: Tcp, ports: "80", expect: deny}
              - {name: all-out, from: nic:app-1, to: "*", protocol: "*", ports: "*", expect: allow}
            """;

    @Test
    void platformTrafficIsDecidedByTheRulesNamingItsTag(@TempDir Path dir) throws IOException {
        Map<String, PolicyResult> r = bothEngines(dir, PLATFORM, PLATFORM_POLICIES);
        for (String pass : List.of("dns-passes", "dhcp-passes", "wire-server-passes", "host-otherwise-denied",
                "imds-denied", "imds-passes-unless-named", "closed-otherwise", "kms-passes", "kms-other-port-denied", "public-dns-denied")) {
            assertThat(r.get(pass).status()).as("%s: %s", pass, r.get(pass).message()).isEqualTo(Status.PASS);
        }
        assertThat(r.get("dns-not-denied").status()).isEqualTo(Status.FAIL);
        assertThat(r.get("all-out").status()).isEqualTo(Status.FAIL);
        assertThat(r.get("all-out").witness().decidedBy()).extracting(d -> d.rule()).containsExactly("securityRules/Deny-Everything-Out");
    }

    @Test
    void missingAndUnresolvedNsgsAreDecidedAlike(@TempDir Path dir) throws IOException {
        Map<String, PolicyResult> r = bothEngines(dir, InconclusivePolicyTest.NETWORK, InconclusivePolicyTest.POLICIES);
        assertThat(r.get("ghost-closed").status()).isEqualTo(Status.INCONCLUSIVE);
        assertThat(r.get("maybe-open-vnet").status()).isEqualTo(Status.INCONCLUSIVE);
        assertThat(r.get("rdp-closed").status()).isEqualTo(Status.PASS);
    }

    /** Every policy through both engines: the same results; the box lists must have decided some of them. */
    private static Map<String, PolicyResult> bothEngines(Path dir, String network, String policies) throws IOException {
        Path n = Files.writeString(dir.resolve("network.yaml"), network);
        Path p = Files.writeString(dir.resolve("policies.yaml"), policies);
        Topology topology = InputLoader.load(List.of(n)).topology();
        List<Finding> problems = new ArrayList<>();
        List<Policy> list = PolicyLoader.load(p, problems);
        assertThat(problems).isEmpty();
        Map<String, PolicyResult> out = new LinkedHashMap<>();
        try (Analyzer analyzer = new Analyzer(topology, ServiceTags.bundled())) {
            PolicyChecker boxes = analyzer.policyChecker(true);
            PolicyChecker bdds = analyzer.policyChecker(false);
            for (Policy policy : list) {
                PolicyResult onBoxes = boxes.check(policy);
                assertThat(onBoxes).as(policy.name()).isEqualTo(bdds.check(policy));
                out.put(policy.name(), onBoxes);
            }
            assertThat(boxes.decidedOnBoxes()).isGreaterThanOrEqualTo(list.size() / 2);
            boxes.free();
            bdds.free();
        }
        return out;
    }
}
