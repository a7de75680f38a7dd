package dev.nsgaudit.semantics;

import dev.nsgaudit.model.SecurityRule;

import java.util.List;

/** The six rules Azure puts in every NSG, with the API's spelling and descriptions. */
public final class DefaultRules {

    private DefaultRules() {
    }

    public static final List<SecurityRule> ALL = List.of(
            rule("AllowVnetInBound", 65000, "Inbound", "Allow", "VirtualNetwork", "VirtualNetwork",
                    "Allow inbound traffic from all VMs in VNET"),
            rule("AllowAzureLoadBalancerInBound", 65001, "Inbound", "Allow", "AzureLoadBalancer", "*",
                    "Allow inbound traffic from azure load balancer"),
            rule("DenyAllInBound", 65500, "Inbound", "Deny", "*", "*", "Deny all inbound traffic"),
            rule("AllowVnetOutBound", 65000, "Outbound", "Allow", "VirtualNetwork", "VirtualNetwork",
                    "Allow outbound traffic from all VMs to all VMs in VNET"),
            rule("AllowInternetOutBound", 65001, "Outbound", "Allow", "*", "Internet",
                    "Allow outbound traffic from all VMs to Internet"),
            rule("DenyAllOutBound", 65500, "Outbound", "Deny", "*", "*", "Deny all outbound traffic"));

    private static SecurityRule rule(String name, int priority, String direction, String access,
                                     String source, String destination, String description) {
        return SecurityRule.builder(name).priority(priority).direction(direction).access(access).protocol("*")
                .sourceAddressPrefix(source).sourcePortRange("*")
                .destinationAddressPrefix(destination).destinationPortRange("*")
                .description(description).build();
    }
}
