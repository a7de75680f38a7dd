package dev.nsgaudit.model;

import java.time.LocalDate;

/**
 * Accepts a finding on purpose: per finding id (or {@code *}) and target, with a mandatory reason and an optional
 * expiry date after which it no longer suppresses.
 *
 * @param target an NSG name, {@code nsg/rule}, {@code nic:<name>}, {@code subnet:<vnet>/<subnet>}, or {@code *}
 * @param expires the last day it applies, or null
 */
public record Suppression(String id, String target, String reason, LocalDate expires, SourceRef source) {

    public boolean activeOn(LocalDate day) {
        return expires == null || !day.isAfter(expires);
    }

    /** True when this suppression names the finding (whatever the date). */
    public boolean covers(Finding f) {
        if (!id.equals("*") && !id.equalsIgnoreCase(f.id())) {
            return false;
        }
        if (target.equals("*")) {
            return true;
        }
        if (f.target() != null && target.equalsIgnoreCase(f.target())) {
            return true;
        }
        String nsg = f.networkSecurityGroup();
        if (nsg == null) {
            return false;
        }
        if (target.equalsIgnoreCase(nsg)) {
            return true;
        }
        return f.rule() != null && target.equalsIgnoreCase(nsg + "/" + f.rule());
    }
}
