package dev.nsgaudit.analyze.layers;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.Attachments;
import dev.nsgaudit.analyze.EndpointSpaces;
import dev.nsgaudit.analyze.space.HeaderSpace;
import dev.nsgaudit.analyze.space.NsgSets;
import dev.nsgaudit.analyze.space.RegionSets;
import dev.nsgaudit.analyze.space.RuleSetLookup;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.rules.Findings;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ineffective-across-layers}: a rule of a NIC's NSG that no inbound packet reaches because the subnet NSG,
 * evaluated first, denies all of what would reach it (for this NIC's addresses and ASGs); and a rule of a subnet
 * NSG that no outbound packet reaches because the NSGs of the NICs in the subnet, evaluated first, deny all of
 * it (which needs every possible source in the subnet to be such a NIC). A rule must be ineffective at every
 * place its NSG is used to be reported.
 */
public final class LayerAnalyzer {

    private final RuleSetLookup ruleSets;
    private final Attachments attachments;
    private final EndpointSpaces endpoints;
    private final Topology topology;

    public LayerAnalyzer(Topology topology, Attachments attachments, EndpointSpaces endpoints, RuleSetLookup ruleSets) {
        this.ruleSets = ruleSets;
        this.attachments = attachments;
        this.endpoints = endpoints;
        this.topology = topology;
    }

    public List<Finding> ineffective() {
        List<Finding> out = new ArrayList<>();
        for (NetworkSecurityGroup nsg : topology.networkSecurityGroups()) {
            out.addAll(ineffective(nsg));
        }
        return out;
    }

    /** The findings of one NSG: its rules that the other layer of its attachments leaves unreached. */
    public List<Finding> ineffective(NetworkSecurityGroup nsg) {
        List<Finding> out = new ArrayList<>(nicRulesInbound(nsg));
        out.addAll(subnetRulesOutbound(nsg));
        return out;
    }

    /**
     * The rules dead at one place, and the rules that nothing reaches there ({@code unreached}, also in {@code dead}
     * as outside): those are outside this place if something reaches them elsewhere in the view of {@code sets},
     * and not candidates at all otherwise.
     */
    private record Outcome(Map<Integer, String> dead, Set<Integer> unreached, NsgSets sets) {
    }

    /** Inbound: the subnet NSG first, then the NIC NSG. */
    private List<Finding> nicRulesInbound(NetworkSecurityGroup nsg) {
        List<NetworkInterface> nics = attachments.nics(nsg);
        if (nics.isEmpty() || !attachments.subnets(nsg).isEmpty()) {
            return List.of(); // an NSG also on a subnet is its own first layer there
        }
        List<Outcome> places = new ArrayList<>();
        for (NetworkInterface nic : nics) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                Optional<Topology.SubnetRef> subnet = topology.subnet(ip.subnet());
                String subnetNsg = subnet.map(s -> s.subnet().networkSecurityGroup()).orElse(null);
                if (subnet.isEmpty() || subnetNsg == null || topology.networkSecurityGroup(subnetNsg).isEmpty()
                        || subnet.get().subnet().isUnresolved("networkSecurityGroup")) {
                    return List.of(); // nothing in front of the NIC NSG here: every rule is reachable
                }
                NsgSets nicSets = ruleSets.of(nsg.name(), Direction.INBOUND, subnet.get().virtualNetwork());
                NsgSets front = ruleSets.of(subnetNsg, Direction.INBOUND, subnet.get().virtualNetwork());
                // The membership fixed among the ASGs the two lists name: no other can change an answer here.
                BDD here = endpoints.asDestination(ip, union(front.namedAsgs(), nicSets.namedAsgs()));
                NsgSets.Local local = new NsgSets.Local(endpoints.addresses(ip),
                        ip.isUnresolved("applicationSecurityGroups") ? null : endpoints.membership(ip));
                BDD passes;
                try (RegionSets frontHere = front.within(here, local)) {
                    passes = frontHere.allowHigh();
                }
                try (RegionSets nicHere = nicSets.within(here, local)) {
                    places.add(deadRules(nicHere, passes, subnetNsg));
                }
                here.free();
                passes.free();
            }
        }
        return report(nsg, Direction.INBOUND, combine(places));
    }

    /** Outbound: the NIC NSGs first, then the subnet NSG; other hosts of the subnet pass the NIC layer. */
    private List<Finding> subnetRulesOutbound(NetworkSecurityGroup nsg) {
        List<Topology.SubnetRef> subnets = attachments.subnets(nsg);
        if (subnets.isEmpty() || !attachments.nics(nsg).isEmpty()) {
            return List.of();
        }
        // A subnet with a NIC that no NSG of its own filters gives no finding (below): decided before any set is
        // built, since most subnets have one and each filtered NIC's allowed set costs up to seconds (issue 14).
        for (Topology.SubnetRef subnet : subnets) {
            if (!everyNicFiltered(subnet)) {
                return List.of();
            }
        }
        List<Outcome> places = new ArrayList<>();
        for (Topology.SubnetRef subnet : subnets) {
            NsgSets subnetSets = ruleSets.of(nsg.name(), Direction.OUTBOUND, subnet.virtualNetwork());
            // What reaches the subnet layer: a packet passes when one of the hosts that may send it lets it through.
            // Hosts that are no NIC pass with everything; a NIC passes what its own NSG allows. Several hosts can
            // send the same packet (two dynamic NICs of one membership, a dynamic NIC in no ASG and the subnet's
            // other hosts, D8), so the passes are united per host, never one host's denial taken from all.
            Set<String> named = namedOutbound(subnet, subnetSets);
            BDD local = endpoints.subnetAsSource(subnet, named);
            BDD passes = endpoints.subnetOtherHostsAsSource(subnet, named);
            List<String> nicNsgs = new ArrayList<>();
            boolean everyHostFiltered = true;
            for (NetworkInterface nic : attachments.nicsIn(subnet)) {
                for (IpConfiguration ip : nic.ipConfigurations()) {
                    if (!subnet.reference().equalsIgnoreCase(ip.subnet())) {
                        continue;
                    }
                    String nicNsg = nic.networkSecurityGroup();
                    if (nicNsg == null || topology.networkSecurityGroup(nicNsg).isEmpty()) {
                        everyHostFiltered = false;
                        continue;
                    }
                    nicNsgs.add(nicNsg);
                    BDD self = endpoints.asSource(ip, named);
                    BDD allowed;
                    try (RegionSets nicHere = ruleSets.of(nicNsg, Direction.OUTBOUND, subnet.virtualNetwork())
                            .within(self, new NsgSets.Local(endpoints.addresses(ip),
                                    ip.isUnresolved("applicationSecurityGroups") ? null : endpoints.membership(ip)))) {
                        allowed = nicHere.allowHigh();
                    }
                    passes.orWith(self.andWith(allowed));
                }
            }
            if (!everyHostFiltered || nicNsgs.isEmpty()) {
                passes.free();
                local.free();
                return List.of();
            }
            try (RegionSets subnetHere = subnetSets.within(local, null)) {
                places.add(deadRules(subnetHere, passes, String.join(", ", nicNsgs)));
            }
            passes.free();
            local.free();
        }
        return report(nsg, Direction.OUTBOUND, combine(places));
    }

    /** Whether the subnet has a NIC configuration and every one of them has an NSG of the input on its NIC. */
    private boolean everyNicFiltered(Topology.SubnetRef subnet) {
        boolean any = false;
        for (NetworkInterface nic : attachments.nicsIn(subnet)) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                if (!subnet.reference().equalsIgnoreCase(ip.subnet())) {
                    continue;
                }
                String nicNsg = nic.networkSecurityGroup();
                if (nicNsg == null || topology.networkSecurityGroup(nicNsg).isEmpty()) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return out;
    }

    /**
     * The ASGs the outbound question of a subnet reads: those its NSG's rules name and those the NSGs of its NICs'
     * rules name. Memberships are fixed among them only: no other can change an answer here.
     */
    private Set<String> namedOutbound(Topology.SubnetRef subnet, NsgSets subnetSets) {
        Set<String> out = new HashSet<>(subnetSets.namedAsgs());
        for (NetworkInterface nic : attachments.nicsIn(subnet)) {
            String nicNsg = nic.networkSecurityGroup();
            if (nicNsg != null && topology.networkSecurityGroup(nicNsg).isPresent()) {
                out.addAll(ruleSets.of(nicNsg, Direction.OUTBOUND, subnet.virtualNetwork()).namedAsgs());
            }
        }
        return out;
    }

    /**
     * The user rules whose packets reaching them from this place never get past the other layer (index to the
     * blocking NSG). A rule that cannot match this place at all maps to null: it is not blocked here, it is outside
     * this attachment (rule-outside-attachments), and it neither makes nor breaks the finding at the other places;
     * but a rule that nothing reaches anywhere is no candidate (see {@link #combine}).
     */
    private static Outcome deadRules(RegionSets here, BDD passes, String otherLayer) {
        NsgSets sets = here.sets();
        Map<Integer, String> out = new LinkedHashMap<>();
        Set<Integer> unreached = new HashSet<>();
        for (int i = 0; i < sets.rules().size(); i++) {
            CompiledRule r = sets.rules().get(i);
            if (r.isDefault() || !r.certain() || (sets.direction() == Direction.OUTBOUND && !r.platformTags().isEmpty())) {
                continue; // D7: platform traffic passes the NIC layer and meets the rules naming its tag
            }
            BDD reachable = here.reachable(i);
            if (reachable.isZero()) {
                out.put(i, null);
                unreached.add(i);
                continue;
            }
            BDD reaching = reachable.and(passes);
            if (reaching.isZero()) {
                out.put(i, otherLayer);
            }
            reaching.free();
        }
        return new Outcome(out, unreached, sets);
    }

    /**
     * Rules dead at every place; blocked somewhere wins over outside the attachment. A rule that nothing reaches in
     * the view of a place where it is unreached was never a candidate: it drops out (checked only for rules that
     * would be reported; {@link NsgSets#reachesAnywhere} knows without a set operation when the rule was reached at
     * another place of the same view).
     */
    private static Map<Integer, String> combine(List<Outcome> places) {
        Map<Integer, String> blockers = null;
        for (Outcome p : places) {
            blockers = blockers == null ? new LinkedHashMap<>(p.dead()) : intersect(blockers, p.dead());
        }
        if (blockers == null) {
            return null;
        }
        blockers.entrySet().removeIf(e -> e.getValue() != null && places.stream().anyMatch(p ->
                p.unreached().contains(e.getKey()) && !p.sets().reachesAnywhere(e.getKey())));
        return blockers;
    }

    /** Rules dead at both; blocked somewhere wins over outside the attachment. */
    private static Map<Integer, String> intersect(Map<Integer, String> a, Map<Integer, String> b) {
        a.keySet().retainAll(b.keySet());
        for (Map.Entry<Integer, String> e : a.entrySet()) {
            if (e.getValue() == null) {
                e.setValue(b.get(e.getKey()));
            }
        }
        return a;
    }

    private List<Finding> report(NetworkSecurityGroup nsg, Direction direction, Map<Integer, String> dead) {
        if (dead == null || dead.isEmpty()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        List<CompiledRule> rules = ruleSets.of(nsg.name(), direction, attachments.views(nsg).isEmpty() ? null
                : attachments.views(nsg).get(0)).rules();
        for (Map.Entry<Integer, String> e : dead.entrySet()) {
            if (e.getValue() == null) {
                continue; // outside every attachment: rule-outside-attachments says so
            }
            CompiledRule r = rules.get(e.getKey());
            String layer = direction == Direction.INBOUND ? "the subnet NSG " + e.getValue() + ", evaluated first,"
                    : "the NIC NSGs (" + e.getValue() + "), evaluated first,";
            out.add(Findings.of("ineffective-across-layers", "rule " + r.name() + " (priority "
                    + r.priority() + ", " + direction.label() + ") is never reached where " + nsg.name()
                    + " is attached: " + layer + " already denies every packet that would reach it",
                    r.origin().source(), nsg.name(), r.name(), List.of()));
        }
        return out;
    }
}
