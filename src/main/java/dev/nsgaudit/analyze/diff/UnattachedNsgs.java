package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Topology;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * NSGs attached to no subnet and no NIC in either version: no packet meets them, so their changes change nothing
 * until they are attached. Listed with those changes, so that a reviewer knows why the change shows no packet.
 */
final class UnattachedNsgs {

    private UnattachedNsgs() {
    }

    /** One sentence per NSG of either version that changed and is attached in neither, in name order. */
    static List<String> notes(Topology base, Topology head) {
        Set<String> attached = attached(base);
        attached.addAll(attached(head));
        List<String> out = new ArrayList<>();
        Structure.byName(base.networkSecurityGroups(), head.networkSecurityGroups(), NetworkSecurityGroup::name,
                (name, b, h) -> {
                    if (attached.contains(Topology.key(name))) {
                        return;
                    }
                    List<String> changes = new ArrayList<>();
                    if (b == null || h == null) {
                        changes.add(b == null ? "added" : "removed");
                    } else {
                        Structure.rules(name, b, h, changes);
                    }
                    if (!changes.isEmpty()) {
                        out.add("NSG " + name + " is attached to nothing in either version: its changes ("
                                + String.join("; ", changes.stream()
                                .map(c -> c.startsWith("NSG " + name + ": ") ? c.substring(name.length() + 6) : c)
                                .toList())
                                + ") change no packet until it is attached");
                    }
                });
        return out;
    }

    private static Set<String> attached(Topology t) {
        Set<String> out = new HashSet<>();
        for (Topology.SubnetRef s : t.subnets()) {
            if (s.subnet().networkSecurityGroup() != null) {
                out.add(Topology.key(s.subnet().networkSecurityGroup()));
            }
        }
        for (NetworkInterface n : t.networkInterfaces()) {
            if (n.networkSecurityGroup() != null) {
                out.add(Topology.key(n.networkSecurityGroup()));
            }
        }
        return out;
    }
}
