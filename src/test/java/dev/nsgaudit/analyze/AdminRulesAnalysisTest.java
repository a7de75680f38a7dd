package dev.nsgaudit.analyze;

import dev.nsgaudit.model.AddressPrefixItem;
import dev.nsgaudit.model.AdminRule;
import dev.nsgaudit.model.AdminRuleCollection;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.NetworkGroup;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.SecurityAdminConfiguration;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.rules.RuleCatalog;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.nsgaudit.testing.Net.inbound;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security admin rules (nsg-semantics 4.3/4.4) in the questions asked over sets: flow policies on both engines,
 * exposure checks and the rule findings. AlwaysAllow lets a packet through whatever the NSGs say, Deny blocks it,
 * Allow leaves it to the NSGs; the rules apply to the VNets of the network group their collection names.
 */
class AdminRulesAnalysisTest {

    /** VNet va (NSG on web, no user rule) and vb (no admin rule): nic-web in va, nic-other in vb. */
    static Net network(SecurityRule... webRules) {
        return Net.network().vnet("va", "10.0.0.0/16").vnet("vb", "10.1.0.0/16")
                .subnet("va/web", "10.0.1.0/24", "nsg-web").subnet("vb/app", "10.1.1.0/24", "nsg-app")
                .nic("nic-web", "va/web", "10.0.1.4", null).nic("nic-other", "vb/app", "10.1.1.4", null)
                .nsg("nsg-web", webRules).nsg("nsg-app");
    }

    /** One configuration, one collection for the group holding {@code members}. */
    static Topology withAdmin(Topology t, List<String> members, AdminRule... rules) {
        NetworkGroup group = new NetworkGroup("nm", "prod", null, null, members, false, null, null);
        SecurityAdminConfiguration configuration = new SecurityAdminConfiguration("nm", "baseline", null,
                List.of(new AdminRuleCollection("guardrails", null, List.of("prod"), List.of(rules), null, null)), null,
                null);
        return t.withNetworkManagers(List.of(group), List.of(configuration));
    }

    static AdminRule admin(String name, int priority, String access, String protocol, String source, String port) {
        return AdminRule.builder(name).priority(priority).direction("Inbound").access(access).protocol(protocol)
                .sources(source == null ? List.of() : List.of(source.equals("Internet")
                        ? AddressPrefixItem.serviceTag(source) : AddressPrefixItem.ipPrefix(source)))
                .destinationPortRanges(port == null ? List.of() : List.of(port)).build();
    }

    private static Policy policy(String from, String to, String ports, Policy.Expect expect) {
        return new Policy("p", null, from, to, "Tcp", ports, "*", expect, Severity.ERROR, SourceRef.UNKNOWN);
    }

    /** The policy on box lists and on BDDs: the same result, returned. */
    private static PolicyResult check(Topology t, Policy p) {
        try (Analyzer a = new Analyzer(t, ServiceTags.bundled())) {
            var boxes = a.policyChecker(true);
            var bdds = a.policyChecker(false);
            PolicyResult onBoxes = boxes.check(p);
            PolicyResult onBdds = bdds.check(p);
            assertThat(onBoxes).as("box lists and BDDs").isEqualTo(onBdds);
            boxes.free();
            bdds.free();
            return onBoxes;
        }
    }

    // ---- policies -----------------------------------------------------------------------------------------------

    @Test
    void anAlwaysAllowAdminRuleFailsADenyPolicyTheNsgsWouldPass() {
        Topology plain = network().topology();
        Policy noSsh = policy("Internet", "nic:nic-web", "22", Policy.Expect.DENY);
        assertThat(check(plain, noSsh).status()).as("the NSG's default rules deny it").isEqualTo(PolicyResult.Status.PASS);

        Topology t = withAdmin(plain, List.of("va"), admin("Ssh-From-Anywhere", 10, "AlwaysAllow", "Tcp", "Internet", "22"));
        PolicyResult r = check(t, noSsh);
        assertThat(r.status()).isEqualTo(PolicyResult.Status.FAIL);
        assertThat(r.message()).contains("securityAdminRules/nm/baseline/guardrails/Ssh-From-Anywhere (AlwaysAllow at vnet:va)");
        assertThat(r.witness().decidedBy()).extracting(d -> d.rule())
                .containsExactly("securityAdminRules/nm/baseline/guardrails/Ssh-From-Anywhere");
        assertThat(r.witness().destinationPort()).isEqualTo(22);
    }

