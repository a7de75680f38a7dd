package dev.nsgaudit.report;

import dev.nsgaudit.model.Topology;

/**
 * Resource ids for output. Definitions from YAML have no subscription or resource group, so ids are written
 * relative to the provider ({@code Microsoft.Network/networkSecurityGroups/nsg-web}); no ids are invented.
 */
public final class Ids {

    private static final String NETWORK = "Microsoft.Network/";

    private Ids() {
    }

    public static String nsg(String name) {
        return NETWORK + "networkSecurityGroups/" + name;
    }

    public static String nic(String name) {
        return NETWORK + "networkInterfaces/" + name;
    }

    public static String asg(String name) {
        return NETWORK + "applicationSecurityGroups/" + name;
    }

    public static String networkManager(String name) {
        return NETWORK + "networkManagers/" + name;
    }

    public static String subnet(Topology.SubnetRef subnet) {
        return NETWORK + "virtualNetworks/" + subnet.virtualNetwork().name() + "/subnets/" + subnet.subnet().name();
    }
}
