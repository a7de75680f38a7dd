package dev.nsgaudit.analyze.rules;

import dev.nsgaudit.analyze.Attachments;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.TopologyIndex;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.rules.Findings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parts of an NSG that the input gives nothing to act on: {@code unattached-nsg} (the NSG is attached to no subnet
 * and no NIC) and {@code empty-asg-reference} (a rule names an ASG that has no member). Both are read from the
 * topology alone, without any set engine.
 */
public final class UnusedReferences {

    private final Topology topology;
    private final Attachments attachments;

    /** Whether some NIC configuration's ASG membership is not known: then no ASG is known to be empty. */
    private final boolean unknownMembership;
    /** ASG names NIC configurations are members of, by TopologyIndex.bucket (compared ignoring case on use). */
    private final Map<String, List<String>> membersOf = new HashMap<>();

    public UnusedReferences(Topology topology, Attachments attachments) {
        this.topology = topology;
        boolean unknown = false;
        for (NetworkInterface nic : topology.networkInterfaces()) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                unknown |= ip.isUnresolved("applicationSecurityGroups");
                for (String a : ip.applicationSecurityGroups()) {
                    membersOf.computeIfAbsent(TopologyIndex.bucket(a), k -> new ArrayList<>(1)).add(a);
                }
            }
        }
        this.unknownMembership = unknown;
        this.attachments = attachments;
    }

    /** Both findings for one NSG: unattached first, then its rules' empty ASG references in rule order. */
    public List<Finding> of(NetworkSecurityGroup nsg) {
        List<Finding> out = new ArrayList<>();
        if (!attachments.isAttached(nsg)) {
            out.add(Findings.of("unattached-nsg", "network security group " + nsg.name()
                    + " is attached to no subnet and no network interface in the input; it is analysed on its own"
                    + " (" + NetworkView.D3_NOTE + ")", nsg.source(), nsg.name(), null, List.of()));
        }
        out.addAll(emptyAsgReferences(nsg));
        return out;
    }

    private List<Finding> emptyAsgReferences(NetworkSecurityGroup nsg) {
        List<Finding> out = new ArrayList<>();
        for (SecurityRule rule : nsg.securityRules()) {
            Set<String> named = new LinkedHashSet<>(rule.sourceApplicationSecurityGroups());
            named.addAll(rule.destinationApplicationSecurityGroups());
            for (String asg : named) {
                if (topology.applicationSecurityGroup(asg).isPresent() && !hasMembers(asg)) {
                    out.add(Findings.of("empty-asg-reference", "rule " + rule.name() + " names"
                            + " application security group " + asg + ", which has no member in the input, so that"
                            + " term never matches", rule.source(), nsg.name(), rule.name(), List.of()));
                }
            }
        }
        return out;
    }

    /** A NIC of unknown ASG membership may be a member: then the ASG is not known to be empty. */
    private boolean hasMembers(String asg) {
        // Indexed once: a scan of every NIC per rule naming an ASG was quadratic on large estates.
        return unknownMembership || membersOf.getOrDefault(TopologyIndex.bucket(asg), List.of()).stream()
                .anyMatch(a -> a.equalsIgnoreCase(asg));
    }
}
