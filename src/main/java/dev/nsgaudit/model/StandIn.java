package dev.nsgaudit.model;

/**
 * A name the tool computed from the stand-in deployment context (the placeholder subscription, resource group or
 * deployment name, e.g. {@code uniqueString(resourceGroup().id)}): kept so that references between resources stay
 * consistent, but it is not the name Azure will give.
 *
 * @param kind {@code networkSecurityGroup}, {@code virtualNetwork}, {@code networkInterface} or
 *             {@code applicationSecurityGroup}
 * @param name the computed name, as in the model
 * @param note what it was computed from, for show and for findings
 */
public record StandIn(String kind, String name, String note) {

    public static final String NSG = "networkSecurityGroup";
    public static final String VNET = "virtualNetwork";
    public static final String NIC = "networkInterface";
    public static final String ASG = "applicationSecurityGroup";

    public boolean is(String kind, String name) {
        return this.kind.equals(kind) && this.name.equalsIgnoreCase(name);
    }
}
