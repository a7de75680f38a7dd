package dev.nsgaudit.load.arm;

import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code show} on real quickstart samples, against expectations derived BY HAND from the templates and their
 * parameter files (not copied from the tool's output). Each expectation says where its values come from. The
 * compact form is {@link ShowSummary}'s; every key the tool prints is part of the comparison.
 */
class CorpusShowExpectationsTest {

    @BeforeAll
    static void corpusPresent() {
        assumeTrue(Files.isDirectory(CorpusSupport.root()), "the shared corpus is not present");
    }

    private static String sample(String name) {
        return CorpusSupport.root().resolve(name).toString();
    }

    private static String show(String sampleName, String... options) {
        String[] args = new String[options.length + 1];
        System.arraycopy(options, 0, args, 0, options.length);
        args[options.length] = sample(sampleName);
        return ShowSummary.of(args);
    }

    @Test
    void securityGroupCreate() {
        // azuredeploy.json: variables networkSecurityGroupName/virtualNetworkName/subnetName; the parameter file
        // repeats the defaults addressPrefix 10.0.0.0/16 and subnetPrefix 10.0.0.0/24. The only rule is inline.
        assertThat(show("quickstarts__microsoft.network__security-group-create")).isEqualTo("""
                vnet virtualNetwork1 space=[10.0.0.0/16]
                  subnet subnet 10.0.0.0/24 nsg=networkSecurityGroup1
                nsg networkSecurityGroup1
                  first_rule 123 Inbound Allow Tcp *:23-45 -> *:46-56 "This is the first rule"
                """);
    }

    @Test
    void applicationSecurityGroup() {
        // variables: vnetName 'vnet' (the VNet resource says variables('vNetName'): names are case-insensitive),
        // subnet01 10.0.0.0/24, asgName webServersAsg, nsgName webNsg; the NIC is concat(vmName '-NIC') with
        // vmName defaulting to 'VM', dynamic, member of webServersAsg. The rules name the ASG, no prefix, and have
        // descriptions (lines 119 and 137; a first hand reading missed them because it filtered out every line with
        // "description", which in this template also removed the rules' own).
        assertThat(show("quickstarts__microsoft.network__application-security-group")).isEqualTo("""
                vnet vnet space=[10.0.0.0/16]
                  subnet subnet01 10.0.0.0/24 nsg=webNsg
                asg webServersAsg
                nic VM-NIC
                  ip ipconfig1 subnet=vnet/subnet01 dynamic asgs=[webServersAsg]
                nsg webNsg
                  AllowHttpAll 100 Inbound Allow Tcp *:* -> asg[webServersAsg]:80 "Allow http traffic to web servers"
                  AllowSshAll 200 Inbound Allow Tcp *:* -> asg[webServersAsg]:22 "Allow SSH traffic to web servers"
                """);
    }

    @Test
    void nsgDmzInVnetTakesTheNamesFromItsParameterFile() {
        // The template's defaults are FE_NSG/App_NSG/DB_NSG; azuredeploy.parameters.json sets FENSGName=fensg,
        // AppNSGName=appnsg, DBNSGName=dbnsg and repeats the prefixes 10.0.0.0/24, 10.0.1.0/24, 10.0.2.0/24.
        // Allow_FE/Block_FE use parameters('FESubnetPrefix'), Allow_App/Block_App parameters('AppSubnetPrefix').
        assertThat(show("quickstarts__microsoft.network__nsg-dmz-in-vnet")).isEqualTo("""
                vnet First_ARM_VNet space=[10.0.0.0/16]
                  subnet FESubnet 10.0.0.0/24 nsg=fensg
                  subnet AppSubnet 10.0.1.0/24 nsg=appnsg
                  subnet DBSubnet 10.0.2.0/24 nsg=dbnsg
                nsg fensg
                  rdp_rule 100 Inbound Allow Tcp Internet:* -> *:3389 "Allow RDP"
                  web_rule 101 Inbound Allow Tcp Internet:* -> *:80 "Allow WEB"
                nsg appnsg
                  Allow_FE 100 Inbound Allow Tcp 10.0.0.0/24:* -> *:443 "Allow FE Subnet"
                  Block_RDP_Internet 101 Inbound Deny Tcp Internet:* -> *:3389 "Block RDP"
                  Block_Internet_Outbound 200 Outbound Deny * *:* -> Internet:* "Block Internet"
                nsg dbnsg
                  Allow_App 100 Inbound Allow Tcp 10.0.1.0/24:* -> *:1433 "Allow APP Subnet"
                  Block_FE 101 Inbound Deny * 10.0.0.0/24:* -> *:* "Block FE Subnet"
                  Block_App 102 Inbound Deny * 10.0.1.0/24:* -> *:* "Block App Subnet"
                  Block_Internet 200 Outbound Deny * *:* -> Internet:* "Block Internet"
                """);
    }

    @Test
    void nsgDmzInVnetWithoutItsParameterFileUsesTheDefaults(@TempDir Path dir) throws IOException {
        // The template alone: the defaultValue of FENSGName/AppNSGName/DBNSGName.
        Path template = Files.copy(Path.of(sample("quickstarts__microsoft.network__nsg-dmz-in-vnet"), "azuredeploy.json"),
                dir.resolve("azuredeploy.json"));
        String shown = ShowSummary.of(template.toString());
        assertThat(shown).contains("subnet FESubnet 10.0.0.0/24 nsg=FE_NSG\n", "subnet AppSubnet 10.0.1.0/24 nsg=App_NSG\n",
                "subnet DBSubnet 10.0.2.0/24 nsg=DB_NSG\n", "nsg FE_NSG\n", "nsg App_NSG\n", "nsg DB_NSG\n");
    }

    @Test
    void nsgDmzInVnetShowsEachObjectWithWhereItIsDefined() {
        // The full YAML, positions included: azuredeploy.json has the NSG objects at lines 70, 108, 160 (column 5),
        // their rules at lines 77, 91 / 115, 129, 143 / 167, 181, 195, 209 (column 11), the VNet at 226 and its
        // subnets at 243, 252, 261.
        String dir = sample("quickstarts__microsoft.network__nsg-dmz-in-vnet");
        Cli.Run r = Cli.run("show", dir);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        String at = dir + "/azuredeploy.json:";
        assertThat(r.out()).isEqualTo("""
                virtualNetworks:
                  - name: First_ARM_VNet
                    addressSpace:
                      - 10.0.0.0/16
                    subnets:
                      - name: FESubnet
                        addressPrefix: 10.0.0.0/24
                        networkSecurityGroup: fensg
                        definedAt: @243:11
                      - name: AppSubnet
                        addressPrefix: 10.0.1.0/24
                        networkSecurityGroup: appnsg
                        definedAt: @252:11
                      - name: DBSubnet
                        addressPrefix: 10.0.2.0/24
                        networkSecurityGroup: dbnsg
                        definedAt: @261:11
                    definedAt: @226:5
                networkSecurityGroups:
                  - name: fensg
                    securityRules:
                      - name: rdp_rule
                        description: Allow RDP
                        priority: 100
                        direction: Inbound
                        access: Allow
                        protocol: Tcp
                        sourceAddressPrefix: Internet
                        sourcePortRange: '*'
                        destinationAddressPrefix: '*'
                        destinationPortRange: '3389'
                        definedAt: @77:11
                      - name: web_rule
                        description: Allow WEB
                        priority: 101
                        direction: Inbound
                        access: Allow
                        protocol: Tcp
                        sourceAddressPrefix: Internet
                        sourcePortRange: '*'
                        destinationAddressPrefix: '*'
                        destinationPortRange: '80'
                        definedAt: @91:11
                    definedAt: @70:5
                  - name: appnsg
                    securityRules:
                      - name: Allow_FE
                        description: Allow FE Subnet
                        priority: 100
                        direction: Inbound
                        access: Allow
                        protocol: Tcp
                        sourceAddressPrefix: 10.0.0.0/24
                        sourcePortRange: '*'
                        destinationAddressPrefix: '*'
                        destinationPortRange: '443'
                        definedAt: @115:11
                      - name: Block_RDP_Internet
                        description: Block RDP
                        priority: 101
                        direction: Inbound
                        access: Deny
                        protocol: Tcp
                        sourceAddressPrefix: Internet
                        sourcePortRange: '*'
                        destinationAddressPrefix: '*'
                        destinationPortRange: '3389'
                        definedAt: @129:11
                      - name: Block_Internet_Outbound
                        description: Block Internet
                        priority: 200
                        direction: Outbound
                        access: Deny
                        protocol: '*'
                        sourceAddressPrefix: '*'
                        sourcePortRange: '*'
                        destinationAddressPrefix: Internet
                        destinationPortRange: '*'
                        definedAt: @143:11
                    definedAt: @108:5
                  - name: dbnsg
                    securityRules:
                      - name: Allow_App
                        description: Allow APP Subnet
                        priority: 100
                        direction: Inbound
                        access: Allow
                        protocol: Tcp
                        sourceAddressPrefix: 10.0.1.0/24
                        sourcePortRange: '*'
                        destinationAddressPrefix: '*'
                        destinationPortRange: '1433'
                        definedAt: @167:11
                      - name: Block_FE
                        description: Block FE Subnet
                        priority: 101
                        direction: Inbound
                        access: Deny
                        protocol: '*'
                        sourceAddressPrefix: 10.0.0.0/24
                        sourcePortRange: '*'
                        destinationAddressPrefix: '*'
                        destinationPortRange: '*'
                        definedAt: @181:11
                      - name: Block_App
                        description: Block App Subnet
                        priority: 102
                        direction: Inbound
                        access: Deny
                        protocol: '*'
                        sourceAddressPrefix: 10.0.1.0/24
                        sourcePortRange: '*'
                        destinationAddressPrefix: '*'
                        destinationPortRange: '*'
                        definedAt: @195:11
                      - name: Block_Internet
                        description: Block Internet
                        priority: 200
                        direction: Outbound
                        access: Deny
                        protocol: '*'
                        sourceAddressPrefix: '*'
                        sourcePortRange: '*'
                        destinationAddressPrefix: Internet
                        destinationPortRange: '*'
                        definedAt: @209:11
                    definedAt: @160:5
                """.replace("@", at));
    }

    @Test
    void dmzNsg() {
        // One NSG (variables.NSGName) on both subnets; four NICs with static addresses; the address space is the two
        // subnet prefixes. Descriptions such as "Enable Internet to [variables('VM01Name')]" do not start with '['
        // and are literal text, not expressions.
        assertThat(show("demos__dmz-nsg")).isEqualTo("""
                vnet VNet01 space=[10.0.1.0/24,10.0.2.0/24]
                  subnet FrontEnd 10.0.1.0/24 nsg=myVNetNSG
                  subnet BackEnd 10.0.2.0/24 nsg=myVNetNSG
                nic IIS01_NIC
                  ip ipconfig subnet=VNet01/FrontEnd 10.0.1.5
                nic AppVM01_NIC
                  ip ipconfig subnet=VNet01/BackEnd 10.0.2.5
                nic AppVM02_NIC
                  ip ipconfig subnet=VNet01/BackEnd 10.0.2.6
                nic DNS01_NIC
                  ip ipconfig subnet=VNet01/BackEnd 10.0.2.4
                nsg myVNetNSG
                  enable_dns_rule 100 Inbound Allow * VirtualNetwork:* -> 10.0.2.4:53 "Enable Internal DNS"
                  enable_rdp_rule 110 Inbound Allow Tcp *:* -> *:3389 "Allow RDP"
                  enable_web_rule 120 Inbound Allow Tcp Internet:* -> 10.0.1.5:80 "Enable Internet to [variables('VM01Name')]"
                  enable_app_rule 130 Inbound Allow * 10.0.1.5:* -> 10.0.2.5:* "Enable [variables('VM01Name')] to [variables('VM02Name')]"
                  deny_internet_rule 140 Inbound Deny * Internet:* -> VirtualNetwork:* "Isolate the [variables('VNetName')] VNet from the Internet"
                  deny_frontend_rule 150 Inbound Deny * 10.0.1.0/24:* -> 10.0.2.0/24:* "Isolate the [variables('Subnet1Name')] subnet from the [variables('Subnet2Name')] subnet"
                """);
    }

    @Test
    void azureBastionNsg() {
        // bastionHostName = GEN-UNIQUE-8 (parameter file), so nsgName = format('{0}-nsg') = GEN-UNIQUE-8-nsg;
        // vnetNewOrExisting defaults to 'new': the VNet resource is deployed, the standalone subnet resource (condition
        // 'existing') is not. vnetName vnet01, vnetIpPrefix 10.1.0.0/16, bastionSubnetIpPrefix 10.1.1.0/26.
        assertThat(show("quickstarts__microsoft.network__azure-bastion-nsg")).isEqualTo("""
                vnet vnet01 space=[10.1.0.0/16]
                  subnet AzureBastionSubnet 10.1.1.0/26 nsg=GEN-UNIQUE-8-nsg
                nsg GEN-UNIQUE-8-nsg
                  AllowHttpsInBound 100 Inbound Allow Tcp Internet:* -> *:443
                  AllowGatewayManagerInBound 110 Inbound Allow Tcp GatewayManager:* -> *:443
                  AllowLoadBalancerInBound 120 Inbound Allow Tcp AzureLoadBalancer:* -> *:443
                  AllowBastionHostCommunicationInBound 130 Inbound Allow * VirtualNetwork:* -> VirtualNetwork:[8080,5701]
                  DenyAllInBound 1000 Inbound Deny * *:* -> *:*
                  AllowSshRdpOutBound 100 Outbound Allow Tcp *:* -> VirtualNetwork:[22,3389]
                  AllowAzureCloudCommunicationOutBound 110 Outbound Allow Tcp *:* -> AzureCloud:443
                  AllowBastionHostCommunicationOutBound 120 Outbound Allow * VirtualNetwork:* -> VirtualNetwork:[8080,5701]
                  AllowGetSessionInformationOutBound 130 Outbound Allow * *:* -> Internet:[80,443]
                  DenyAllOutBound 1000 Outbound Deny * *:* -> *:*
                """);
    }

    @Test
    void azureBastionNsgIntoAnExistingVnet() {
        // --parameter vnetNewOrExisting=existing flips both conditions: the VNet is not deployed, the subnet resource
        // 'vnet01/AzureBastionSubnet' is. The VNet's address space is then unknown (an unresolved value), and the
        // bastion host name from --parameter overrides the parameter file.
        String shown = show("quickstarts__microsoft.network__azure-bastion-nsg",
                "--parameter", "vnetNewOrExisting=existing", "--parameter", "bastionHostName=bh");
        assertThat(shown).startsWith("""
                vnet vnet01 space=[?(vnet01)]
                  subnet AzureBastionSubnet 10.1.1.0/26 nsg=bh-nsg
                nsg bh-nsg
                  AllowHttpsInBound 100 Inbound Allow Tcp Internet:* -> *:443
                """);
    }

    @Test
    void oneVmTwoNicsTwoSubnets() {
        // subnet-1 has no NSG, subnet-2 has networkSecurityGroupName2 = format('{0}-nsg', 'subnet-2'); that NSG has no
        // properties at all (no rules). nic-1 carries the NIC-level NSG 'NSG' (declared last), nic-2 none.
        assertThat(show("quickstarts__microsoft.compute__1vm-2nics-2subnets-1vnet")).isEqualTo("""
                vnet virtualNetwork space=[10.0.0.0/16]
                  subnet subnet-1 10.0.0.0/24
                  subnet subnet-2 10.0.1.0/24 nsg=subnet-2-nsg
                nic nic-1 nsg=NSG
                  ip ipconfig1 subnet=virtualNetwork/subnet-1 dynamic
                nic nic-2
                  ip ipconfig1 subnet=virtualNetwork/subnet-2 dynamic
                nsg subnet-2-nsg
                nsg NSG
                  default-allow-rdp 1000 Inbound Allow Tcp *:* -> *:3389
                """);
    }

    @Test
    void vmCopyIndexLoops() {
        // numberOfInstances defaults to 4: nic0..nic3, subnet if(equals(mod(copyIndex(),2),0), subnet1Ref,
        // subnet2Ref). OS defaults to Ubuntu: the rule name concat('default-allow-', nsgOsPort['Ubuntu']) and port 22.
        assertThat(show("quickstarts__microsoft.compute__vm-copy-index-loops")).isEqualTo("""
                vnet VNET space=[10.0.0.0/16]
                  subnet Subnet-1 10.0.0.0/24 nsg=default-NSG
                  subnet Subnet-2 10.0.1.0/24 nsg=default-NSG
                nic nic0
                  ip ipconfig1 subnet=VNET/Subnet-1 dynamic
                nic nic1
                  ip ipconfig1 subnet=VNET/Subnet-2 dynamic
                nic nic2
                  ip ipconfig1 subnet=VNET/Subnet-1 dynamic
                nic nic3
                  ip ipconfig1 subnet=VNET/Subnet-2 dynamic
                nsg default-NSG
                  default-allow-22 1000 Inbound Allow Tcp *:* -> *:22
                """);
    }

    @Test
    void vmCopyIndexLoopsWithParametersGivenOnTheCommandLine() {
        // OS=Windows picks nsgOsPort['Windows'] = 3389; numberOfInstances=3 gives nic0..nic2.
        assertThat(show("quickstarts__microsoft.compute__vm-copy-index-loops", "--parameter", "OS=Windows",
                "--parameter", "numberOfInstances=3")).isEqualTo("""
                vnet VNET space=[10.0.0.0/16]
                  subnet Subnet-1 10.0.0.0/24 nsg=default-NSG
                  subnet Subnet-2 10.0.1.0/24 nsg=default-NSG
                nic nic0
                  ip ipconfig1 subnet=VNET/Subnet-1 dynamic
                nic nic1
                  ip ipconfig1 subnet=VNET/Subnet-2 dynamic
                nic nic2
                  ip ipconfig1 subnet=VNET/Subnet-1 dynamic
                nsg default-NSG
                  default-allow-3389 1000 Inbound Allow Tcp *:* -> *:3389
                """);
    }

    @Test
    void ipv6InVnet() {
        // Dual-stack VNet and subnet (addressPrefixes); numberOfInstances is a variable (2): NICs DsVM0, DsVM1 with the
        // NIC-level NSG dsNsg and an IPv4 and an IPv6 configuration. The first rule writes its protocol 'TCP'.
        assertThat(show("demos__ipv6-in-vnet")).isEqualTo("""
                vnet VNET space=[10.0.0.0/16,ace:cab:deca::/48]
                  subnet DualStackSubnet [10.0.0.0/24,ace:cab:deca:deed::/64]
                nic DsVM0 nsg=dsNsg
                  ip ipconfig-v4 subnet=VNET/DualStackSubnet dynamic
                  ip ipconfig-v6 subnet=VNET/DualStackSubnet dynamic IPv6
                nic DsVM1 nsg=dsNsg
                  ip ipconfig-v4 subnet=VNET/DualStackSubnet dynamic
                  ip ipconfig-v6 subnet=VNET/DualStackSubnet dynamic IPv6
                nsg dsNsg
                  allow-HTTP-in 1001 Inbound Allow TCP *:80 -> *:80 "Allow HTTP"
                  allow-all-out 1002 Outbound Allow * *:* -> *:* "Allow out All"
                  allow-RDP-in 1003 Inbound Allow Tcp *:* -> *:3389 "Allow RDP"
                  allow-MyIpv6App-out 1004 Outbound Allow Tcp ace:cab:deca:deed::/64:33819-33829 -> [cab:cab:aaaa:bbbb::/64,cab:cab:1111:2222::/64]:5000-6000 "Allow My IPv6 App"
                """);
    }

    @Test
    void multiTierLoadBalancing() {
        // Resource-level copy (count 2) on both NSG families and on the VNet; all four NSGs get the same rule list
        // from variables('networkSecurityGroupAllowRdpRule'). app-prefix 'GEN-UNIQUE' (parameter file) becomes
        // toLower(replace(replace(substring(.,0,4),' ',''),'-','')) = 'gen'. numberOfVMInstances = 2 (parameter
        // file). The test NICs' ipconfig has privateIPAddress 10.0.4.4 but allocation Dynamic, so no address.
        String nsgs = """
                nsg region-multitierlb-vnet0-default-nsg
                  Allow-RDP 1000 Inbound Allow Tcp *:* -> *:3389
                nsg region-multitierlb-vnet1-default-nsg
                  Allow-RDP 1000 Inbound Allow Tcp *:* -> *:3389
                nsg region-multitierlb-vnet0-front-end-subnet-nsg
                  Allow-RDP 1000 Inbound Allow Tcp *:* -> *:3389
                nsg region-multitierlb-vnet1-front-end-subnet-nsg
                  Allow-RDP 1000 Inbound Allow Tcp *:* -> *:3389
                """;
        assertThat(show("demos__multi-tier-loadbalancing")).isEqualTo("""
                vnet region-multitierlb-vnet0 space=[10.0.0.0/16]
                  subnet default 10.0.4.0/24 nsg=region-multitierlb-vnet0-default-nsg
                  subnet front-end-subnet 10.0.2.0/24 nsg=region-multitierlb-vnet0-front-end-subnet-nsg
                  subnet lb-subnet 10.0.1.0/24
                  subnet appGatewaySubnet 10.0.3.0/28
                vnet region-multitierlb-vnet1 space=[10.0.0.0/16]
                  subnet default 10.0.4.0/24 nsg=region-multitierlb-vnet1-default-nsg
                  subnet front-end-subnet 10.0.2.0/24 nsg=region-multitierlb-vnet1-front-end-subnet-nsg
                  subnet lb-subnet 10.0.1.0/24
                  subnet appGatewaySubnet 10.0.3.0/28
                nic gen-tm-vm-rg-nic0
                  ip ipconfig1 subnet=region-multitierlb-vnet0/default dynamic
                nic gen-tm-vm-rg-nic1
                  ip ipconfig1 subnet=region-multitierlb-vnet1/default dynamic
                nic gen-web-vm-nic-rg1-0
                  ip ipconfig1 subnet=region-multitierlb-vnet0/front-end-subnet dynamic
                nic gen-web-vm-nic-rg1-1
                  ip ipconfig1 subnet=region-multitierlb-vnet0/front-end-subnet dynamic
                nic gen-web-vm-nic-rg2-0
                  ip ipconfig1 subnet=region-multitierlb-vnet1/front-end-subnet dynamic
                nic gen-web-vm-nic-rg2-1
                  ip ipconfig1 subnet=region-multitierlb-vnet1/front-end-subnet dynamic
                """ + nsgs);
    }

    @Test
    void nsgWithDiagnosticLogsHasAPropertyCopyWithCountZero() {
        // nsgName defaults to uniqueString(resourceGroup().id) (13 characters of base32), securityRules to [], so the
        // property copy 'securityRules' has count 0 and the NSG has no rules. Nothing else is declared. The name is
        // computed from the stand-in resource group, which show says.
        assertThat(show("quickstarts__microsoft.network__nsg-create-with-diagnostic-logs"))
                .matches("nsg [a-z2-7]{13} \\(stand-in\\)\n");
    }

    @Test
    void nsgWithDiagnosticLogsGivenRulesAsAJsonParameter() {
        // The property copy builds each rule from parameters('securityRules')[copyIndex('securityRules')].name and
        // .properties: the rules come out as given, in order.
        String rules = "[{\"name\":\"AllowHttps\",\"properties\":{\"priority\":100,\"direction\":\"Inbound\","
                + "\"access\":\"Allow\",\"protocol\":\"Tcp\",\"sourceAddressPrefix\":\"Internet\","
                + "\"sourcePortRange\":\"*\",\"destinationAddressPrefix\":\"*\",\"destinationPortRange\":\"443\"}},"
                + "{\"name\":\"DenyAll\",\"properties\":{\"priority\":4096,\"direction\":\"Inbound\","
                + "\"access\":\"Deny\",\"protocol\":\"*\",\"sourceAddressPrefix\":\"*\",\"sourcePortRange\":\"*\","
                + "\"destinationAddressPrefix\":\"*\",\"destinationPortRange\":\"*\"}}]";
        assertThat(show("quickstarts__microsoft.network__nsg-create-with-diagnostic-logs",
                "--parameter", "nsgName=nsg-diag", "--parameter", "securityRules=" + rules)).isEqualTo("""
                nsg nsg-diag
                  AllowHttps 100 Inbound Allow Tcp Internet:* -> *:443
                  DenyAll 4096 Inbound Deny * *:* -> *:*
                """);
    }

    @Test
    void appServiceEnvironmentV3() {
        // useExistingVnetandSubnet defaults to false: the NSG nsg-asev3 (property copy over the empty default rule
        // list) and the VNet vnet-asev3 (172.16.0.0/16) with the property-copied subnet snet-asev3 whose NSG comes
        // from json(format('{{"id": "{0}"}}', resourceId(... 'nsg-asev3'))). The nested deployment is conditional on
        // useExistingVnetandSubnet and is skipped.
        assertThat(show("quickstarts__microsoft.web__web-app-asp-app-on-asev3-create")).isEqualTo("""
                vnet vnet-asev3 space=[172.16.0.0/16]
                  subnet snet-asev3 172.16.0.0/24 nsg=nsg-asev3
                nsg nsg-asev3
                """);
    }

    @Test
    void appServiceEnvironmentV3WithRulesThroughThePropertyCopy() {
        // Every rule property is copied through if(equals(x, ''), json('null'), x) or
        // if(equals(length(x), 0), json('null'), x): empty strings and empty lists become null (absent), and
        // priority goes through int(). So rule 1 keeps destinationAddressPrefixes and destinationPortRange, rule 2
        // destinationAddressPrefix and destinationPortRanges.
        String rules = "[{\"name\":\"AllowHttps\",\"properties\":{\"description\":\"https in\",\"access\":\"Allow\","
                + "\"destinationAddressPrefix\":\"\",\"destinationAddressPrefixes\":[\"172.16.0.4\",\"172.16.0.5\"],"
                + "\"destinationPortRanges\":[],\"destinationPortRange\":\"443\",\"direction\":\"Inbound\","
                + "\"priority\":\"100\",\"protocol\":\"Tcp\",\"sourceAddressPrefix\":\"Internet\","
                + "\"sourcePortRanges\":[],\"sourcePortRange\":\"*\"}},"
                + "{\"name\":\"DenyRest\",\"properties\":{\"description\":\"rest\",\"access\":\"Deny\","
                + "\"destinationAddressPrefix\":\"*\",\"destinationAddressPrefixes\":[],"
                + "\"destinationPortRanges\":[\"1-442\",\"444-65535\"],\"destinationPortRange\":\"\","
                + "\"direction\":\"Inbound\",\"priority\":4000,\"protocol\":\"*\",\"sourceAddressPrefix\":\"*\","
                + "\"sourcePortRanges\":[],\"sourcePortRange\":\"*\"}}]";
        assertThat(show("quickstarts__microsoft.web__web-app-asp-app-on-asev3-create",
                "--parameter", "networkSecurityGroupSecurityRules=" + rules)).isEqualTo("""
                vnet vnet-asev3 space=[172.16.0.0/16]
                  subnet snet-asev3 172.16.0.0/24 nsg=nsg-asev3
                nsg nsg-asev3
                  AllowHttps 100 Inbound Allow Tcp Internet:* -> [172.16.0.4,172.16.0.5]:443 "https in"
                  DenyRest 4000 Inbound Deny * *:* -> *:[1-442,444-65535] "rest"
                """);
    }

    @Test
    void darktraceInlineAndStandaloneRules() {
        // Main template: prefix = substring(resourceGroup().name, 0, 14) with the documented placeholder resource
        // group name 'resource-group' (shortID is empty), so the NSG is resource-group-nsg. Nine inline rules (the
        // first writes 'SourceAddressPrefixes', which ARM reads case-insensitively: split('10.0.2.0/24', ',')), then
        // the standalone securityRules resources: AllowOutboundMasterPort has condition not(equals(443, 443)) = false,
        // AllowAzureBastion has bastionEnable = true (parameter file). VMSSSubnetCIDR 10.0.2.0/24 and
        // bastionSubnetCIDR 10.0.1.0/24 come from the parameter file. The subnets are declared (outer-scope nested
        // deployment) in the existing VNet GET-PREREQ-vnetName, which is not declared: its address space is unknown.
        // The scale set's subnet is reference(<that deployment>).outputs.VMSSSubnetRef.value.
        // prereqs/prereq.azuredeploy.json is a separate deployment: dt-vsensor-vnet 10.0.0.0/16 without subnets.
        assertThat(show("application-workloads__darktrace__darktrace-vsensor-autoscaling")).isEqualTo("""
                vnet GET-PREREQ-vnetName space=[?(GET-PREREQ-vnetName)]
                  subnet resource-group-subnet 10.0.2.0/24 nsg=resource-group-nsg
                  subnet AzureBastionSubnet 10.0.1.0/24
                vnet dt-vsensor-vnet space=[10.0.0.0/16]
                nic resource-group-vmss/resource-group-nic (stand-in)
                  ip resource-group-ipconfig subnet=GET-PREREQ-vnetName/resource-group-subnet dynamic
                nsg resource-group-nsg (stand-in)
                  AllowMgmtInPorts22 1000 Inbound Allow Tcp [10.0.2.0/24]:* -> 10.0.2.0/24:[22] "Allow Inbound traffic to TCP ports 22 from customer selected IPs/Ranges."
                  AllowLoadBalancer 1001 Inbound Allow * AzureLoadBalancer:* -> 10.0.2.0/24:[80-81,443-444]
                  AllowOSSensorHTTP 1002 Inbound Allow Tcp VirtualNetwork:* -> 10.0.2.0/24:80-81 "Allow HTTP traffic from osSensors to vSensor for HTTP and TCP PROXYv2 Traffic"
                  AllowOSSensorHTTPS 1003 Inbound Allow Tcp VirtualNetwork:* -> 10.0.2.0/24:443-444 "Allow HTTPS traffic from osSensors to vSensor for HTTPS and TCP PROXYv2 Traffic"
                  AllowLoadBalancerHealthChecks 1004 Inbound Allow * 168.63.129.16:* -> 10.0.2.0/24:[80-81,443-444] "Allow the reserved Azure Load Balancer Health Check IP access to the vSensors."
                  AllowOutboundHTTPS 1003 Outbound Allow Tcp 10.0.2.0/24:* -> *:443 "Allow HTTPS traffic from vSensor to packages{-cdn}.darktrace.com/*ubuntu.com / Master Appliance"
                  AllowOutboundHTTP 1004 Outbound Allow Tcp 10.0.2.0/24:* -> *:80 "Allow HTTP traffic from vSensor to packages{-cdn}.darktrace.com/*ubuntu.com"
                  DenyOutboundInternet 4096 Outbound Deny * *:* -> Internet:* "Deny rest of internet outbound."
                  DenyAllIn 4095 Inbound Deny * *:* -> *:* "Deny all Inbound traffic."
                  AllowAzureBastion 1005 Inbound Allow Tcp 10.0.1.0/24:* -> 10.0.2.0/24:22 "Allow Bastion traffic to vSensor"
                """);
    }

    @Test
    void darktraceWithAMasterPortOtherThan443() {
        // appliancePort=8443 makes the condition of AllowOutboundMasterPort true; its destinationPortRange is the int
        // parameter, written as text.
        assertThat(show("application-workloads__darktrace__darktrace-vsensor-autoscaling", "--parameter",
                "appliancePort=8443")).contains("""
                  DenyAllIn 4095 Inbound Deny * *:* -> *:* "Deny all Inbound traffic."
                  AllowOutboundMasterPort 1004 Outbound Allow Tcp 10.0.2.0/24:* -> *:8443 "Allow HTTPS traffic from vSensor to Master on custom port"
                  AllowAzureBastion 1005 Inbound Allow Tcp 10.0.1.0/24:* -> 10.0.2.0/24:22 "Allow Bastion traffic to vSensor"
                """);
    }

    @Test
    void vmSimpleLinuxFindsTheSubnetThroughReference() {
        // The template file is azureDeploy.json (capital D) with azuredeploy.parameters.json beside it. The NIC's
        // subnet is reference(resourceId(vnet)).subnets[0].id, answered from the declared VNet vNet whose first
        // subnet is 'Subnet' (10.1.0.0/24). The NSG SecGroupNet is on the subnet and on the NIC.
        assertThat(show("quickstarts__microsoft.compute__vm-simple-linux")).isEqualTo("""
                vnet vNet space=[10.1.0.0/16]
                  subnet Subnet 10.1.0.0/24 nsg=SecGroupNet
                nic simpleLinuxVMNetInt nsg=SecGroupNet
                  ip ipconfig1 subnet=vNet/Subnet dynamic
                nsg SecGroupNet
                  SSH 1000 Inbound Allow Tcp *:* -> *:22
                """);
    }

    @Test
    void gamedevVmHasItsNsgInANestedDeployment() {
        // Everything is inside the inner-scope deployment gameDevVM-...; vmName 'gamedevvm' gives nsgName
        // gamedevvm-nsg, nicName gamedevvm-nic, ipconfName gamedevvm-ipconf. remoteAccessTechnology 'RDP' and
        // unrealPixelStreamingEnabled false pick the one-rule list nsgRules-RDP (priority 1010, protocol '*').
        // The VNet comes from a second nested deployment (vnetNewOrExisting 'new'): name gamedev-vnet,
        // addressPrefixes [first(vnetARPrefixes)] = [10.0.0.0/26], subnet gamedev-vnet-subnet1 10.0.0.0/28 with
        // networkSecurityGroupId -> createObject('id', ...) = gamedevvm-nsg.
        assertThat(show("application-workloads__azure-gamedev__gamedev-vm")).isEqualTo("""
                vnet gamedev-vnet space=[10.0.0.0/26]
                  subnet gamedev-vnet-subnet1 10.0.0.0/28 nsg=gamedevvm-nsg
                nic gamedevvm-nic nsg=gamedevvm-nsg
                  ip gamedevvm-ipconf subnet=gamedev-vnet/gamedev-vnet-subnet1 dynamic
                nsg gamedevvm-nsg
                  RDP 1010 Inbound Allow * *:* -> *:3389
                """);
    }

    @Test
    void gamedevVmWithTeradici() {
        // remoteAccessTechnology=Teradici (passed down into the nested deployment) selects nsgRules-Teradici.
        assertThat(show("application-workloads__azure-gamedev__gamedev-vm", "--parameter",
                "remoteAccessTechnology=Teradici")).endsWith("""
                nsg gamedevvm-nsg
                  RDP 1010 Inbound Allow * *:* -> *:3389
                  PCoIPtcp 1020 Inbound Allow TCP *:* -> *:4172
                  PCoIPudp 1030 Inbound Allow UDP *:* -> *:4172
                  CertAuthHTTPS 1040 Inbound Allow TCP *:* -> *:443
                  TeradiciCom 1050 Inbound Allow TCP *:* -> *:60443
                """);
    }

    @Test
    void serviceFabricScaleSetsAndThreeNsgs() {
        // Three NSGs nsg-Subnet-0/1/2 with ten rules each; ports from variables('nodeSettings')[i] (ephemeral
        // 49152-65534, HTTP gateway 19080, TCP gateway 19000, application 20000-30000) and the int parameters
        // loadBalancedAppPort1/2 (80, 8081). The VNet's subnets come from a property copy over subnetSettings. The
        // scale sets sfvm, nt1vm, nt2vm each have one NIC configuration NIC-i / ipconfig NIC-i, without NSG.
        // In nsg-Subnet-2 the blockAll rule carries the description of allowSvcFabApplication (as in the template).
        String rules = """
                  allowSvcFabSMB 3950 Inbound Allow * VirtualNetwork:* -> *:445 "allow SMB traffic within the net, used by fabric to move packages around"
                  allowSvcFabCluser 3920 Inbound Allow * VirtualNetwork:* -> *:1025-1027 "allow ports within vnet that are used by the fabric to talk between nodes"
                  allowSvcFabEphemeral 3930 Inbound Allow * VirtualNetwork:* -> *:49152-65534 "allow fabric ephemeral ports within the vnet"
                  allowSvcFabPortal 3900 Inbound Allow * *:* -> *:19080 "allow port used to access the fabric cluster web portal"
                  allowSvcFabClient 3910 Inbound Allow * *:* -> *:19000 "allow port used by the fabric client (includes powershell)"
                  allowSvcFabApplication 3940 Inbound Allow * *:* -> *:20000-30000 "allow fabric application ports within the vnet"
                  blockAll 4095 Inbound Deny * *:* -> *:* "block all traffic except what we've explicitly allowed"
                  allowVNetRDP 3960 Inbound Allow * *:* -> *:3389-4500 "allow RDP within the net"
                  allowAppPort1 2001 Inbound Allow * *:* -> *:80 "allow public application port 1"
                  allowAppPort2 2002 Inbound Allow * *:* -> *:8081 "allow public application port 2"
                """;
        String thirdRules = rules.replace("\"block all traffic except what we've explicitly allowed\"",
                "\"allow fabric application ports within the vnet\"");
        assertThat(show("quickstarts__microsoft.servicefabric__service-fabric-secure-nsg-cluster-65-node-3-nodetype"))
                .isEqualTo("""
                        vnet VNet space=[10.0.0.0/16]
                          subnet Subnet-0 10.0.0.0/24 nsg=nsg-Subnet-0
                          subnet Subnet-1 10.0.1.0/24 nsg=nsg-Subnet-1
                          subnet Subnet-2 10.0.2.0/24 nsg=nsg-Subnet-2
                        nic sfvm/NIC-0
                          ip NIC-0 subnet=VNet/Subnet-0 dynamic
                        nic nt1vm/NIC-1
                          ip NIC-1 subnet=VNet/Subnet-1 dynamic
                        nic nt2vm/NIC-2
                          ip NIC-2 subnet=VNet/Subnet-2 dynamic
                        nsg nsg-Subnet-0
                        """ + rules + "nsg nsg-Subnet-1\n" + rules + "nsg nsg-Subnet-2\n" + thirdRules);
    }
}
