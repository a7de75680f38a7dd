package dev.nsgaudit.testing;

import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.eval.FlowQuery;
import dev.nsgaudit.eval.FlowResult;
import dev.nsgaudit.eval.Verifier;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.ApplicationSecurityGroup;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small builder of in-memory topologies for evaluation tests, plus shortcuts to verify flows against them.
 * Rules start from {@link #inbound}/{@link #outbound}: every address and port field is {@code *} until set.
 */
public final class Net {

    private final Map<String, VnetSpec> vnets = new LinkedHashMap<>();
    private final List<ApplicationSecurityGroup> asgs = new ArrayList<>();
    private final List<NetworkInterface> nics = new ArrayList<>();
    private final List<NetworkSecurityGroup> nsgs = new ArrayList<>();
    private ServiceTags serviceTags = ServiceTags.bundled();

    private static final class VnetSpec {
        final List<String> space;
        final List<String> peerings = new ArrayList<>();
        final List<String> onPremises = new ArrayList<>();
        final List<Subnet> subnets = new ArrayList<>();

        VnetSpec(List<String> space) {
            this.space = space;
        }
    }

    public static Net network() {
        return new Net();
    }

    public Net vnet(String name, String... addressSpace) {
        vnets.put(name, new VnetSpec(List.of(addressSpace)));
        return this;
    }

    public Net peering(String vnet, String peer) {
        vnets.get(vnet).peerings.add(peer);
        return this;
    }

    public Net onPremises(String vnet, String... prefixes) {
        vnets.get(vnet).onPremises.addAll(List.of(prefixes));
        return this;
    }

    /** A subnet {@code vnet/name}; {@code nsg} may be null. */
    public Net subnet(String reference, String prefix, String nsg) {
        return subnet(reference, List.of(prefix), nsg);
    }

    /** A subnet with several prefixes (dual stack). */
    public Net subnet(String reference, List<String> prefixes, String nsg) {
        String[] parts = reference.split("/");
        vnets.get(parts[0]).subnets.add(new Subnet(parts[1], prefixes, nsg, null));
        return this;
    }

    public Net asg(String... names) {
        for (String n : names) {
            asgs.add(new ApplicationSecurityGroup(n, null));
        }
        return this;
    }

    /** A NIC with one IP configuration; {@code address} null means dynamic, {@code nsg} may be null. */
    public Net nic(String name, String subnet, String address, String nsg, String... asgNames) {
        IpConfiguration ip = new IpConfiguration("ipconfig1", subnet, address,
                address != null && address.contains(":") ? "IPv6" : "IPv4", List.of(asgNames), null);
        nics.add(new NetworkInterface(name, List.of(ip), nsg, null));
        return this;
    }

    public Net nsg(String name, SecurityRule... rules) {
        nsgs.add(new NetworkSecurityGroup(name, Arrays.asList(rules), null));
        return this;
    }

    public Net serviceTags(ServiceTags tags) {
        this.serviceTags = tags;
        return this;
    }

    public Topology topology() {
        List<VirtualNetwork> out = new ArrayList<>();
        vnets.forEach((name, v) -> out.add(new VirtualNetwork(name, v.space, v.peerings, v.onPremises, v.subnets, null)));
        return new Topology(out, asgs, nics, nsgs);
    }

    public Verifier verifier() {
        return new Verifier(new FlowEvaluator(topology(), serviceTags));
    }

    /** The answer of IP flow verify for a NIC. */
    public Verifier.Answer answer(String nic, String direction, String protocol, String local, String remote) {
        return verifier().verify(FlowQuery.parse(nic, null, direction, protocol, local, remote));
    }

    public FlowResult verify(String nic, String direction, String protocol, String local, String remote) {
        return answer(nic, direction, protocol, local, remote).result();
    }

    /** The answer for one NSG judged on its own ({@code --nsg}). */
    public Verifier.Answer answerNsg(String nsg, String direction, String protocol, String local, String remote) {
        return verifier().verify(FlowQuery.parse(null, nsg, direction, protocol, local, remote));
    }

    /** The evaluations of a result, one string each: {@code "NSG appliedTo matchedRule Access"}, in order. */
    public static List<String> trace(FlowResult result) {
        return result.evaluations().stream()
                .map(e -> e.networkSecurityGroup() + " " + e.appliedTo() + " " + e.matchedRule() + " "
                        + e.access().label())
                .toList();
    }

    /** An inbound rule matching everything ({@code *} everywhere, protocol {@code *}) until narrowed. */
    public static SecurityRule.Builder inbound(String name, int priority, String access) {
        return any(name, priority, access).direction("Inbound");
    }

    public static SecurityRule.Builder outbound(String name, int priority, String access) {
        return any(name, priority, access).direction("Outbound");
    }

    private static SecurityRule.Builder any(String name, int priority, String access) {
        return SecurityRule.builder(name).priority(priority).access(access).protocol("*")
                .sourceAddressPrefix("*").sourcePortRange("*")
                .destinationAddressPrefix("*").destinationPortRange("*");
    }
}
