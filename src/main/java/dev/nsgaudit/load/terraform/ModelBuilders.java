package dev.nsgaudit.load.terraform;

import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.model.VirtualNetwork;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The model objects as the mapper fills them in: several resources of a plan make one NSG, VNet or NIC. */
final class ModelBuilders {

    private ModelBuilders() {
    }

    static final class NsgBuilder {
        final String name;
        final SourceRef source;
        final List<SecurityRule> rules = new ArrayList<>();
        final List<UnresolvedValue> unresolved = new ArrayList<>();

        NsgBuilder(String name, SourceRef source) {
            this.name = name;
            this.source = source;
        }

        NetworkSecurityGroup build() {
            return new NetworkSecurityGroup(name, rules, unresolved, source);
        }
    }

    static final class VnetBuilder {
        final String name;
        final List<String> addressSpace = new ArrayList<>();
        final List<String> peerings = new ArrayList<>();
        final Map<String, SubnetBuilder> subnets = new LinkedHashMap<>();
        final List<UnresolvedValue> unresolved = new ArrayList<>();
        SourceRef source;
        boolean declared;

        VnetBuilder(String name) {
            this.name = name;
        }

        VirtualNetwork build() {
            List<UnresolvedValue> u = new ArrayList<>(unresolved);
            if (!declared) {
                u.add(new UnresolvedValue("addressSpace", name, "virtual network '" + name + "' is not managed by"
                        + " this plan (only its subnets or peerings are); its address space is unknown"));
            }
            return new VirtualNetwork(name, addressSpace, peerings, List.of(),
                    subnets.values().stream().map(SubnetBuilder::build).toList(), u, source);
        }
    }

    static final class SubnetBuilder {
        final String name;
        final List<String> prefixes;
        final List<UnresolvedValue> unresolved;
        final SourceRef source;
        String nsg;
        boolean nsgKnown;

        SubnetBuilder(String name, List<String> prefixes, List<UnresolvedValue> unresolved, SourceRef source) {
            this.name = name;
            this.prefixes = prefixes;
            this.unresolved = new ArrayList<>(unresolved);
            this.source = source;
        }

        Subnet build() {
            return new Subnet(name, prefixes, nsg, unresolved, source);
        }
    }

    static final class NicBuilder {
        final String name;
        final SourceRef source;
        final List<IpBuilder> ips = new ArrayList<>();
        final List<UnresolvedValue> unresolved = new ArrayList<>();
        String nsg;
        boolean nsgKnown;

        NicBuilder(String name, SourceRef source) {
            this.name = name;
            this.source = source;
        }

        NetworkInterface build() {
            return new NetworkInterface(name, ips.stream().map(IpBuilder::build).toList(), nsg, unresolved, source);
        }
    }

    static final class IpBuilder {
        final String name;
        final String subnet;
        final String address;
        final String version;
        final List<String> asgs = new ArrayList<>();
        final List<UnresolvedValue> unresolved;
        final SourceRef source;

        IpBuilder(String name, String subnet, String address, String version, List<UnresolvedValue> unresolved,
                  SourceRef source) {
            this.name = name;
            this.subnet = subnet;
            this.address = address;
            this.version = version;
            this.unresolved = new ArrayList<>(unresolved);
            this.source = source;
        }

        IpConfiguration build() {
            return new IpConfiguration(name, subnet, address, version, new ArrayList<>(new LinkedHashSet<>(asgs)),
                    unresolved, source);
        }
    }
}