    @Test
    void anAdminDenyFailsAnAllowPolicyTheNsgsWouldPass() {
        Topology plain = network(inbound("Allow-Https", 100, "Allow").protocol("Tcp").destinationPortRange("443")
                .build()).topology();
        Policy https = policy("Internet", "nic:nic-web", "443", Policy.Expect.ALLOW);
        assertThat(check(plain, https).status()).isEqualTo(PolicyResult.Status.PASS);

        Topology t = withAdmin(plain, List.of("va"), admin("Block-8-8", 20, "Deny", "Any", "8.8.8.0/24", null));
        PolicyResult r = check(t, https);
        assertThat(r.status()).isEqualTo(PolicyResult.Status.FAIL);
        assertThat(r.witness().sourceAddress()).startsWith("8.8.8.");
        assertThat(r.message()).contains("securityAdminRules/nm/baseline/guardrails/Block-8-8 (Deny at vnet:va)");
    }

    @Test
    void anAdminAllowRuleLeavesThePacketToTheNsgsAndOtherVnetsAreUntouched() {
        Topology t = withAdmin(network().topology(), List.of("va"),
                admin("Ssh-Allowed", 10, "Allow", "Tcp", "Internet", "22"),
                admin("Everything", 30, "AlwaysAllow", "Tcp", null, "3389"));
        assertThat(check(t, policy("Internet", "nic:nic-web", "22", Policy.Expect.DENY)).status())
                .as("Allow continues to the NSG, whose defaults deny").isEqualTo(PolicyResult.Status.PASS);
        assertThat(check(t, policy("Internet", "nic:nic-web", "3389", Policy.Expect.DENY)).status())
                .isEqualTo(PolicyResult.Status.FAIL);
        assertThat(check(t, policy("Internet", "nic:nic-other", "3389", Policy.Expect.DENY)).status())
                .as("vb is in no network group").isEqualTo(PolicyResult.Status.PASS);
    }

    @Test
    void anAdminRuleThatMayApplyMakesThePolicyInconclusive() {
        Topology plain = network().topology();
        Topology t = withAdmin(plain, List.of("va"), admin("Ssh", 10, "AlwaysAllow", "Tcp", "Internet", "22"));
        // The group's members may be added by Azure Policy: whether the rule reaches vb is not known offline.
        NetworkGroup dynamic = new NetworkGroup("nm", "prod", null, null, List.of("va"), true, null, null);
        t = t.withNetworkManagers(List.of(dynamic), t.securityAdminConfigurations());
        PolicyResult r = check(t, policy("Internet", "nic:nic-other", "22", Policy.Expect.DENY));
        assertThat(r.status()).isEqualTo(PolicyResult.Status.INCONCLUSIVE);
    }

    // ---- exposure -----------------------------------------------------------------------------------------------

    private static List<Finding> exposure(Topology t, String id) {
        try (Analyzer a = new Analyzer(t, ServiceTags.bundled())) {
            List<Finding> out = new ArrayList<>();
            a.catalogChecks(List.of(RuleCatalog.bundled().rule(id).orElseThrow()), 16_777_216)
                    .forEach(o -> out.addAll(o.findings()));
            return out;
        }
    }

    @Test
    void anAlwaysAllowAdminRuleFromTheInternetExposesTheNicsOfItsVnetsWithoutAnyNsgRule() {
        Topology plain = network().topology();
        assertThat(exposure(plain, "internet-exposed-ssh")).isEmpty();

        Topology t = withAdmin(plain, List.of("va"), admin("Ssh-From-Anywhere", 10, "AlwaysAllow", "Tcp", "Internet", "22"));
        List<Finding> found = exposure(t, "internet-exposed-ssh");
        assertThat(found).extracting(Finding::target).containsExactlyInAnyOrder("nic:nic-web", "subnet:va/web");
        Finding nic = found.stream().filter(f -> f.target().equals("nic:nic-web")).findFirst().orElseThrow();
        assertThat(nic.message()).contains("allowed by securityAdminRules/nm/baseline/guardrails/Ssh-From-Anywhere")
                .doesNotContain("null");
    }

