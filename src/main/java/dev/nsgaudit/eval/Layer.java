package dev.nsgaudit.eval;

/** One NSG on a packet's path and what it is attached to ({@code subnet:vnet/sub} or {@code nic:name}). */
public record Layer(String networkSecurityGroup, String appliedTo) {
}
