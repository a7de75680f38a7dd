package dev.nsgaudit.analyze.rules;

import dev.nsgaudit.analyze.Attachments;
import dev.nsgaudit.analyze.EndpointSpaces;
import dev.nsgaudit.analyze.space.NsgSets;
import dev.nsgaudit.analyze.space.RuleSetLookup;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.rules.Findings;
import dev.nsgaudit.semantics.CompiledRule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code rule-outside-attachments}: a rule whose local side (the destination inbound, the source outbound) can
 * only be addresses and ASG memberships that none of the subnets and NICs the NSG is attached to has. The rule is
 * dead where it is deployed, whatever the rest of the list says.
 */
public final class AttachmentAnalyzer {

    private final Topology topology;
    private final RuleSetLookup ruleSets;
    private final Attachments attachments;
    private final EndpointSpaces endpoints;
    private final Predicate<String> knownAsgs;
    private final Map<String, AddressSet> memberAddresses;

    /**
     * @param knownAsgs the ASGs the analysis's header space has (a rule naming another matches nothing by it)
     * @param memberAddresses where the members of some ASGs can be, as the header space was given it
     */
    public AttachmentAnalyzer(Topology topology, Attachments attachments, RuleSetLookup ruleSets,
                              EndpointSpaces endpoints, Predicate<String> knownAsgs,
                              Map<String, AddressSet> memberAddresses) {
        this.topology = topology;
        this.ruleSets = ruleSets;
        this.attachments = attachments;
        this.endpoints = endpoints;
        this.knownAsgs = knownAsgs;
        this.memberAddresses = Map.copyOf(memberAddresses);
    }

    public List<Finding> outsideAttachments() {
        List<Finding> out = new ArrayList<>();
        for (NetworkSecurityGroup nsg : topology.networkSecurityGroups()) {
            out.addAll(outsideAttachments(nsg));
        }
        return out;
    }

    /** The findings of one NSG: its rules that no subnet or NIC it is attached to can be the local side of. */
    public List<Finding> outsideAttachments(NetworkSecurityGroup nsg) {
        return outsideAttachments(nsg, null);
    }

    /**
     * The same, each rule's answer in each view taken from {@code answers} where it is known and recorded there
     * otherwise ({@link OutsideAnswers}: the caller passes answers only between analyses of the same surroundings);
     * null: every answer computed.
     */
    public List<Finding> outsideAttachments(NetworkSecurityGroup nsg, OutsideAnswers answers) {
        List<Finding> out = new ArrayList<>();
        if (!attachments.isAttached(nsg)) {
            return out;
        }
        for (Direction d : Direction.values()) {
            LocalEnds local = null; // built when a rule's answer is not known
            Set<Integer> dead = null;
            for (VirtualNetwork vnet : attachments.views(nsg)) {
                String view = Topology.key(vnet.name());
                NsgSets sets = ruleSets.of(nsg.name(), d, vnet);
                Set<Integer> here = new LinkedHashSet<>();
                for (int i = 0; i < sets.rules().size(); i++) {
                    CompiledRule r = sets.rules().get(i);
                    if (r.isDefault() || !r.certain()) {
                        continue;
                    }
                    Boolean outside = answers == null ? null : answers.outside(nsg.name(), d, view, r);
                    if (outside == null) {
                        if (local == null) {
                            local = localEnds(nsg, d);
                        }
                        outside = local.outside(r);
                        if (answers != null) {
                            answers.record(nsg.name(), d, view, r, outside);
                        }
                    }
                    if (outside) {
                        here.add(i);
                    }
                }
                if (dead == null) {
                    dead = here;
                } else {
                    dead.retainAll(here);
                }
            }
            if (dead == null) {
                continue;
            }
            List<CompiledRule> rules = ruleSets.of(nsg.name(), d, attachments.views(nsg).get(0)).rules();
            for (int i : dead) {
                CompiledRule r = rules.get(i);
                out.add(Findings.of("rule-outside-attachments", "rule " + r.name() + " (priority "
                        + r.priority() + ", " + d.label() + ") can only match " + (d == Direction.INBOUND
                        ? "destinations" : "sources") + " that none of the subnets and network interfaces "
                        + nsg.name() + " is attached to has (" + describe(nsg) + "): it is dead where it is"
                        + " deployed", r.origin().source(), nsg.name(), r.name(), List.of()));
            }
        }
        return out;
    }

    /** Every local end of the NSG's attachments: subnet hosts and the NICs' configurations. */
    private LocalEnds localEnds(NetworkSecurityGroup nsg, Direction d) {
        // Memberships fixed among the ASGs the NSG's rules name: no other can change whether a rule meets them.
        Set<String> named = new HashSet<>();
        for (VirtualNetwork vnet : attachments.views(nsg)) {
            named.addAll(ruleSets.of(nsg.name(), d, vnet).namedAsgs());
        }
        return LocalEnds.of(nsg, d, attachments, endpoints, named, knownAsgs, memberAddresses);
    }

    private String describe(NetworkSecurityGroup nsg) {
        List<String> parts = new ArrayList<>();
        attachments.subnets(nsg).forEach(s -> parts.add("subnet " + s.reference()));
        attachments.nics(nsg).forEach(n -> parts.add("NIC " + n.name()));
        return String.join(", ", parts);
    }
}
