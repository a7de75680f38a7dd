package dev.nsgaudit.semantics;

import dev.nsgaudit.semantics.AsgSet;
import dev.nsgaudit.semantics.Packet;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ASG sets of packets behave as the {@code Set.copyOf} they replace, and carry consistent ids. */
class AsgSetTest {

    @Test
    void behavesAsAnUnmodifiableCopy() {
        Set<String> source = new LinkedHashSet<>(List.of("asg-web", "asg-db"));
        AsgSet set = AsgSet.of(source);
        source.add("asg-ops");

        assertThat(set).containsExactlyInAnyOrder("asg-web", "asg-db");
        assertThat(set).isEqualTo(Set.of("asg-db", "asg-web")).hasSameHashCodeAs(Set.of("asg-db", "asg-web"));
        assertThat(Set.of("asg-db", "asg-web")).isEqualTo(set);
        assertThat(AsgSet.of(List.of("a", "a", "b"))).hasSize(2);
        assertThat(AsgSet.of(set)).isSameAs(set);
        assertThat(AsgSet.of(Set.of())).isSameAs(AsgSet.EMPTY).isEmpty();
        assertThatThrownBy(() -> set.add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> set.remove("asg-web")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> AsgSet.of(Arrays.asList("a", null))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> AsgSet.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void idsAreOnePerName() {
        AsgSet a = AsgSet.of(List.of("asg-x", "asg-y"));
        AsgSet b = AsgSet.of(List.of("asg-y"));

        assertThat(a.ids()).hasSize(2).doesNotHaveDuplicates().contains(b.ids()[0]);
        assertThat(AsgSet.id("asg-y")).isEqualTo(b.ids()[0]);
        assertThat(AsgSet.id("ASG-Y")).as("ids are by exact name; callers pass lower-cased names")
                .isNotEqualTo(b.ids()[0]);
    }

    @Test
    void packetsHoldAsgSets() {
        Packet p = new Packet(dev.nsgaudit.model.Protocol.TCP, dev.nsgaudit.net.IpAddress.parse("10.0.0.1"), 1000,
                Set.of("asg-web"), dev.nsgaudit.net.IpAddress.parse("10.0.0.2"), 80, new LinkedHashSet<>());

        assertThat(p.sourceAsgs()).isInstanceOf(AsgSet.class).containsExactly("asg-web");
        assertThat(p.destinationAsgs()).isInstanceOf(AsgSet.class).isEmpty();
        assertThat(p).isEqualTo(new Packet(p.protocol(), p.sourceAddress(), 1000, Set.of("asg-web"),
                p.destinationAddress(), 80, Set.of()));
    }
}
