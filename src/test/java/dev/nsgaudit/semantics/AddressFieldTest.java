package dev.nsgaudit.semantics;

import dev.nsgaudit.semantics.AddressField;
import dev.nsgaudit.semantics.NetworkView;

import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.testing.Net;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AddressFieldTest {

    private static final ServiceTags TAGS = ServiceTags.bundled();
    private static final Topology TOPOLOGY = Net.network()
            .vnet("vnet1", "10.0.0.0/16")
            .vnet("vnet-public", "20.50.0.0/16")
            .peering("vnet1", "vnet-public")
            .asg("AsgWeb")
            .topology();
    private static final NetworkView VIEW = NetworkView.of(TOPOLOGY, TOPOLOGY.virtualNetworks().get(0));

    private static AddressField.Parsed singular(String value) {
        return AddressField.parse("source", value, List.of(), List.of(), VIEW, TAGS, TOPOLOGY);
    }

    private static AddressField.Parsed plural(String... values) {
        return AddressField.parse("source", null, List.of(values), List.of(), VIEW, TAGS, TOPOLOGY);
    }

    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "Any", "any", "ANY"})
    void anyMatchesBothFamiliesCompletely(String value) {
        AddressField.Parsed p = singular(value);

        assertThat(p.addresses()).isEqualTo(AddressSet.ALL);
        assertThat(p.rejected()).isEmpty();
        assertThat(p.certain()).isTrue();
    }

    @Test
    void zeroPrefixesCoverOnlyTheirOwnFamily() {
        assertThat(singular("0.0.0.0/0").addresses()).isEqualTo(AddressSet.allOf(IpFamily.V4));
        assertThat(singular("::/0").addresses()).isEqualTo(AddressSet.allOf(IpFamily.V6));
        assertThat(singular("::/0").families()).containsExactly(IpFamily.V6);
    }

    @Test
    void builtInTagsAreCaseInsensitiveAndReportedInCanonicalSpelling() {
        AddressField.Parsed internet = singular("internet");
        assertThat(internet.tags()).containsExactly("Internet");
        assertThat(internet.addresses()).isEqualTo(VIEW.internet());

        AddressField.Parsed vnet = singular("VIRTUALNETWORK");
        assertThat(vnet.tags()).containsExactly("VirtualNetwork");
        assertThat(vnet.addresses()).isEqualTo(VIEW.virtualNetwork());

        AddressField.Parsed lb = singular("azureloadbalancer");
        assertThat(lb.tags()).containsExactly("AzureLoadBalancer");
        assertThat(lb.addresses()).isEqualTo(AddressSet.of("168.63.129.16/32"));
    }

    @Test
    void serviceTagsFromTheFileAreCaseInsensitiveWithTheFilesSpelling() {
        AddressField.Parsed p = singular("storage.westus");

        assertThat(p.tags()).containsExactly("Storage.WestUS");
        assertThat(p.certain()).isTrue();
        assertThat(p.addresses().contains(ip("13.83.72.20"))).isTrue();
        assertThat(p.addresses().contains(ip("8.8.8.8"))).isFalse();
    }

    @Test
    void anUnknownTagIsUnresolvableNeverMatchesNothing() {
        AddressField.Parsed p = singular("Storage.AtlantisNorth");

        assertThat(p.certain()).isFalse();
        assertThat(p.unresolvable()).singleElement().asString()
                .contains("Storage.AtlantisNorth").contains("--service-tags");
        assertThat(p.addresses()).isEqualTo(AddressSet.ALL);
    }

    @Test
    void tagsInThePluralFieldAreRejectedButStillEvaluated() {
        AddressField.Parsed p = plural("10.1.0.0/16", "Internet");

        assertThat(p.rejected()).singleElement().asString()
                .contains("Internet").contains("SecurityRuleParameterContainsUnsupportedValue");
        assertThat(p.addresses().contains(ip("10.1.2.3"))).isTrue();
        assertThat(p.addresses().contains(ip("8.8.8.8"))).isTrue();
    }

    @Test
    void starInThePluralFieldIsRejected() {
        AddressField.Parsed p = plural("10.1.0.0/16", "*");

        assertThat(p.rejected()).singleElement().asString().contains("'*'");
        assertThat(p.addresses()).isEqualTo(AddressSet.ALL);
    }

    @Test
    void pluralPrefixesAreUnitedAndNonCanonicalOnesReported() {
        AddressField.Parsed p = plural("10.1.0.5/24", "192.0.2.1");

        assertThat(p.rejected()).isEmpty();
        assertThat(p.nonCanonical()).singleElement().asString().contains("10.1.0.5/24").contains("10.1.0.0/24");
        assertThat(p.addresses()).isEqualTo(AddressSet.of("10.1.0.0/24", "192.0.2.1/32"));
        assertThat(p.families()).containsExactly(IpFamily.V4);
    }

    @Test
    void mixedFamiliesAreVisibleToTheValidator() {
        assertThat(plural("10.1.0.0/16", "2001:db8::/32").families())
                .containsExactlyInAnyOrder(IpFamily.V4, IpFamily.V6);
    }

    @Test
    void aBadCidrIsUnresolvable() {
        AddressField.Parsed p = singular("10.0.0.0/33");

        assertThat(p.certain()).isFalse();
        assertThat(p.unresolvable()).singleElement().asString().contains("10.0.0.0/33");
    }

    @Test
    void asgsAreKeptByLowerCaseNameAndUnknownOnesAreUnresolvable() {
        AddressField.Parsed known = AddressField.parse("destination", null, List.of(), List.of("asgweb"), VIEW, TAGS,
                TOPOLOGY);
        assertThat(known.asgs()).containsExactly("asgweb");
        assertThat(known.addresses().isEmpty()).isTrue();
        assertThat(known.certain()).isTrue();

        AddressField.Parsed unknown = AddressField.parse("destination", null, List.of(), List.of("AsgNope"), VIEW,
                TAGS, TOPOLOGY);
        assertThat(unknown.certain()).isFalse();
        assertThat(unknown.unresolvable()).singleElement().asString().contains("AsgNope");
    }

    @Test
    void prefixAndAsgOnOneSideIsRejected() {
        AddressField.Parsed p = AddressField.parse("source", "10.0.0.0/8", List.of(), List.of("AsgWeb"), VIEW, TAGS,
                TOPOLOGY);

        assertThat(p.rejected()).singleElement().asString().contains("more than one of");
    }

    @Test
    void noAddressAtAllIsUnresolvable() {
        AddressField.Parsed p = AddressField.parse("source", null, List.of(), List.of(), VIEW, TAGS, TOPOLOGY);

        assertThat(p.certain()).isFalse();
        assertThat(p.addresses()).isEqualTo(AddressSet.ALL);
    }

    @Test
    void internetExcludesNonPublicRanges_D4() {
        AddressSet internet = VIEW.internet();

        for (String notInternet : List.of("10.0.0.1", "10.200.0.1", "100.64.0.1", "100.127.255.255", "127.0.0.1",
                "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.168.1.1", "224.0.0.1", "240.0.0.1",
                "255.255.255.255", "0.1.2.3", "168.63.129.16", "::1", "fc00::1", "fdff::1", "fe80::1", "ff02::1")) {
            assertThat(internet.contains(ip(notInternet))).as(notInternet).isFalse();
        }
        for (String isInternet : List.of("8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.0", "172.32.0.1",
                "11.0.0.1", "168.63.129.17", "203.0.113.7", "2001:4860:4860::8888", "2603:1000::1")) {
            assertThat(internet.contains(ip(isInternet))).as(isInternet).isTrue();
        }
    }

    @Test
    void internetExcludesTheVnetAndItsPeersEvenWhenTheirSpaceIsPublic() {
        AddressSet internet = VIEW.internet();

        assertThat(internet.contains(ip("20.50.1.1"))).as("peered VNet space").isFalse();
        assertThat(internet.contains(ip("20.51.1.1"))).isTrue();
        assertThat(VIEW.virtualNetwork().contains(ip("20.50.1.1"))).isTrue();

        NetworkView fromPublic = NetworkView.of(TOPOLOGY, TOPOLOGY.virtualNetworks().get(1));
        assertThat(fromPublic.internet().contains(ip("20.50.1.1"))).isFalse();
        assertThat(fromPublic.virtualNetwork().contains(ip("10.0.3.3"))).as("peering works both ways").isTrue();
    }

    @Test
    void theAssumedViewWithoutVnetUsesThePrivateRanges_D3() {
        NetworkView assumed = NetworkView.assumed();

        assertThat(assumed.isAssumed()).isTrue();
        assertThat(assumed.virtualNetwork()).isEqualTo(AddressSet.of("10.0.0.0/8", "172.16.0.0/12",
                "192.168.0.0/16", "168.63.129.16/32"));
        assertThat(assumed.internet().contains(ip("8.8.8.8"))).isTrue();
        assertThat(assumed.internet().contains(ip("100.64.0.1"))).isFalse();
        assertThat(assumed.virtualNetwork().contains(ip("100.64.0.1"))).isFalse();
    }
}
