package dev.nsgaudit.analyze.layers;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.Attachments;
import dev.nsgaudit.analyze.EndpointSpaces;
import dev.nsgaudit.analyze.space.AdminSets;
import dev.nsgaudit.analyze.space.BddAlgebra;
import dev.nsgaudit.analyze.space.FirstMatch;
import dev.nsgaudit.analyze.space.HeaderSpace;
import dev.nsgaudit.analyze.space.NsgSets;
import dev.nsgaudit.analyze.space.RuleSetLookup;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.rules.Findings;
import dev.nsgaudit.semantics.AdminLayer;
import dev.nsgaudit.semantics.AdminOutcome;
import dev.nsgaudit.semantics.AdminRules;
import dev.nsgaudit.semantics.CompiledAdminRule;
import dev.nsgaudit.semantics.CompiledRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code rule-overridden-by-admin-rule}: a user rule of an NSG whose every packet, at every subnet and NIC the NSG is
 * attached to, is decided by the security admin rules in front of it (AlwaysAllow or Deny, evaluated before the NSGs:
 * nsg-semantics 4.3), whatever unresolved values turn out. The rule never decides anything where it is deployed. A
 * place where the rule can match nothing neither makes nor breaks the finding (that is {@code rule-outside-attachments});
 * the rule must be overridden at one place at least.
 */
public final class AdminOverrides {

    private final Topology topology;
    private final Attachments attachments;
    private final EndpointSpaces endpoints;
    private final RuleSetLookup ruleSets;
    private final HeaderSpace space;
    private final AdminRules admin;

    /** One place the NSG is attached to: its VNet, its admin layer and its local packets. */
    private record At(VirtualNetwork vnet, AdminLayer layer, BDD local) {
    }

    public AdminOverrides(Topology topology, Attachments attachments, EndpointSpaces endpoints, RuleSetLookup ruleSets,
                          HeaderSpace space, AdminRules admin) {
        this.topology = topology;
        this.attachments = attachments;
        this.endpoints = endpoints;
        this.ruleSets = ruleSets;
        this.space = space;
        this.admin = admin;
    }

    public List<Finding> overridden() {
        if (admin.isEmpty()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        FirstMatch<BDD> firstMatch = new FirstMatch<>(new BddAlgebra(space));
        AdminSets<BDD> adminSets = new AdminSets<>(firstMatch);
        try {
            for (NetworkSecurityGroup nsg : topology.networkSecurityGroups()) {
                if (!attachments.isAttached(nsg)) {
                    continue;
                }
                for (Direction d : Direction.values()) {
                    List<At> places = places(nsg, d);
                    if (places != null) {
                        out.addAll(overridden(nsg, d, places, adminSets));
                        places.forEach(p -> p.local().free());
                    }
                }
            }
        } finally {
            adminSets.free();
            firstMatch.free();
        }
        return out;
    }

    /** The places of the NSG in the direction; null when one of them has no known subnet (nothing can be said). */
    private List<At> places(NetworkSecurityGroup nsg, Direction d) {
        List<At> out = new ArrayList<>();
        boolean inbound = d == Direction.INBOUND;
        for (Topology.SubnetRef subnet : attachments.subnets(nsg)) {
            out.add(new At(subnet.virtualNetwork(), admin.layer(subnet),
                    inbound ? endpoints.subnetAsDestination(subnet) : endpoints.subnetAsSource(subnet)));
        }
        for (NetworkInterface nic : attachments.nics(nsg)) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                Optional<Topology.SubnetRef> subnet = topology.subnet(ip.subnet());
                if (subnet.isEmpty()) {
                    out.forEach(p -> p.local().free());
                    return null;
                }
                out.add(new At(subnet.get().virtualNetwork(), admin.layer(subnet.get()),
                        inbound ? endpoints.asDestination(ip) : endpoints.asSource(ip)));
            }
        }
        return out;
    }

    private List<Finding> overridden(NetworkSecurityGroup nsg, Direction d, List<At> places, AdminSets<BDD> adminSets) {
        if (places.stream().allMatch(p -> AdminSets.passesAll(p.layer(), d))) {
            return List.of();
        }
        List<CompiledRule> rules = ruleSets.of(nsg.name(), d, places.get(0).vnet()).rules();
        // Per rule: the admin rules that decide it somewhere; a rule decided by the NSG somewhere drops out.
        Map<Integer, Set<String>> candidates = new LinkedHashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            CompiledRule r = rules.get(i);
            if (!r.isDefault() && r.certain() && (d == Direction.INBOUND || r.platformTags().isEmpty())) {
                candidates.put(i, new TreeSet<>());
            }
        }
        for (At at : places) {
            NsgSets sets = ruleSets.of(nsg.name(), d, at.vnet());
            for (var it = candidates.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                BDD here = sets.match(e.getKey()).and(at.local());
                if (here.isZero()) {
                    here.free();
                    continue; // outside this attachment: neither for nor against
                }
                BDD decided = adminSets.decided(at.layer(), d, here, FirstMatch.Bound.LOW);
                BDD left = HeaderSpace.minus(here, decided);
                boolean all = left.isZero();
                left.free();
                decided.free();
                if (all) {
                    e.getValue().addAll(deciding(at.layer(), d, here));
                } else {
                    it.remove();
                }
                here.free();
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<Integer, Set<String>> e : candidates.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue; // outside every attachment: rule-outside-attachments says so
            }
            CompiledRule r = rules.get(e.getKey());
            out.add(Findings.of("rule-overridden-by-admin-rule", "rule " + r.name() + " (priority " + r.priority()
                    + ", " + d.label() + ") never decides a packet where " + nsg.name() + " is attached: the security"
                    + " admin rules evaluated before the NSGs (" + String.join(", ", e.getValue()) + ") always allow or"
                    + " deny every packet it matches", r.origin().source(), nsg.name(), r.name(), List.of()));
        }
        return out;
    }

    /** The AlwaysAllow and Deny admin rules that match some of the packets (their names, to show the reader). */
    private List<String> deciding(AdminLayer layer, Direction d, BDD packets) {
        List<String> out = new ArrayList<>();
        for (CompiledAdminRule a : layer.rules(d)) {
            if (a.outcome() != null && a.outcome() != AdminOutcome.CONTINUE) {
                BDD m = space.matches(a.rule());
                BDD both = m.and(packets);
                if (!both.isZero()) {
                    out.add(a.displayName());
                }
                both.free();
                m.free();
            }
        }
        return out;
    }
}
