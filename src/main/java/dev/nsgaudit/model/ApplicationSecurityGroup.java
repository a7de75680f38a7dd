package dev.nsgaudit.model;

/** An application security group; its members are the NIC IP configurations that name it. */
public record ApplicationSecurityGroup(String name, SourceRef source) {

    public ApplicationSecurityGroup {
        source = source == null ? SourceRef.UNKNOWN : source;
    }
}
