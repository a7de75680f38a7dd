package dev.nsgaudit.audit;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.StandIn;
import dev.nsgaudit.model.Topology;

import java.util.Optional;

/**
 * A finding about an NSG, NIC or virtual network whose name the tool computed from the stand-in deployment
 * context says so: the name it shows is not the one Azure will give.
 */
final class StandInNotes {

    private StandInNotes() {
    }

    static Finding noted(Finding f, Topology topology) {
        Optional<String> note = Optional.empty();
        if (f.networkSecurityGroup() != null) {
            note = topology.standIn(StandIn.NSG, f.networkSecurityGroup())
                    .map(n -> "network security group '" + f.networkSecurityGroup() + "': " + n);
        }
        String target = f.target() == null ? "" : f.target();
        if (note.isEmpty() && target.startsWith("nic:")) {
            String nic = target.substring(4);
            note = topology.standIn(StandIn.NIC, nic).map(n -> "network interface '" + nic + "': " + n);
        }
        if (note.isEmpty() && target.startsWith("subnet:") && target.indexOf('/') > 7) {
            String vnet = target.substring(7, target.indexOf('/'));
            note = topology.standIn(StandIn.VNET, vnet).map(n -> "virtual network '" + vnet + "': " + n);
        }
        return note.map(n -> new Finding(f.id(), f.severity(), f.message() + " (note: " + n + ")", f.location(),
                f.networkSecurityGroup(), f.rule(), f.relatedRules(), f.witness(), f.target())).orElse(f);
    }
}
