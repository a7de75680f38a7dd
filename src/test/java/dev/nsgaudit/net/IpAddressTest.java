package dev.nsgaudit.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpAddressTest {

    @Test
    void parsesIpv4IntoTheLow32Bits() {
        IpAddress a = IpAddress.parse("192.168.1.200");

        assertThat(a.family()).isEqualTo(IpFamily.V4);
        assertThat(a.hi()).isZero();
        assertThat(a.lo()).isEqualTo(0xC0A801C8L);
        assertThat(a).hasToString("192.168.1.200");
        assertThat(IpAddress.parse("0.0.0.0").lo()).isZero();
        assertThat(IpAddress.parse("255.255.255.255").lo()).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void parsesIpv6FullAndCompressedForms() {
        IpAddress full = IpAddress.parse("2001:0db8:0000:0000:0000:ff00:0042:8329");
        IpAddress compressed = IpAddress.parse("2001:db8::ff00:42:8329");

        assertThat(full).isEqualTo(compressed);
        assertThat(full.family()).isEqualTo(IpFamily.V6);
        assertThat(full.hi()).isEqualTo(0x2001_0db8_0000_0000L);
        assertThat(full.lo()).isEqualTo(0x0000_ff00_0042_8329L);
        assertThat(IpAddress.parse("::")).isEqualTo(IpAddress.v6(0, 0));
        assertThat(IpAddress.parse("::1")).isEqualTo(IpAddress.v6(0, 1));
        assertThat(IpAddress.parse("1::")).isEqualTo(IpAddress.v6(0x0001_0000_0000_0000L, 0));
        assertThat(IpAddress.parse("FE80::ABCD")).isEqualTo(IpAddress.parse("fe80::abcd"));
        assertThat(IpAddress.parse("1:2:3:4:5:6:7::")).isEqualTo(IpAddress.parse("1:2:3:4:5:6:7:0"));
    }

    @Test
    void parsesEmbeddedIpv4InIpv6() {
        assertThat(IpAddress.parse("::ffff:192.0.2.128")).isEqualTo(IpAddress.parse("::ffff:c000:280"));
        assertThat(IpAddress.parse("64:ff9b::198.51.100.7")).isEqualTo(IpAddress.parse("64:ff9b::c633:6407"));
        assertThat(IpAddress.parse("1:2:3:4:5:6:10.0.0.1")).isEqualTo(IpAddress.parse("1:2:3:4:5:6:a00:1"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // RFC 5952 4.1: no leading zeros; 4.3: lower case
            "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
            // 4.2.1: the longest run of zero groups is compressed
            "2001:db8:0:0:1:0:0:0, 2001:db8:0:0:1::",
            "1:0:0:1:0:0:0:1, 1:0:0:1::1",
            // 4.2.2: a single zero group is not compressed
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            // 4.2.3: on a tie the first run is compressed
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "0:0:0:0:0:0:0:0, ::",
            "0:0:0:0:0:0:0:1, ::1",
            "1:0:0:0:0:0:0:0, 1::",
            "0:0:1:0:0:0:1:0, 0:0:1::1:0",
            "fe80:0:0:0:0:0:0:abcd, fe80::abcd",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    })
    void formatsIpv6PerRfc5952(String input, String expected) {
        IpAddress a = IpAddress.parse(input);

        assertThat(a).hasToString(expected);
        assertThat(IpAddress.parse(expected)).isEqualTo(a);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "1..2.3", "1.2.3.4 ", " 1.2.3.4", "a.b.c.d",
            "1.2.3.0x4", "1234.1.1.1", "1.2.3.4/24",
            ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1", ":1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7:8:", "::1.2.3", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4", "::256.0.0.1",
            "1.2.3.4::", "::1.2.3.4::", "1.2.3.4::5",
            "localhost", "example.com",
            // non-ASCII digits (Arabic-Indic, fullwidth) are not address digits
            "\u0661\u0660.0.0.1", "\uFF11::1", "fe80::\uFF21"})
    void rejectsInvalidAddresses(String text) {
        assertThatThrownBy(() -> IpAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> IpAddress.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ordersIpv4BeforeIpv6AndNumericallyWithinAFamily() {
        assertThat(IpAddress.parse("9.0.0.0")).isLessThan(IpAddress.parse("10.0.0.0"));
        assertThat(IpAddress.parse("128.0.0.0")).isGreaterThan(IpAddress.parse("127.255.255.255"));
        assertThat(IpAddress.parse("255.255.255.255")).isLessThan(IpAddress.parse("::"));
        assertThat(IpAddress.parse("8000::")).as("unsigned comparison").isGreaterThan(IpAddress.parse("7fff::"));
        assertThat(IpAddress.parse("::8000:0:0:0")).isGreaterThan(IpAddress.parse("::7fff:0:0:0"));
    }

    @Test
    void nextAndPreviousCarryAcrossWordsAndStopAtTheEnds() {
        assertThat(IpAddress.parse("10.0.0.255").next()).hasToString("10.0.1.0");
        assertThat(IpAddress.parse("255.255.255.255").next()).isNull();
        assertThat(IpAddress.parse("0.0.0.0").previous()).isNull();
        assertThat(IpAddress.parse("::ffff:ffff:ffff:ffff").next()).hasToString("0:0:0:1::");
        assertThat(IpAddress.parse("0:0:0:1::").previous()).hasToString("::ffff:ffff:ffff:ffff");
        assertThat(IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").next()).isNull();
        assertThat(IpAddress.parse("::").previous()).isNull();
    }

    @Test
    void aLeadingZeroInAnIpv4PartIsRejectedWithTheDecimalForm() {
        assertThatThrownBy(() -> IpAddress.parse("010.001.0.0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'010.001.0.0' has a leading zero in '010' (Azure rejects it; other tools read it as"
                        + " octal): write 10.1.0.0");
        assertThatThrownBy(() -> IpPrefix.parse("10.0.0.00/16")).hasMessageContaining("leading zero in '00'");
        assertThat(IpAddress.parse("10.0.0.0")).isEqualTo(IpAddress.v4(0x0A00_0000L));
        assertThat(IpAddress.parse("0.0.0.0")).isEqualTo(IpAddress.v4(0));
    }
}
