package dev.nsgaudit.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModelParsingTest {

    @Test
    void sourceRefsRoundTripThroughTheirTextForm() {
        for (SourceRef ref : new SourceRef[] {
                new SourceRef("examples/three-tier/nsgs.yaml", 12, 5),
                new SourceRef("/tmp/a b/c.yaml", 1, 1),
                new SourceRef("C:\\defs\\nsg.yaml", 3, 9),
                SourceRef.of("file.yaml", 7)}) {
            assertThat(SourceRef.parse(ref.toString())).as(ref.toString()).isEqualTo(ref);
        }
        assertThat(SourceRef.parse("C:\\defs\\nsg.yaml")).isEqualTo(new SourceRef("C:\\defs\\nsg.yaml", 0, 0));
        assertThat(SourceRef.UNKNOWN.isKnown()).isFalse();
        assertThat(new SourceRef("f.yaml", 0, 0)).hasToString("f.yaml");
    }

    @Test
    void findingsPrintAsOneLine() {
        Finding f = Finding.of("invalid-rule", Severity.ERROR, new SourceRef("nsg.yaml", 4, 9), "rule r: bad");

        assertThat(f.toLine()).isEqualTo("nsg.yaml:4:9: error [invalid-rule] rule r: bad");
        assertThat(Finding.of("x", Severity.WARNING, null, "m").toLine()).isEqualTo("warning [x] m");
    }

    @Test
    void protocolsAccessAndDirectionAreCaseInsensitive() {
        assertThat(Protocol.parse("tcp")).contains(Protocol.TCP);
        assertThat(Protocol.parse(" ICMP ")).contains(Protocol.ICMP);
        assertThat(Protocol.parse("*")).isEmpty();
        assertThat(Protocol.parse("Any")).as("the API spells 'any protocol' as *").isEmpty();
        assertThat(Protocol.ruleMask("*")).contains(Protocol.ALL_MASK);
        assertThat(Protocol.ruleMask("Esp")).contains(Protocol.ESP.mask());
        assertThat(Protocol.ruleMask(null)).isEmpty();
        assertThat(Integer.bitCount(Protocol.ALL_MASK)).isEqualTo(5);
        assertThat(Protocol.TCP.hasPorts()).isTrue();
        assertThat(Protocol.AH.hasPorts()).isFalse();

        assertThat(Access.parse("deny")).contains(Access.DENY);
        assertThat(Access.parse("Permit")).isEmpty();
        assertThat(Direction.parse("OUTBOUND")).contains(Direction.OUTBOUND);
        assertThat(Direction.parse(null)).isEmpty();
    }

    @Test
    void severityOrder() {
        assertThat(Severity.ERROR.atLeast(Severity.WARNING)).isTrue();
        assertThat(Severity.INFO.atLeast(Severity.WARNING)).isFalse();
        assertThat(Severity.parse(" Warning ")).isEqualTo(Severity.WARNING);
    }

    @Test
    void topologyLooksUpNamesCaseInsensitively() {
        Topology t = dev.nsgaudit.testing.Net.network()
                .vnet("Vnet-Prod", "10.0.0.0/16")
                .subnet("Vnet-Prod/Web", "10.0.1.0/24", null)
                .asg("AsgWeb")
                .nsg("NSG-Web")
                .topology();

        assertThat(t.subnet("vnet-prod/WEB")).map(Topology.SubnetRef::reference).contains("Vnet-Prod/Web");
        assertThat(t.subnet("vnet-prod")).isEmpty();
        assertThat(t.subnet(null)).isEmpty();
        assertThat(t.applicationSecurityGroup("asgweb")).isPresent();
        assertThat(t.networkSecurityGroup("nsg-web")).map(NetworkSecurityGroup::name).contains("NSG-Web");
    }
}
