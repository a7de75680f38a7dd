package dev.nsgaudit.report;

import dev.nsgaudit.audit.AuditedFinding;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.SourceRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which findings share a console line, and how the line lists what differs. */
class FindingGroupsTest {

    private static final SourceRef AT = new SourceRef("net.yaml", 16, 9);

    private static AuditedFinding open(String id, String message, String target) {
        return new AuditedFinding(new Finding(id, Severity.ERROR, message, AT, "nsg-app", "Allow-All", List.of(), null,
                target), AuditedFinding.Status.OPEN, null);
    }

    private static List<String> lines(AuditedFinding... findings) {
        return FindingGroups.of(List.of(findings)).stream().map(FindingGroups.Group::message).toList();
    }

    @Test
    void protocolsAreListedAndTheFirstExampleKept() {
        assertThat(lines(
                open("internet-exposed-rdp", "N can open Tcp 3389 to subnet:v/app, for example Tcp 1.0.0.0:0 -> x", "subnet:v/app"),
                open("internet-exposed-rdp", "N can open Udp 3389 to subnet:v/app, for example Udp 2.0.0.0:0 -> x", "subnet:v/app"),
                open("internet-exposed-rdp", "N can open Icmp 3389 to subnet:v/app, for example Icmp 1.0.0.0 -> x", "subnet:v/app")))
                .containsExactly("N can open Tcp, Udp and Icmp 3389 to subnet:v/app, for example Tcp 1.0.0.0:0 -> x");
    }

    @Test
    void layersAreListed() {
        assertThat(lines(open("some-check", "denied at subnet:v/app before it is reached", null),
                open("some-check", "denied at nic:vm1 before it is reached", null)))
                .containsExactly("denied at subnet:v/app and nic:vm1 before it is reached");
    }

    @Test
    void otherDifferencesKeepTheirOwnLines() {
        // Another port, another target, another id, another status: not the same finding told twice.
        assertThat(lines(open("internet-exposed-rdp", "N can open Tcp 3389 to nic:vm1", "nic:vm1"),
                open("internet-exposed-rdp", "N can open Udp 3390 to nic:vm1", "nic:vm1"))).hasSize(2);
        assertThat(lines(open("internet-exposed-rdp", "N can open Tcp 3389 to nic:vm1", "nic:vm1"),
                open("internet-exposed-rdp", "N can open Udp 3389 to nic:vm2", "nic:vm2"))).hasSize(2);
        assertThat(lines(open("internet-exposed-rdp", "N can open Tcp 3389", "nic:vm1"),
                open("internet-exposed-udp", "N can open Udp 3389", "nic:vm1"))).hasSize(2);
        AuditedFinding accepted = new AuditedFinding(open("x", "Udp", null).finding(), AuditedFinding.Status.BASELINED,
                "recorded in the baseline");
        assertThat(lines(open("x", "Tcp", null), accepted)).containsExactly("Tcp", "Udp");
    }
}
