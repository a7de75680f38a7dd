package dev.nsgaudit.analyze.space;

import com.github.javabdd.BDD;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.net.IpPrefix;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A space starts with small BDD tables (a short run must not pay for a large analysis's tables, issue 14) and grows
 * them when a set needs more nodes, with exact answers.
 */
class HeaderSpaceTablesTest {

    @Test
    void startsSmall() {
        try (HeaderSpace space = new HeaderSpace(Set.of("asg-web"))) {
            // JavaBDD rounds the size up to a prime.
            assertThat(space.nodeTableSize()).isLessThan(1 << 17);
        }
    }

    @Test
    void growsForALargeSetAndStaysExact() {
        Random random = new Random(20240611);
        Set<Long> chosen = new TreeSet<>();
        while (chosen.size() < 3000) {
            chosen.add(random.nextLong() & 0xffffffffL);
        }
        try (HeaderSpace space = new HeaderSpace(Set.of())) {
            int initial = space.nodeTableSize();
            BDD all = space.none();
            for (long address : chosen) {
                BDD one = space.sourceAddresses(AddressSet.ofPrefixes(Set.of(IpPrefix.host(IpAddress.v4(address)))));
                all.orWith(one);
            }
            assertThat(space.nodeTableSize()).isGreaterThan(initial);
            assertThat(space.countSourceAddresses(all, IpFamily.V4)).isEqualTo(chosen.size());
            all.free();
        }
    }
}
