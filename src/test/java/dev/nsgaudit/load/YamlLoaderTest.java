package dev.nsgaudit.load;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class YamlLoaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private static LoadResult load(Path... paths) {
        return InputLoader.load(List.of(paths));
    }

    private static Finding only(LoadResult result, String id) {
        assertThat(result.problems()).as("problems").extracting(Finding::id).containsExactly(id);
        return result.problems().get(0);
    }

    @Test
    void readsTheDefinitionFormatWithPositions() throws IOException {
        Path file = write("net.yaml", """
                virtualNetworks:
                  - name: vnet1
                    addressSpace: [10.0.0.0/16]
                    peerings: [vnet2]
                    onPremisesPrefixes: [192.168.0.0/16]
                    subnets:
                      - name: web
                        addressPrefix: 10.0.1.0/24
                        networkSecurityGroup: nsg-web
                  - name: vnet2
                    addressSpace: [10.1.0.0/16]
                applicationSecurityGroups:
                  - name: AsgWeb
                networkInterfaces:
                  - name: nic1
                    subnet: vnet1/web
                    privateIPAddress: 10.0.1.4
                    applicationSecurityGroups: [AsgWeb]
                networkSecurityGroups:
                  - name: nsg-web
                    securityRules:
                      - name: Allow-Web
                        priority: 100
                        direction: Inbound
                        access: Allow
                        protocol: Tcp
                        sourceAddressPrefix: Internet
                        sourcePortRange: "*"
                        destinationApplicationSecurityGroups: [AsgWeb]
                        destinationPortRanges: [80, "443"]
                """);

        LoadResult result = load(file);

        assertThat(result.problems()).isEmpty();
        Topology t = result.topology();
        assertThat(t.virtualNetworks()).hasSize(2);
        assertThat(t.virtualNetworks().get(0).peerings()).containsExactly("vnet2");
        assertThat(t.virtualNetworks().get(0).onPremisesPrefixes()).containsExactly("192.168.0.0/16");
        assertThat(t.subnet("VNET1/Web")).isPresent();
        assertThat(t.subnet("vnet1/web").orElseThrow().subnet().networkSecurityGroup()).isEqualTo("nsg-web");
        NetworkInterface nic = t.networkInterface("nic1").orElseThrow();
        assertThat(nic.source()).isEqualTo(new SourceRef(file.toString(), 15, 5));
        IpConfiguration ip = nic.ipConfigurations().get(0);
        assertThat(ip.subnet()).isEqualTo("vnet1/web");
        assertThat(ip.privateIPAddress()).isEqualTo("10.0.1.4");
        assertThat(ip.applicationSecurityGroups()).containsExactly("AsgWeb");
        SecurityRule rule = t.networkSecurityGroup("NSG-WEB").orElseThrow().securityRules().get(0);
        assertThat(rule.priority()).isEqualTo(100);
        assertThat(rule.destinationPortRanges()).containsExactly("80", "443");
        assertThat(rule.destinationApplicationSecurityGroups()).containsExactly("AsgWeb");
        assertThat(rule.source()).isEqualTo(new SourceRef(file.toString(), 22, 9));
    }

    @Test
    void unknownKeysAreReportedWithFileLineAndColumn() throws IOException {
        Path file = write("nsg.yaml", """
                networkSecurityGroups:
                  - name: nsg1
                    securityRules:
                      - name: r1
                        priority: 100
                        direction: Inbound
                        access: Allow
                        protocol: Tcp
                        sourceAddressPrefix: "*"
                        sourcePortRange: "*"
                        destinationAddressPrefix: "*"
                        destinationPortRnage: "80"
                """);

        Finding f = only(load(file), "unknown-key");

        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.location()).isEqualTo(new SourceRef(file.toString(), 12, 9));
        assertThat(f.message()).contains("destinationPortRnage").contains("did you mean 'destinationPortRange'");
        assertThat(f.toLine()).startsWith(file + ":12:9: error [unknown-key] ");
    }

    @Test
    void unknownTopLevelKeysAreReportedToo() throws IOException {
        Path file = write("nsg.yaml", """
                networkSecurityGroup:
                  - name: nsg1
                """);

        Finding f = only(load(file), "unknown-key");

        assertThat(f.location()).isEqualTo(new SourceRef(file.toString(), 1, 1));
        assertThat(f.message()).contains("did you mean 'networkSecurityGroups'");
    }

    @Test
    void wrongTypesAreReportedWhereTheyStand() throws IOException {
        Path file = write("types.yaml", """
                virtualNetworks:
                  - name: vnet1
                    addressSpace: 10.0.0.0/16
                networkSecurityGroups:
                  - name: [nsg1, nsg2]
                  - name: nsg3
                    securityRules:
                      - name: r1
                        priority: high
                        direction: Inbound
                        access: Allow
                        protocol: Tcp
                        sourceAddressPrefix: "*"
                        sourcePortRange: "*"
                        destinationAddressPrefix: "*"
                        destinationPortRange: "80"
                  - name: nsg4
                    securityRules: {name: r2}
                  - just a string
                """);

        List<Finding> problems = load(file).problems();

        assertThat(problems).extracting(Finding::toLine).anySatisfy(line -> assertThat(line)
                .startsWith(file + ":3:19: error [input-error] addressSpace of virtual network 'vnet1' must be a list"));
        assertThat(problems).extracting(Finding::toLine).anySatisfy(line -> assertThat(line)
                .startsWith(file + ":5:11: error [input-error] name of a network security group must be a single value"));
        assertThat(problems).extracting(Finding::toLine).anySatisfy(line -> assertThat(line)
                .startsWith(file + ":9:19: error [input-error] priority of rule 'r1' of network security group 'nsg3'"
                        + " must be an integer, not 'high'"));
        assertThat(problems).extracting(Finding::toLine).anySatisfy(line -> assertThat(line)
                .startsWith(file + ":18:20: error [input-error] securityRules of network security group 'nsg4' must be a list"));
        assertThat(problems).extracting(Finding::toLine).anySatisfy(line -> assertThat(line)
                .startsWith(file + ":19:5: error [input-error] a network security group must be a mapping"));
        assertThat(problems).allSatisfy(p -> assertThat(p.location().line()).isPositive());
    }

    @Test
    void missingRequiredRuleFieldsAreLeftEmptyForTheValidator() throws IOException {
        Path file = write("nsg.yaml", """
                networkSecurityGroups:
                  - name: nsg1
                    securityRules:
                      - name: r1
                        direction: Inbound
                        access: Allow
                        sourceAddressPrefix: "*"
                        sourcePortRange: "*"
                        destinationAddressPrefix: "*"
                        destinationPortRange: "80"
                """);

        LoadResult result = load(file);

        assertThat(result.problems()).as("reported once, by RuleValidator").isEmpty();
        SecurityRule rule = result.topology().networkSecurityGroups().get(0).securityRules().get(0);
        assertThat(rule.priority()).isNull();
        assertThat(rule.protocol()).isNull();
        assertThat(rule.direction()).isEqualTo("Inbound");
        assertThat(rule.source()).isEqualTo(new SourceRef(file.toString(), 4, 9));
    }

    @Test
    void malformedYamlIsOneSyntaxErrorWithPosition() throws IOException {
        Path file = write("bad.yaml", """
                networkSecurityGroups:
                  - name: nsg1
                    securityRules: [
                """);

        Finding f = only(load(file), "yaml-syntax");

        assertThat(f.location().file()).isEqualTo(file.toString());
        assertThat(f.location().line()).isPositive();
        assertThat(f.location().column()).isPositive();
        assertThat(f.message()).startsWith("malformed YAML").doesNotContain("\n");
    }

    @Test
    void duplicateKeysInOneMappingAreRejected() throws IOException {
        Path file = write("dup.yaml", """
                networkSecurityGroups:
                  - name: nsg1
                    name: nsg2
                """);

        LoadResult result = load(file);

        Finding f = only(result, "yaml-syntax");
        assertThat(f.location()).isEqualTo(new SourceRef(file.toString(), 3, 5));
        assertThat(f.message()).contains("duplicate key 'name'");
        assertThat(result.topology().networkSecurityGroups()).extracting(n -> n.name()).containsExactly("nsg1");
    }

    @Test
    void aDuplicateKeyInARuleIsNotSilentlyOverwritten() throws IOException {
        Path file = write("dup-rule.yaml", """
                networkSecurityGroups:
                  - name: nsg1
                    securityRules:
                      - name: r1
                        priority: 100
                        direction: Inbound
                        access: Deny
                        protocol: "*"
                        sourceAddressPrefix: "*"
                        sourcePortRange: "*"
                        destinationAddressPrefix: "*"
                        destinationPortRange: "*"
                        access: Allow
                """);

        Finding f = only(load(file), "yaml-syntax");

        assertThat(f.location()).isEqualTo(new SourceRef(file.toString(), 13, 9));
        assertThat(f.message()).contains("duplicate key 'access'");
    }

    @Test
    void duplicateDefinitionsAcrossFilesKeepTheFirstAndSayWhere() throws IOException {
        Path a = write("a.yaml", """
                networkSecurityGroups:
                  - name: nsg-web
                    securityRules: []
                """);
        Path b = write("b.yaml", """
                applicationSecurityGroups:
                  - name: AsgOther
                networkSecurityGroups:
                  - name: NSG-WEB
                    securityRules:
                      - {name: r1, priority: 100, direction: Inbound, access: Allow, protocol: "*",
                         sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*",
                         destinationPortRange: "*"}
                """);

        LoadResult result = load(a, b);

        Finding f = only(result, "duplicate-definition");
        assertThat(f.location()).isEqualTo(new SourceRef(b.toString(), 4, 5));
        assertThat(f.message()).contains("NSG-WEB").contains(a + ":2:5");
        assertThat(result.topology().networkSecurityGroups()).singleElement()
                .satisfies(n -> assertThat(n.securityRules()).isEmpty());
        assertThat(result.topology().applicationSecurityGroup("AsgOther")).as("the rest of b.yaml is kept").isPresent();
    }

    @Test
    void filesAreMergedByName() throws IOException {
        Path net = write("net.yaml", """
                virtualNetworks:
                  - name: vnet1
                    addressSpace: [10.0.0.0/16]
                    subnets:
                      - {name: web, addressPrefix: 10.0.1.0/24, networkSecurityGroup: nsg-web}
                """);
        Path nsgs = write("nsgs.yaml", """
                networkSecurityGroups:
                  - name: nsg-web
                """);

        LoadResult result = load(net, nsgs);

        assertThat(result.problems()).isEmpty();
        assertThat(result.topology().networkSecurityGroup("nsg-web")).isPresent();
    }

    @Test
    void danglingReferencesAreErrors() throws IOException {
        Path file = write("dangling.yaml", """
                virtualNetworks:
                  - name: vnet1
                    addressSpace: [10.0.0.0/16]
                    peerings: [vnet-missing]
                    subnets:
                      - name: web
                        addressPrefix: 10.0.1.0/24
                        networkSecurityGroup: nsg-missing
                applicationSecurityGroups:
                  - name: AsgWeb
                networkInterfaces:
                  - name: nic1
                    subnet: vnet1/web
                    privateIPAddress: 10.0.1.4
                    networkSecurityGroup: nsg-nic-missing
                    applicationSecurityGroups: [AsgMissing]
                  - name: nic2
                    subnet: vnet1/nowhere
                    privateIPAddress: 10.0.1.5
                networkSecurityGroups:
                  - name: nsg1
                    securityRules:
                      - name: r1
                        priority: 100
                        direction: Inbound
                        access: Allow
                        protocol: Tcp
                        sourceApplicationSecurityGroups: [AsgGone]
                        sourcePortRange: "*"
                        destinationAddressPrefix: "*"
                        destinationPortRange: "80"
                """);

        List<Finding> problems = load(file).problems();

        assertThat(problems).extracting(Finding::id).containsOnly("dangling-reference").hasSize(6);
        assertThat(problems).allSatisfy(p -> {
            assertThat(p.severity()).isEqualTo(Severity.ERROR);
            assertThat(p.location().file()).isEqualTo(file.toString());
            assertThat(p.location().line()).isPositive();
        });
        assertThat(problems).extracting(Finding::message).anySatisfy(m -> assertThat(m).contains("'vnet-missing'"))
                .anySatisfy(m -> assertThat(m).contains("'nsg-missing'"))
                .anySatisfy(m -> assertThat(m).contains("'nsg-nic-missing'"))
                .anySatisfy(m -> assertThat(m).contains("'AsgMissing'"))
                .anySatisfy(m -> assertThat(m).contains("'vnet1/nowhere'"))
                .anySatisfy(m -> assertThat(m).contains("'AsgGone'"));
        assertThat(problems).filteredOn(p -> p.message().contains("'AsgGone'")).singleElement()
                .satisfies(p -> {
                    assertThat(p.networkSecurityGroup()).isEqualTo("nsg1");
                    assertThat(p.rule()).isEqualTo("r1");
                    assertThat(p.location().line()).isEqualTo(23);
                });
    }

    @Test
    void invalidTopologyAddressesAreErrors() throws IOException {
        Path file = write("addresses.yaml", """
                virtualNetworks:
                  - name: vnet1
                    addressSpace: [10.0.0.0/33]
                    subnets:
                      - {name: web, addressPrefix: 10.0.1.0/24}
                networkInterfaces:
                  - {name: nic1, subnet: vnet1/web, privateIPAddress: 10.0.1.300}
                """);

        List<Finding> problems = load(file).problems();

        assertThat(problems).extracting(Finding::id).containsExactly("input-error", "input-error");
        assertThat(problems.get(0).message()).contains("addressSpace").contains("10.0.0.0/33");
        assertThat(problems.get(1).message()).contains("nic1").contains("10.0.1.300");
    }

    @Test
    void nicForms() throws IOException {
        Path file = write("nics.yaml", """
                virtualNetworks:
                  - name: vnet1
                    addressSpace: [10.0.0.0/16, "fd00::/48"]
                    subnets:
                      - {name: app, addressPrefixes: [10.0.1.0/24, "fd00:0:0:1::/64"]}
                applicationSecurityGroups:
                  - name: AsgA
                networkInterfaces:
                  - name: multi
                    subnet: vnet1/app
                    ipConfigurations:
                      - {name: v4, privateIPAddress: 10.0.1.4, applicationSecurityGroups: [AsgA]}
                      - {name: v6, privateIPAddress: "fd00:0:0:1::4"}
                      - {name: dyn, privateIPAllocationMethod: Dynamic}
                  - name: dynamic-with-address
                    subnet: vnet1/app
                    privateIPAllocationMethod: Dynamic
                    privateIPAddress: 10.0.1.9
                  - name: both-forms
                    subnet: vnet1/app
                    privateIPAddress: 10.0.1.10
                    ipConfigurations:
                      - {privateIPAddress: 10.0.1.11}
                """);

        LoadResult result = load(file);

        NetworkInterface multi = result.topology().networkInterface("multi").orElseThrow();
        assertThat(multi.ipConfigurations()).extracting(IpConfiguration::name).containsExactly("v4", "v6", "dyn");
        assertThat(multi.ipConfigurations()).extracting(IpConfiguration::subnet).containsOnly("vnet1/app");
        assertThat(multi.ipConfigurations().get(1).privateIPAddressVersion()).isEqualTo("IPv6");
        assertThat(multi.ipConfigurations().get(2).isDynamic()).isTrue();
        assertThat(result.topology().networkInterface("dynamic-with-address").orElseThrow()
                .ipConfigurations().get(0).isDynamic()).as("Azure ignores the address of a Dynamic configuration").isTrue();
        assertThat(result.problems()).extracting(Finding::id, Finding::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("input-warning", Severity.WARNING),
                org.assertj.core.groups.Tuple.tuple("input-error", Severity.ERROR));
        assertThat(result.problems().get(1).message()).contains("both ipConfigurations and privateIPAddress");
    }

    @Test
    void severalDocumentsInOneFileAreAllRead() throws IOException {
        Path file = write("multi.yaml", """
                applicationSecurityGroups:
                  - name: A
                ---
                applicationSecurityGroups:
                  - name: B
                """);

        LoadResult result = load(file);

        assertThat(result.problems()).isEmpty();
        assertThat(result.topology().applicationSecurityGroups()).hasSize(2);
    }

    @Test
    void foldersSkipYamlThatIsNotADefinitionFile() throws IOException {
        write("pipeline.yml", """
                trigger: [main]
                steps:
                  - script: mvn test
                """);
        write("nsgs.yaml", """
                networkSecurityGroups:
                  - name: nsg1
                """);
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/asgs.yml"), "applicationSecurityGroups:\n  - name: AsgSub\n");

        LoadResult result = load(dir);

        assertThat(result.problems()).isEmpty();
        assertThat(result.topology().networkSecurityGroup("nsg1")).isPresent();
        assertThat(result.topology().applicationSecurityGroup("AsgSub")).isPresent();
    }

    @Test
    void aBrokenDefinitionFileInAFolderIsReportedWhateverItsName() throws IOException {
        Path broken = write("network.yaml", """
                virtualNetworks:
                  - name: vnet1
                    addressSpace: [10.0.0.0/16
                    subnets: []
                """);
        write("pipeline.yml", "steps: [unclosed\n");

        LoadResult result = load(dir);

        Finding f = only(result, "yaml-syntax");
        assertThat(f.location().file()).isEqualTo(broken.toString());
        assertThat(f.location().line()).isPositive();
    }

    @Test
    void aMissingPathIsAProblemNotAnException() {
        Path missing = dir.resolve("nope.yaml");

        Finding f = only(load(missing), "input-error");

        assertThat(f.location().file()).isEqualTo(missing.toString());
        assertThat(f.message()).contains("no such file");
    }

    @Test
    void aBillionLaughsAliasBombIsRejectedQuickly() throws IOException {
        Path file = write("bomb.yaml", """
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
                h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
                i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
                networkSecurityGroups: *i
                """);

        LoadResult result = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> load(file));

        assertThat(result.problems()).extracting(Finding::id).contains("yaml-syntax");
        assertThat(result.problems()).filteredOn(p -> p.id().equals("yaml-syntax")).singleElement()
                .satisfies(p -> assertThat(p.message()).containsIgnoringCase("alias"));
        assertThat(result.topology().networkSecurityGroups()).isEmpty();
    }
}
