package dev.nsgaudit.analyze.rules;

import dev.nsgaudit.analyze.Attachments;
import dev.nsgaudit.analyze.space.BoxSpace;
import dev.nsgaudit.analyze.space.HostUniverse;
import dev.nsgaudit.eval.CompiledNsg;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.VirtualNetwork;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The rule-list findings of an NSG (shadowed, redundant, correlated, generalization) where it is deployed: a
 * {@link RuleAnalyzer} per direction and per virtual network the NSG is seen from, and a finding is kept only if it
 * holds in every one of them. An NSG attached nowhere is seen from no network (D3).
 */
public final class RuleListFindings {

    private final Attachments attachments;
    private final BoxSpace boxes;
    private final BiFunction<String, VirtualNetwork, CompiledNsg> compiled;
    private final Function<VirtualNetwork, HostUniverse> hosts;

    /**
     * @param compiled the NSG of that name compiled as seen from the network (null: D3)
     * @param hosts    the ends {@code verify} can produce seen from the network (null: D3)
     */
    public RuleListFindings(Attachments attachments, BoxSpace boxes,
                            BiFunction<String, VirtualNetwork, CompiledNsg> compiled,
                            Function<VirtualNetwork, HostUniverse> hosts) {
        this.attachments = attachments;
        this.boxes = boxes;
        this.compiled = compiled;
        this.hosts = hosts;
    }

    /** Both directions; unsorted. */
    public List<Finding> of(NetworkSecurityGroup nsg) {
        List<VirtualNetwork> views = attachments.views(nsg);
        if (views.isEmpty()) {
            views = new ArrayList<>();
            views.add(null);
        }
        List<Finding> out = new ArrayList<>();
        for (Direction d : Direction.values()) {
            out.addAll(inEveryView(nsg, d, views));
        }
        return out;
    }

    /** A rule finding holds where the NSG is used only if it holds seen from every virtual network it is in. */
    private List<Finding> inEveryView(NetworkSecurityGroup nsg, Direction d, List<VirtualNetwork> views) {
        Map<String, Finding> common = null;
        for (VirtualNetwork vnet : views) {
            Map<String, Finding> here = new LinkedHashMap<>();
            for (Finding f : new RuleAnalyzer(boxes, compiled.apply(nsg.name(), vnet), d, hosts.apply(vnet)).analyze()) {
                here.putIfAbsent(f.id() + "|" + f.rule() + "|" + f.relatedRules(), f);
            }
            if (common == null) {
                common = here;
            } else {
                common.keySet().retainAll(here.keySet());
            }
        }
        return common == null ? List.of() : new ArrayList<>(common.values());
    }
}
