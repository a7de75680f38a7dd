package dev.nsgaudit.semantics;

import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpPrefix;
import dev.nsgaudit.net.IpRange;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Azure keeps the first four and the last address of every subnet prefix: the one place that rule is written. */
class UsableRangeTest {

    private static Optional<IpRange> usable(String prefix) {
        return Endpoints.usableRange(IpPrefix.of(prefix));
    }

    private static IpRange range(String first, String last) {
        return new IpRange(IpAddress.parse(first), IpAddress.parse(last));
    }

    @Test
    void aSlash24LeavesFourToTwoHundredFiftyFour() {
        assertThat(usable("10.0.1.0/24")).contains(range("10.0.1.4", "10.0.1.254"));
    }

    @Test
    void theSmallestSubnetAzureAllowsHoldsThreeHosts() {
        assertThat(usable("10.0.1.8/29")).contains(range("10.0.1.12", "10.0.1.14"));
    }

    @Test
    void prefixesTooSmallForAHostHoldNone() {
        assertThat(usable("10.0.1.0/30")).isEmpty();
        assertThat(usable("10.0.1.0/31")).isEmpty();
        assertThat(usable("10.0.1.7/32")).isEmpty();
    }

    @Test
    void ipv6KeepsTheSameFiveAddresses() {
        assertThat(usable("fd00:1::/64")).contains(range("fd00:1::4", "fd00:1::ffff:ffff:ffff:fffe"));
    }
}
