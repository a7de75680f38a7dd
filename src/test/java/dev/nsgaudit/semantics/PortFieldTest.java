package dev.nsgaudit.semantics;

import dev.nsgaudit.semantics.PortField;
import dev.nsgaudit.semantics.PortSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PortFieldTest {

    private static PortField.Parsed singular(String value) {
        return PortField.parse("destinationPort", value, List.of());
    }

    private static PortField.Parsed plural(String... values) {
        return PortField.parse("destinationPort", null, List.of(values));
    }

    @Test
    void singularPortRangeAndStar() {
        PortField.Parsed port = singular("80");
        assertThat(port.ports().contains(80)).isTrue();
        assertThat(port.ports().contains(79)).isFalse();
        assertThat(port.ports().contains(81)).isFalse();
        assertThat(port.rejected()).isEmpty();
        assertThat(port.certain()).isTrue();

        PortField.Parsed range = singular("1000-2000");
        assertThat(range.ports().contains(1000)).isTrue();
        assertThat(range.ports().contains(2000)).isTrue();
        assertThat(range.ports().contains(2001)).isFalse();
        assertThat(range.ports().toEffectiveStrings()).containsExactly("1000-2000");

        PortField.Parsed star = singular("*");
        assertThat(star.ports().isAll()).isTrue();
        assertThat(star.rejected()).isEmpty();
        assertThat(singular("0-65535").ports()).isEqualTo(PortSet.ALL);
        assertThat(singular(" 443 ").ports().contains(443)).isTrue();
    }

    @Test
    void pluralListsMergeIntoOneSet() {
        PortField.Parsed p = plural("443", "80", "8080-8090", "81");

        assertThat(p.rejected()).isEmpty();
        assertThat(p.certain()).isTrue();
        assertThat(p.ports().toEffectiveStrings()).containsExactly("80-81", "443-443", "8080-8090");
        assertThat(p.ports().contains(82)).isFalse();
    }

    @Test
    void aCommaListInTheSingularFieldIsRejectedButEvaluatedAsTheList() {
        PortField.Parsed p = singular("80,443, 8000-8001");

        assertThat(p.rejected()).singleElement().asString()
                .contains("comma list").contains("destinationPortRanges");
        assertThat(p.certain()).isTrue();
        assertThat(p.ports().contains(80)).isTrue();
        assertThat(p.ports().contains(443)).isTrue();
        assertThat(p.ports().contains(8001)).isTrue();
        assertThat(p.ports().contains(81)).isFalse();
    }

    @Test
    void starInThePluralFieldIsRejectedButMeansAllPorts() {
        PortField.Parsed p = plural("80", "*");

        assertThat(p.rejected()).singleElement().asString().contains("'*'");
        assertThat(p.ports().isAll()).isTrue();
        assertThat(p.certain()).isTrue();
    }

    @Test
    void bothFieldsSetIsRejected() {
        PortField.Parsed p = PortField.parse("sourcePort", "80", List.of("443"));

        assertThat(p.rejected()).singleElement().asString().contains("both set");
        assertThat(p.ports().contains(80)).isTrue();
        assertThat(p.ports().contains(443)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "65536", "-1", "80-", "-80", "100-50", "8O", "1-2-3", "80 443", "0x50",
            "\u0668\u0660"})
    void garbageIsUnresolvableAndMatchesEverythingUncertainly(String value) {
        PortField.Parsed p = singular(value);

        assertThat(p.certain()).isFalse();
        assertThat(p.unresolvable()).isNotEmpty();
        assertThat(p.ports().isAll()).as("an unresolvable field never silently matches nothing").isTrue();
    }

    @Test
    void aMissingPortIsUnresolvable() {
        PortField.Parsed p = PortField.parse("sourcePort", null, List.of());

        assertThat(p.certain()).isFalse();
        assertThat(p.unresolvable()).singleElement().asString().contains("no port given");
    }

    @Test
    void portSetBoundariesAndMerging() {
        PortSet set = PortSet.ofRanges(List.of(new int[] {0, 0}, new int[] {65535, 65535}, new int[] {1, 10}));

        assertThat(set.toEffectiveStrings()).containsExactly("0-10", "65535-65535");
        assertThat(set.contains(0)).isTrue();
        assertThat(set.contains(65535)).isTrue();
        assertThat(set.contains(11)).isFalse();
        assertThat(set.isAll()).isFalse();
        assertThat(PortSet.ofRanges(List.of(new int[] {0, 30000}, new int[] {30001, 65535}))).isEqualTo(PortSet.ALL);
    }
}
