package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.analyze.space.BoxAlgebra;
import dev.nsgaudit.analyze.space.BoxSet;
import dev.nsgaudit.analyze.space.HostUniverse;
import dev.nsgaudit.analyze.space.PacketBox;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpRange;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.Endpoints;
import dev.nsgaudit.semantics.NetworkView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rules added, removed or changed (by NSG and rule name, as {@link Structure} compares them) behind each changed
 * region of one target and direction. Computed from the rule sets, not from names: a changed rule of an NSG on the
 * target's path in either version is named when it decides the region's witness there, or when its match set, as
 * seen at the target in that version (the target's own addresses and ASGs, every remote holder with its ASGs, D8),
 * shares a packet with the region. A changed rule that only matches other ports, addresses or hosts is not named.
 */
final class ChangedRules {

    private final BoxAlgebra algebra;
    private final Side base;
    private final Side head;
    /** NSG key, then rule key: added, removed or changed. */
    private final Map<String, Map<String, String>> changes = new HashMap<>();

    ChangedRules(BoxAlgebra algebra, Topology base, FlowEvaluator baseEval, Topology head, FlowEvaluator headEval) {
        this.algebra = algebra;
        this.base = new Side(base, baseEval);
        this.head = new Side(head, headEval);
        Structure.byName(base.networkSecurityGroups(), head.networkSecurityGroups(), NetworkSecurityGroup::name,
                (name, b, h) -> {
                    Map<String, String> rules = new HashMap<>();
                    Structure.byName(b == null ? List.of() : b.securityRules(),
                            h == null ? List.of() : h.securityRules(), SecurityRule::name, (rule, rb, rh) -> {
                                if (rb == null) {
                                    rules.put(Topology.key(rule), "added");
                                } else if (rh == null) {
                                    rules.put(Topology.key(rule), "removed");
                                } else if (!Structure.withoutSource(rb).equals(Structure.withoutSource(rh))) {
                                    rules.put(Topology.key(rule), "changed");
                                }
                            });
                    if (!rules.isEmpty()) {
                        changes.put(Topology.key(name), rules);
                    }
                });
    }

    /** The namer of one target and direction; a side is null where that version lacks the configuration. */
    At at(NetworkInterface b, IpConfiguration bIp, NetworkInterface h, IpConfiguration hIp, Direction d) {
        return at(b, bIp, h, hIp, d, null);
    }

    /** The same with the configurations' local addresses given (null: from each configuration). */
    At at(NetworkInterface b, IpConfiguration bIp, NetworkInterface h, IpConfiguration hIp, Direction d,
          AddressSet local) {
        if (changes.isEmpty()) {
            return At.NONE;
        }
        List<Candidate> candidates = new ArrayList<>();
        if (bIp != null) {
            base.candidates(b, bIp, d, local, candidates);
        }
        if (hIp != null) {
            head.candidates(h, hIp, d, local, candidates);
        }
        return new At(candidates);
    }

    /** A changed rule on the target's path in one version, with its packets as seen at the target there. */
    private record Candidate(String nsg, String rule, String change, BoxSet packets) {
    }

    /** The changed rules of one target and direction. */
    static final class At {
        static final At NONE = new At(List.of());

        private final List<Candidate> candidates;

        private At(List<Candidate> candidates) {
            this.candidates = candidates;
        }

        /** The changed rules behind the region, sorted by NSG and rule; each rule once. */
        List<ChangedRule> behind(PacketBox region, DiffWitness witness) {
            TreeMap<String, ChangedRule> out = new TreeMap<>();
            BoxSet box = BoxSet.owning(List.of(region));
            for (Candidate c : candidates) {
                String key = Topology.key(c.nsg()) + "/" + Topology.key(c.rule());
                boolean decides = decides(witness.before(), c) || decides(witness.after(), c);
                ChangedRule had = out.get(key);
                if (decides || (had == null && c.packets().intersects(box))) {
                    if (had == null || decides && !had.decidesWitness()) {
                        out.put(key, new ChangedRule(c.nsg(), c.rule(), c.change(), decides));
                    }
                }
            }
            return new ArrayList<>(out.values());
        }

        private boolean decides(DiffWitness.Verdict v, Candidate c) {
            return v.rule() != null && v.networkSecurityGroup() != null
                    && Topology.key(v.networkSecurityGroup()).equals(Topology.key(c.nsg()))
                    && Topology.key(v.rule()).equals(Topology.key("securityRules/" + c.rule()));
        }
    }

    /** One version: its rules compiled as the evaluator compiles them, and the packets at each target. */
    private final class Side {
        private final Topology topology;
        private final FlowEvaluator evaluator;
        private final Endpoints endpoints;
        private final Map<CompiledRule, BoxSet> matches = new IdentityHashMap<>();

        Side(Topology topology, FlowEvaluator evaluator) {
            this.topology = topology;
            this.evaluator = evaluator;
            this.endpoints = new Endpoints(topology);
        }

        void candidates(NetworkInterface nic, IpConfiguration ip, Direction d, AddressSet given, List<Candidate> out) {
            Optional<Topology.SubnetRef> subnet = topology.subnet(ip.subnet());
            AddressSet local = given != null ? given : localAddresses(ip);
            if (subnet.isEmpty() || local.isEmpty()) {
                return;
            }
            NetworkView view = evaluator.view(subnet.get().virtualNetwork());
            BoxSet at = null;
            for (String nsg : new String[] {subnet.get().subnet().networkSecurityGroup(), nic.networkSecurityGroup()}) {
                Map<String, String> changed = nsg == null ? null : changes.get(Topology.key(nsg));
                if (changed == null || topology.networkSecurityGroup(nsg).isEmpty()) {
                    continue;
                }
                for (CompiledRule r : evaluator.compiled(nsg, view).rules(d)) {
                    String change = r.isDefault() ? null : changed.get(Topology.key(r.name()));
                    if (change == null) {
                        continue;
                    }
                    if (at == null) {
                        at = region(ip, local, d == Direction.INBOUND, subnet.get());
                    }
                    BoxSet seen = NicReach.anyMembership(algebra.intersect(
                            matches.computeIfAbsent(r, algebra::matches), at));
                    String nsgName = topology.networkSecurityGroup(nsg).get().name();
                    out.add(new Candidate(nsgName, r.name(), change, seen));
                }
            }
        }

        private AddressSet localAddresses(IpConfiguration ip) {
            if (!ip.isDynamic() && !ip.isUnresolved("privateIPAddress")) {
                IpAddress a = Endpoints.parseOrNull(ip.privateIPAddress());
                return a == null ? AddressSet.EMPTY : AddressSet.ofRanges(List.of(new IpRange(a, a)));
            }
            return endpoints.usableRange(ip).map(r -> AddressSet.ofRanges(List.of(r))).orElse(AddressSet.EMPTY);
        }

        /** The packets at the configuration: its addresses and ASGs locally, every holder of a remote address. */
        private BoxSet region(IpConfiguration ip, AddressSet local, boolean inbound, Topology.SubnetRef subnet) {
            BoxSet localEnd = inbound ? algebra.destinationAddresses(local) : algebra.sourceAddresses(local);
            if (!ip.isUnresolved("applicationSecurityGroups")) {
                Set<String> asgs = new LinkedHashSet<>();
                ip.applicationSecurityGroups().forEach(a -> asgs.add(Topology.key(a)));
                localEnd = algebra.intersect(localEnd,
                        inbound ? algebra.destinationMembership(asgs) : algebra.sourceMembership(asgs));
            }
            List<HostUniverse.Hosts> groups = new ArrayList<>();
            for (Endpoints.Holder h : endpoints.holders(AddressSet.ALL,
                    endpoints.reachableFrom(subnet.virtualNetwork()))) {
                Set<String> asgs = h.member() == null ? Set.of()
                        : h.member().ipConfiguration().isUnresolved("applicationSecurityGroups") ? null
                        : h.member().asgKeys();
                groups.add(new HostUniverse.Hosts(h.addresses(), asgs));
            }
            BoxSet remoteEnd = algebra.hosts(new HostUniverse(groups, List.of()), inbound);
            return algebra.intersect(algebra.intersect(localEnd, remoteEnd), algebra.anyTraffic());
        }
    }
}