    @Test
    void aNicWithoutAnyNsgIsExposedByAnAlwaysAllowAdminRule() {
        Topology plain = Net.network().vnet("va", "10.0.0.0/16").subnet("va/web", "10.0.1.0/24", null)
                .nic("nic-web", "va/web", "10.0.1.4", null).topology();
        Topology t = withAdmin(plain, List.of("va"), admin("Rdp", 10, "AlwaysAllow", "Tcp", "Internet", "3389"),
                admin("No-Ssh", 20, "Deny", "Tcp", null, "22"));
        assertThat(exposure(t, "internet-exposed-rdp")).extracting(Finding::target).contains("nic:nic-web");
        assertThat(exposure(t, "internet-exposed-ssh")).as("the admin Deny closes SSH, no NSG opens it").isEmpty();
    }

    @Test
    void anAdminDenyClosesWhatTheNsgOpens() {
        Topology plain = network(inbound("Allow-Ssh", 100, "Allow").protocol("Tcp").destinationPortRange("22")
                .build()).topology();
        assertThat(exposure(plain, "internet-exposed-ssh")).isNotEmpty();
        Topology t = withAdmin(plain, List.of("va"), admin("No-Ssh", 10, "Deny", "Tcp", null, "22"));
        assertThat(exposure(t, "internet-exposed-ssh")).isEmpty();
    }

    // ---- rule findings ------------------------------------------------------------------------------------------

    private static List<String> overridden(Topology t) {
        try (Analyzer a = new Analyzer(t, ServiceTags.bundled())) {
            return a.ruleFindings().stream().filter(f -> f.id().equals("rule-overridden-by-admin-rule"))
                    .map(f -> f.networkSecurityGroup() + "/" + f.rule()).toList();
        }
    }

    private static final SecurityRule SSH = inbound("Allow-Ssh", 100, "Allow").protocol("Tcp")
            .destinationPortRange("22").build();
    private static final SecurityRule HTTPS = inbound("Allow-Https", 110, "Allow").protocol("Tcp")
            .destinationPortRange("443").build();

    @Test
    void anNsgRuleWhosePacketsAdminRulesAllDecideIsReported() {
        Topology plain = network(SSH, HTTPS).topology();
        assertThat(overridden(plain)).isEmpty();
        Topology t = withAdmin(plain, List.of("va"), admin("No-Ssh", 10, "Deny", "Tcp", null, "22"));
        assertThat(overridden(t)).containsExactly("nsg-web/Allow-Ssh");
        try (Analyzer a = new Analyzer(t, ServiceTags.bundled())) {
            Finding f = a.ruleFindings().stream().filter(x -> x.id().equals("rule-overridden-by-admin-rule"))
                    .findFirst().orElseThrow();
            assertThat(f.message()).contains("securityAdminRules/nm/baseline/guardrails/No-Ssh");
        }
    }

    @Test
    void aRuleSomePacketsOfWhichReachTheNsgIsNotReported() {
        // AlwaysAllow from the Internet only: SSH from inside the VNet still meets Allow-Ssh.
        Topology t = withAdmin(network(SSH).topology(), List.of("va"),
                admin("Ssh-From-Internet", 10, "AlwaysAllow", "Tcp", "Internet", "22"));
        assertThat(overridden(t)).isEmpty();
        // Allow continues to the NSGs: nothing is decided by it.
        assertThat(overridden(withAdmin(network(SSH).topology(), List.of("va"),
                admin("Ssh", 10, "Allow", "Tcp", null, "22")))).isEmpty();
    }

    @Test
    void theRuleMustBeOverriddenWhereverItsNsgIsAttached() {
        // nsg-web also on vb/app, which no admin rule reaches.
        Topology both = Net.network().vnet("va", "10.0.0.0/16").vnet("vb", "10.1.0.0/16")
                .subnet("va/web", "10.0.1.0/24", "nsg-web").subnet("vb/app", "10.1.1.0/24", "nsg-web")
                .nsg("nsg-web", SSH).topology();
        assertThat(overridden(withAdmin(both, List.of("va"), admin("No-Ssh", 10, "Deny", "Tcp", null, "22")))).isEmpty();
        assertThat(overridden(withAdmin(both, List.of("va", "vb"), admin("No-Ssh", 10, "Deny", "Tcp", null, "22"))))
                .containsExactly("nsg-web/Allow-Ssh");
    }

    @Test
    void anAdminRuleThatMayNotApplyOverridesNothing() {
        Topology t = withAdmin(network(SSH).topology(), List.of(), admin("No-Ssh", 10, "Deny", "Tcp", null, "22"));
        NetworkGroup dynamic = new NetworkGroup("nm", "prod", null, null, List.of(), true, null, null);
        assertThat(overridden(t.withNetworkManagers(List.of(dynamic), t.securityAdminConfigurations()))).isEmpty();
    }
}
