package dev.nsgaudit.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpPrefixTest {

    @Test
    void parsesCanonicalPrefixesWithoutReport() {
        IpPrefix.Parsed p = IpPrefix.parse("10.0.0.0/24");

        assertThat(p.prefix()).hasToString("10.0.0.0/24");
        assertThat(p.hadHostBits()).isFalse();
        assertThat(p.prefix().first()).hasToString("10.0.0.0");
        assertThat(p.prefix().last()).hasToString("10.0.0.255");
    }

    @Test
    void normalisesHostBitsAndSaysSo_D2() {
        IpPrefix.Parsed p = IpPrefix.parse("10.0.0.5/24");

        assertThat(p.prefix()).hasToString("10.0.0.0/24");
        assertThat(p.hadHostBits()).isTrue();
        assertThat(p.prefix()).isEqualTo(IpPrefix.of("10.0.0.0/24"));

        IpPrefix.Parsed v6 = IpPrefix.parse("2001:db8::1/64");
        assertThat(v6.prefix()).hasToString("2001:db8::/64");
        assertThat(v6.hadHostBits()).isTrue();

        assertThat(IpPrefix.parse("172.16.5.4/12").prefix()).hasToString("172.16.0.0/12");
        assertThat(IpPrefix.parse("255.255.255.255/0").prefix()).hasToString("0.0.0.0/0");
        assertThat(IpPrefix.parse("255.255.255.255/0").hadHostBits()).isTrue();
    }

    @Test
    void aBareAddressIsAHostPrefix() {
        assertThat(IpPrefix.of("192.0.2.1")).hasToString("192.0.2.1/32");
        assertThat(IpPrefix.of("2001:db8::1")).hasToString("2001:db8::1/128");
        assertThat(IpPrefix.parse("192.0.2.1").hadHostBits()).isFalse();
    }

    @Test
    void zeroLengthPrefixesCoverTheirWholeFamily() {
        IpPrefix all4 = IpPrefix.of("0.0.0.0/0");
        IpPrefix all6 = IpPrefix.of("::/0");

        assertThat(all4.contains(IpAddress.parse("255.255.255.255"))).isTrue();
        assertThat(all4.contains(IpAddress.parse("::1"))).isFalse();
        assertThat(all6.contains(IpAddress.parse("ffff::1"))).isTrue();
        assertThat(all6.contains(IpAddress.parse("1.2.3.4"))).isFalse();
        assertThat(all6.last()).hasToString("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
    }

    @Test
    void containsRespectsTheBoundaries() {
        IpPrefix p = IpPrefix.of("10.0.1.0/25");

        assertThat(p.contains(IpAddress.parse("10.0.1.0"))).isTrue();
        assertThat(p.contains(IpAddress.parse("10.0.1.127"))).isTrue();
        assertThat(p.contains(IpAddress.parse("10.0.1.128"))).isFalse();
        assertThat(p.contains(IpAddress.parse("10.0.0.255"))).isFalse();

        IpPrefix v6 = IpPrefix.of("2001:db8:0:0:8000::/65");
        assertThat(v6.contains(IpAddress.parse("2001:db8::8000:0:0:1"))).isTrue();
        assertThat(v6.contains(IpAddress.parse("2001:db8::7fff:0:0:1"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/a", "/24",
            "10.0.0/24", "10.0.0.0/24/1", "10.0.0.0/1000", "10.0.0.256/24", "10.0.0.0/\u0662\u0664"})
    void rejectsMalformedPrefixes(String text) {
        assertThatThrownBy(() -> IpPrefix.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rangeToPrefixesIsTheShortestExactCover() {
        IpRange r = new IpRange(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.6"));

        assertThat(r.toPrefixes()).extracting(IpPrefix::toString)
                .containsExactly("10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32");
        assertThat(new IpRange(IpAddress.parse("0.0.0.0"), IpAddress.parse("255.255.255.255")).toPrefixes())
                .extracting(IpPrefix::toString).containsExactly("0.0.0.0/0");
        assertThat(new IpRange(IpAddress.parse("::"), IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))
                .toPrefixes()).extracting(IpPrefix::toString).containsExactly("::/0");
    }
}
