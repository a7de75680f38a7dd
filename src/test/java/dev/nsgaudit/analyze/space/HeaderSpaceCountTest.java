package dev.nsgaudit.analyze.space;

import com.github.javabdd.BDD;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpFamily;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counting source addresses stays exact in a space of many ASGs: with 1,000 of them the space has more than 2,000
 * variables, and a count over every variable (2 to the power of the free ones) is past the range of a double, which
 * made JavaBDD's count of a set over some of the variables come out as 1 (issue 14: no Internet exposure would
 * have fired on an estate of 750 ASGs or more).
 */
class HeaderSpaceCountTest {

    private static Set<String> asgs(int n) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            out.add("asg-" + i);
        }
        return out;
    }

    @Test
    void countsSourceAddressesInASpaceOfManyAsgs() {
        for (int n : new int[] {0, 10, 1000, 3000}) {
            try (HeaderSpace space = new HeaderSpace(asgs(n))) {
                BDD set = space.sourceAddresses(AddressSet.of("10.0.0.0/24", "203.0.113.7/32", "2001:db8::/64"))
                        .andWith(space.destinationMembership(Set.of("asg-1"), Set.of("asg-1", "asg-2")))
                        .andWith(space.sourceMembership(Set.of()));
                assertThat(space.countSourceAddresses(set, IpFamily.V4)).as("%d ASGs", n).isEqualTo(257.0);
                assertThat(space.countSourceAddresses(set, IpFamily.V6)).as("%d ASGs", n).isEqualTo(Math.pow(2, 64));
                BDD none = space.none();
                assertThat(space.countSourceAddresses(none, IpFamily.V4)).isZero();
                BDD all = space.all();
                assertThat(space.countSourceAddresses(all, IpFamily.V4)).isEqualTo(Math.pow(2, 32));
                assertThat(space.countSourceAddresses(all, IpFamily.V6)).isEqualTo(Math.pow(2, 128));
                set.free();
                none.free();
                all.free();
            }
        }
    }
}
