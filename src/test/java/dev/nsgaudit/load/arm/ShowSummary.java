package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.report.Json;
import dev.nsgaudit.testing.Cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A compact, exact text form of what {@code show --format json} prints, so that hand-derived expectations fit
 * on a few lines each. Every key of every object is rendered or explicitly ignored ({@code definedAt}); an
 * unknown key fails the test, so nothing the tool prints can slip past the comparison.
 *
 * <pre>
 * vnet NAME space=A,B [peerings=..] [onPrem=..]
 *   subnet NAME PREFIX[,PREFIX] [nsg=NSG]
 * asg NAME
 * nic NAME [nsg=NSG]
 *   ip NAME subnet=VNET/SUBNET dynamic|ADDRESS [IPv6] [asgs=A,B]
 * nsg NAME
 *   NAME PRIORITY DIRECTION ACCESS PROTOCOL SOURCE:PORTS -&gt; DESTINATION:PORTS ["description"]
 * </pre>
 * Plural fields are written in brackets ({@code [a,b]}), ASGs as {@code asg[A,B]}, a value the tool could not
 * determine as {@code ?(expression)}, and an object-level unresolved property as a line
 * {@code   ? property (expression)} under the object.
 */
final class ShowSummary {

    private ShowSummary() {
    }

    /** Runs {@code show --format json} and returns the summary; stderr must not carry a trace. */
    static String of(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "show";
        full[1] = "--format";
        full[2] = "json";
        System.arraycopy(args, 0, full, 3, args.length);
        Cli.Run r = Cli.run(full);
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("Exception").doesNotContain("at dev.nsgaudit")
                .doesNotContain("internal error");
        try {
            return render(Json.MAPPER.readTree(r.out()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The name, with "(stand-in)" when show says it was computed from the stand-in deployment context. */
    private static String name(JsonNode object) {
        return object.path("name").asText() + (object.has("derivedFromStandIn") ? " (stand-in)" : "");
    }

    static String render(JsonNode root) {
        List<String> out = new ArrayList<>();
        keys(root, "the top level", Set.of("virtualNetworks", "applicationSecurityGroups", "networkInterfaces",
                "networkSecurityGroups"));
        for (JsonNode v : root.path("virtualNetworks")) {
            keys(v, "a vnet", Set.of("name", "addressSpace", "peerings", "onPremisesPrefixes", "subnets", "unresolved",
                    "definedAt", "derivedFromStandIn"));
            StringBuilder line = new StringBuilder("vnet " + name(v) + " space="
                    + items(v.path("addressSpace")));
            optional(line, " peerings=", v.path("peerings"));
            optional(line, " onPrem=", v.path("onPremisesPrefixes"));
            out.add(line.toString());
            objectLevel(out, v);
            for (JsonNode s : v.path("subnets")) {
                if (isMarker(s)) {
                    out.add("  subnet " + marker(s));
                    continue;
                }
                keys(s, "a subnet", Set.of("name", "addressPrefix", "addressPrefixes", "networkSecurityGroup",
                        "unresolved", "definedAt"));
                StringBuilder sl = new StringBuilder("  subnet " + s.path("name").asText() + " ");
                sl.append(s.has("addressPrefix") ? value(s.get("addressPrefix")) : items(s.path("addressPrefixes")));
                if (s.has("networkSecurityGroup")) {
                    sl.append(" nsg=").append(value(s.get("networkSecurityGroup")));
                }
                out.add(sl.toString());
                objectLevel(out, s);
            }
        }
        for (JsonNode a : root.path("applicationSecurityGroups")) {
            keys(a, "an asg", Set.of("name", "definedAt", "derivedFromStandIn"));
            out.add("asg " + name(a));
        }
        for (JsonNode n : root.path("networkInterfaces")) {
            keys(n, "a nic", Set.of("name", "networkSecurityGroup", "ipConfigurations", "unresolved", "definedAt",
                    "derivedFromStandIn"));
            out.add("nic " + name(n)
                    + (n.has("networkSecurityGroup") ? " nsg=" + value(n.get("networkSecurityGroup")) : ""));
            objectLevel(out, n);
            for (JsonNode ip : n.path("ipConfigurations")) {
                if (isMarker(ip)) {
                    out.add("  ip " + marker(ip));
                    continue;
                }
                keys(ip, "an ip configuration", Set.of("name", "subnet", "privateIPAllocationMethod",
                        "privateIPAddress", "privateIPAddressVersion", "applicationSecurityGroups", "unresolved",
                        "definedAt"));
                StringBuilder il = new StringBuilder("  ip " + ip.path("name").asText());
                il.append(" subnet=").append(ip.has("subnet") ? value(ip.get("subnet")) : "-");
                il.append(' ').append(ip.has("privateIPAddress") ? value(ip.get("privateIPAddress"))
                        : ip.path("privateIPAllocationMethod").asText().toLowerCase());
                if (ip.has("privateIPAddressVersion")) {
                    il.append(' ').append(value(ip.get("privateIPAddressVersion")));
                }
                optional(il, " asgs=", ip.path("applicationSecurityGroups"));
                out.add(il.toString());
                objectLevel(out, ip);
            }
        }
        for (JsonNode g : root.path("networkSecurityGroups")) {
            keys(g, "an nsg", Set.of("name", "securityRules", "unresolved", "definedAt", "derivedFromStandIn"));
            out.add("nsg " + name(g));
            objectLevel(out, g);
            for (JsonNode r : g.path("securityRules")) {
                if (isMarker(r)) {
                    out.add("  rule " + marker(r));
                    continue;
                }
                keys(r, "a rule", Set.of("name", "description", "priority", "direction", "access", "protocol",
                        "sourceAddressPrefix", "sourceAddressPrefixes", "sourceApplicationSecurityGroups",
                        "sourcePortRange", "sourcePortRanges", "destinationAddressPrefix", "destinationAddressPrefixes",
                        "destinationApplicationSecurityGroups", "destinationPortRange", "destinationPortRanges",
                        "unresolved", "definedAt"));
                String line = "  " + r.path("name").asText() + " " + field(r, "priority") + " "
                        + field(r, "direction") + " " + field(r, "access") + " " + field(r, "protocol") + " "
                        + side(r, "source") + " -> " + side(r, "destination")
                        + (r.has("description") ? " \"" + value(r.get("description")) + "\"" : "");
                out.add(line);
                objectLevel(out, r);
            }
        }
        return String.join("\n", out) + "\n";
    }

    /** SOURCE:PORTS for one side of a rule; several forms given at once are all written, joined with '+'. */
    private static String side(JsonNode r, String side) {
        List<String> address = new ArrayList<>();
        if (r.has(side + "AddressPrefix")) {
            address.add(value(r.get(side + "AddressPrefix")));
        }
        if (r.has(side + "AddressPrefixes")) {
            address.add(items(r.get(side + "AddressPrefixes")));
        }
        if (r.has(side + "ApplicationSecurityGroups")) {
            address.add("asg" + items(r.get(side + "ApplicationSecurityGroups")));
        }
        List<String> ports = new ArrayList<>();
        if (r.has(side + "PortRange")) {
            ports.add(value(r.get(side + "PortRange")));
        }
        if (r.has(side + "PortRanges")) {
            ports.add(items(r.get(side + "PortRanges")));
        }
        return (address.isEmpty() ? "-" : String.join("+", address)) + ":"
                + (ports.isEmpty() ? "-" : String.join("+", ports));
    }

    private static String field(JsonNode o, String key) {
        return o.has(key) ? value(o.get(key)) : "-";
    }

    private static String value(JsonNode v) {
        return isMarker(v) ? marker(v) : v.asText();
    }

    private static String items(JsonNode list) {
        List<String> parts = new ArrayList<>();
        for (JsonNode item : list) {
            parts.add(value(item));
        }
        return "[" + String.join(",", parts) + "]";
    }

    private static void optional(StringBuilder line, String label, JsonNode list) {
        if (list.isArray() && !list.isEmpty()) {
            line.append(label).append(items(list));
        }
    }

    private static boolean isMarker(JsonNode v) {
        return v.isObject() && v.has("unresolved") && v.get("unresolved").isValueNode();
    }

    private static String marker(JsonNode v) {
        keys(v, "an unresolved value", Set.of("unresolved", "reason"));
        assertThat(v.path("reason").asText()).as("every unresolved value says why").isNotBlank();
        return "?(" + v.get("unresolved").asText() + ")";
    }

    private static void objectLevel(List<String> out, JsonNode o) {
        JsonNode list = o.get("unresolved");
        if (list == null || !list.isArray()) {
            return;
        }
        for (JsonNode u : list) {
            keys(u, "an object-level unresolved value", Set.of("property", "expression", "reason"));
            assertThat(u.path("reason").asText()).as("every unresolved value says why").isNotBlank();
            out.add("  ? " + u.path("property").asText() + " (" + u.path("expression").asText() + ")");
        }
    }

    private static void keys(JsonNode o, String what, Set<String> known) {
        assertThat(o.isObject()).as(what + " is an object: " + o).isTrue();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            assertThat(known).as("key '" + key + "' of " + what + " is rendered by the summary").contains(key);
        }
    }
}
