package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.rules.Spelling;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.rules.Findings;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks the JSON types of the properties the model reads, after evaluation, as the YAML loader checks its keys: a
 * value of the wrong type (a rule list that is an object, a port that is a list) is an {@code input-error}, so
 * that it can never make a value vanish; where every property is known (security rules), a key that is not one is
 * an {@code unknown-key} with a "did you mean". Other properties (resources carry many the model does not read)
 * are left alone. Unresolved values and nulls pass: they are reported where they are read.
 */
final class PropertyShapes {

    /** What a value must be: a scalar, a list of items, or an object of known members (closed: no others). */
    record Spec(String expected, Spec items, Map<String, Spec> members, boolean closed) {

        static final Spec SCALAR = new Spec("a single value (a string or number)", null, null, false);
        static final Spec ANY = new Spec(null, null, null, false);

        static Spec list(Spec items) {
            return new Spec("a list (JSON array)", items, null, false);
        }

        static Spec object(boolean closed, Object... pairs) {
            Map<String, Spec> members = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 0; i < pairs.length; i += 2) {
                members.put((String) pairs[i], (Spec) pairs[i + 1]);
            }
            return new Spec("an object", null, members, closed);
        }

        boolean accepts(JsonNode v) {
            if (expected == null) {
                return true;
            }
            return items != null ? v.isArray() : members != null ? v.isObject() : v.isValueNode();
        }
    }

    private static final Spec ID_REF = Spec.object(false, "id", Spec.SCALAR);
    private static final Spec SCALARS = Spec.list(Spec.SCALAR);
    /** The properties of a security rule as the network API defines them. */
    static final Spec RULE_PROPERTIES = Spec.object(true,
            "description", Spec.SCALAR, "protocol", Spec.SCALAR, "sourcePortRange", Spec.SCALAR,
            "destinationPortRange", Spec.SCALAR, "sourceAddressPrefix", Spec.SCALAR, "sourceAddressPrefixes", SCALARS,
            "sourceApplicationSecurityGroups", Spec.list(Spec.ANY), "destinationAddressPrefix", Spec.SCALAR,
            "destinationAddressPrefixes", SCALARS, "destinationApplicationSecurityGroups", Spec.list(Spec.ANY),
            "sourcePortRanges", SCALARS, "destinationPortRanges", SCALARS, "access", Spec.SCALAR,
            "priority", Spec.SCALAR, "direction", Spec.SCALAR, "provisioningState", Spec.SCALAR);
    /** A rule inside an NSG's {@code securityRules} (exported templates also carry id, etag and type). */
    private static final Spec RULE_ITEM = Spec.object(true, "name", Spec.SCALAR, "properties", RULE_PROPERTIES,
            "id", Spec.SCALAR, "etag", Spec.SCALAR, "type", Spec.SCALAR);
    static final Spec NSG_PROPERTIES = Spec.object(false, "securityRules", Spec.list(RULE_ITEM));
    static final Spec SUBNET_PROPERTIES = Spec.object(false, "addressPrefix", Spec.SCALAR,
            "addressPrefixes", SCALARS, "networkSecurityGroup", ID_REF);
    static final Spec PEERING_PROPERTIES = Spec.object(false, "remoteVirtualNetwork", ID_REF);
    static final Spec VNET_PROPERTIES = Spec.object(false,
            "addressSpace", Spec.object(false, "addressPrefixes", SCALARS),
            "subnets", Spec.list(Spec.object(false, "name", Spec.SCALAR, "properties", SUBNET_PROPERTIES)),
            "virtualNetworkPeerings", Spec.list(Spec.object(false, "properties", PEERING_PROPERTIES)));
    private static final Spec IP_CONFIGURATIONS = Spec.list(Spec.object(false, "name", Spec.SCALAR,
            "properties", Spec.object(false, "subnet", ID_REF, "privateIPAllocationMethod", Spec.SCALAR,
                    "privateIPAddress", Spec.SCALAR, "privateIPAddressVersion", Spec.SCALAR,
                    "applicationSecurityGroups", Spec.list(Spec.ANY))));
    static final Spec NIC_PROPERTIES = Spec.object(false, "networkSecurityGroup", ID_REF,
            "ipConfigurations", IP_CONFIGURATIONS);
    static final Spec SCALE_SET_PROPERTIES = Spec.object(false, "virtualMachineProfile", Spec.object(false,
            "networkProfile", Spec.object(false, "networkInterfaceConfigurations", Spec.list(Spec.object(false,
                    "name", Spec.SCALAR, "properties", Spec.object(false, "networkSecurityGroup", ID_REF,
                            "ipConfigurations", IP_CONFIGURATIONS))))));

    private static final Spec ADDRESS_ITEMS = Spec.list(Spec.object(true, "addressPrefix", Spec.SCALAR,
            "addressPrefixType", Spec.SCALAR));
    /** A security admin rule of kind Custom (SPEC-AVNM); a misspelt key would silently widen the rule. */
    static final Spec ADMIN_RULE_PROPERTIES = Spec.object(true, "description", Spec.SCALAR, "protocol", Spec.SCALAR,
            "sources", ADDRESS_ITEMS, "destinations", ADDRESS_ITEMS, "sourcePortRanges", SCALARS,
            "destinationPortRanges", SCALARS, "access", Spec.SCALAR, "priority", Spec.SCALAR, "direction", Spec.SCALAR,
            "flag", Spec.SCALAR, "provisioningState", Spec.SCALAR, "resourceGuid", Spec.SCALAR);
    static final Spec RULE_COLLECTION_PROPERTIES = Spec.object(false, "description", Spec.SCALAR,
            "appliesToGroups", Spec.list(Spec.object(false, "networkGroupId", Spec.SCALAR)));
    static final Spec NETWORK_GROUP_PROPERTIES = Spec.object(false, "description", Spec.SCALAR,
            "memberType", Spec.SCALAR);
    static final Spec STATIC_MEMBER_PROPERTIES = Spec.object(false, "resourceId", Spec.SCALAR);

    private final ArmDocument document;
    private final String resource;
    private final List<Finding> problems;

    /**
     * @param document the file the values were declared in, for positions
     * @param resource the resource the values belong to, as messages name it
     */
    PropertyShapes(ArmDocument document, String resource, List<Finding> problems) {
        this.document = document;
        this.resource = resource;
        this.problems = problems;
    }

    /** The spec of the properties of a resource type the model reads, or null. */
    static Spec forType(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "microsoft.network/networksecuritygroups" -> NSG_PROPERTIES;
            case "microsoft.network/networksecuritygroups/securityrules" -> RULE_PROPERTIES;
            case "microsoft.network/virtualnetworks" -> VNET_PROPERTIES;
            case "microsoft.network/virtualnetworks/subnets" -> SUBNET_PROPERTIES;
            case "microsoft.network/virtualnetworks/virtualnetworkpeerings" -> PEERING_PROPERTIES;
            case "microsoft.network/networkinterfaces" -> NIC_PROPERTIES;
            case "microsoft.compute/virtualmachinescalesets" -> SCALE_SET_PROPERTIES;
            case "microsoft.network/networkmanagers/networkgroups" -> NETWORK_GROUP_PROPERTIES;
            case "microsoft.network/networkmanagers/networkgroups/staticmembers" -> STATIC_MEMBER_PROPERTIES;
            case "microsoft.network/networkmanagers/securityadminconfigurations/rulecollections" ->
                    RULE_COLLECTION_PROPERTIES;
            case "microsoft.network/networkmanagers/securityadminconfigurations/rulecollections/rules" ->
                    ADMIN_RULE_PROPERTIES;
            default -> null;
        };
    }

    /** Checks the evaluated properties of a declared resource against its type's spec. */
    static void check(DeclaredResource r, List<Finding> problems) {
        Spec spec = forType(r.type());
        if (spec != null) {
            String type = r.type().substring(r.type().lastIndexOf('/') + 1);
            new PropertyShapes(r.document(), type + " '" + r.name() + "'", problems).check(r.properties(),
                    r.declaration().get("properties"), spec, "properties", r.source());
        }
    }

    /**
     * Checks {@code value} (evaluated) against {@code spec}; {@code raw} is the same value as written, or null
     * when it was computed, and gives the positions; {@code path} names the value in the resource.
     */
    void check(JsonNode value, JsonNode raw, Spec spec, String path, SourceRef at) {
        if (value == null || value.isNull() || value.isMissingNode() || Unresolved.isMarker(value)) {
            return;
        }
        if (!spec.accepts(value)) {
            problems.add(Findings.of("input-error", at, path + " of " + resource + " must be "
                    + spec.expected()
                    + ", not " + article(ArmValues.typeName(value)) + "; ARM would reject this template"));
            return;
        }
        if (spec.items() != null) {
            boolean parallel = raw != null && raw.isArray() && raw.size() == value.size();
            for (int i = 0; i < value.size(); i++) {
                JsonNode rawItem = parallel ? raw.get(i) : null;
                JsonNode name = value.get(i).path("name");
                check(value.get(i), rawItem, spec.items(), path + "[" + i + "]"
                                + (name.isTextual() ? " ('" + name.asText() + "')" : ""),
                        rawItem != null && document.position(rawItem).isPresent() ? document.sourceOf(rawItem) : at);
            }
        } else if (spec.members() != null) {
            JsonNode rawObject = raw != null && raw.isObject() ? raw : null;
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Spec member = spec.members().get(e.getKey());
                SourceRef keyAt = rawObject != null && document.position(rawObject).isPresent()
                        ? document.sourceOfKey(rawObject, e.getKey()) : at;
                if (member == null) {
                    if (spec.closed()) {
                        String suggestion = Spelling.closest(e.getKey(), spec.members().keySet());
                        problems.add(Findings.of("unknown-key", keyAt, "unknown key '" + e.getKey()
                                + "' in " + path + " of " + resource + (suggestion != null ? "; did you mean '" + suggestion + "'?"
                                : "; known keys: " + String.join(", ", spec.members().keySet()))));
                    }
                    continue;
                }
                JsonNode rawMember = rawObject != null ? rawObject.get(e.getKey()) : null;
                SourceRef memberAt = rawMember != null && document.position(rawMember).isPresent()
                        ? document.sourceOf(rawMember) : keyAt;
                check(e.getValue(), rawMember, member, path + "." + e.getKey(), memberAt);
            }
        }
    }

    private static String article(String typeName) {
        String lower = typeName.toLowerCase(Locale.ROOT);
        return ("aeiou".indexOf(lower.charAt(0)) >= 0 ? "an " : "a ") + lower;
    }
}
