package dev.nsgaudit.semantics;

import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.ServiceTag;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.net.IpPrefix;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interprets one side (source or destination) of a rule: {@code xAddressPrefix}, {@code xAddressPrefixes}
 * and {@code xApplicationSecurityGroups}, in the context of one {@link NetworkView}. What Azure would reject
 * is listed in {@code rejected} but still evaluated; what cannot be interpreted at all is listed in
 * {@code unresolvable} and makes the side match everything, marked uncertain (never "matches nothing").
 */
public final class AddressField {

    public static final String AZURE_PLATFORM_DNS = "AzurePlatformDNS";
    public static final String AZURE_PLATFORM_IMDS = "AzurePlatformIMDS";
    public static final String AZURE_PLATFORM_LKM = "AzurePlatformLKM";

    private AddressField() {
    }

    /**
     * @param addresses what the prefixes and tags cover
     * @param asgs lower-cased names of the ASGs named on this side
     * @param tags canonical names of the tags used (for effective views and platform rules)
     * @param nonCanonical prefixes written with host bits set (D2)
     */
    public record Parsed(AddressSet addresses, Set<String> asgs, Set<String> tags, List<String> rejected,
                         List<String> unresolvable, List<String> nonCanonical, Set<IpFamily> families) {
        public boolean certain() {
            return unresolvable.isEmpty();
        }
    }

    /** The canonical spelling of a built-in tag, or null. */
    public static String builtInTag(String text) {
        for (String tag : List.of("VirtualNetwork", "Internet", "AzureLoadBalancer")) {
            if (tag.equalsIgnoreCase(text)) {
                return tag;
            }
        }
        for (String tag : PlatformService.tags()) {
            if (tag.equalsIgnoreCase(text)) {
                return tag;
            }
        }
        return null;
    }

    public static boolean isAny(String text) {
        return text.equals("*") || text.equalsIgnoreCase("Any");
    }

    public static Parsed parse(String side, String singular, List<String> plural, List<String> asgNames,
                               NetworkView view, ServiceTags serviceTags, Topology topology) {
        List<String> rejected = new ArrayList<>();
        List<String> unresolvable = new ArrayList<>();
        List<String> nonCanonical = new ArrayList<>();
        Set<String> asgs = new LinkedHashSet<>();
        Set<String> tags = new LinkedHashSet<>();
        Set<IpFamily> families = new LinkedHashSet<>();
        AddressSet addresses = AddressSet.EMPTY;

        boolean hasSingular = singular != null && !singular.isBlank();
        boolean hasPlural = plural != null && !plural.isEmpty();
        boolean hasAsgs = asgNames != null && !asgNames.isEmpty();
        int given = (hasSingular ? 1 : 0) + (hasPlural ? 1 : 0) + (hasAsgs ? 1 : 0);
        if (given == 0) {
            unresolvable.add(side + ": no address given (set exactly one of " + side + "AddressPrefix, "
                    + side + "AddressPrefixes, " + side + "ApplicationSecurityGroups)");
            return new Parsed(AddressSet.ALL, asgs, tags, rejected, unresolvable, nonCanonical, families);
        }
        if (given > 1) {
            rejected.add(side + ": more than one of " + side + "AddressPrefix, " + side + "AddressPrefixes, "
                    + side + "ApplicationSecurityGroups is set; Azure takes exactly one");
        }
        if (hasSingular) {
            addresses = addresses.union(parseToken(side + "AddressPrefix", singular.trim(), false, view, serviceTags,
                    tags, rejected, unresolvable, nonCanonical, families));
        }
        if (hasPlural) {
            for (String item : plural) {
                String token = item == null ? "" : item.trim();
                addresses = addresses.union(parseToken(side + "AddressPrefixes", token, true, view, serviceTags,
                        tags, rejected, unresolvable, nonCanonical, families));
            }
        }
        if (hasAsgs) {
            for (String asg : asgNames) {
                if (topology != null && topology.applicationSecurityGroup(asg).isEmpty()) {
                    unresolvable.add(side + "ApplicationSecurityGroups names '" + asg + "', which is not defined");
                } else {
                    asgs.add(Topology.key(asg));
                }
            }
        }
        if (!unresolvable.isEmpty()) {
            addresses = AddressSet.ALL;
        }
        return new Parsed(addresses, asgs, tags, rejected, unresolvable, nonCanonical, families);
    }

    private static AddressSet parseToken(String field, String token, boolean inPlural, NetworkView view,
                                         ServiceTags serviceTags, Set<String> tags, List<String> rejected,
                                         List<String> unresolvable, List<String> nonCanonical,
                                         Set<IpFamily> families) {
        if (token.isEmpty()) {
            unresolvable.add(field + " has an empty value");
            return AddressSet.EMPTY;
        }
        if (isAny(token)) {
            if (inPlural) {
                rejected.add(field + " contains '" + token + "'; plural fields take IP addresses and CIDRs only");
            }
            return AddressSet.ALL;
        }
        if (IpAddress.looksLikeAddress(token.contains("/") ? token.substring(0, token.indexOf('/')) : token)
                && (token.contains("/") || token.contains(".") || token.contains(":"))) {
            try {
                IpPrefix.Parsed parsed = IpPrefix.parse(token);
                families.add(parsed.prefix().family());
                if (parsed.hadHostBits()) {
                    nonCanonical.add(token + " has host bits set; it is evaluated as " + parsed.prefix());
                }
                return AddressSet.ofPrefixes(List.of(parsed.prefix()));
            } catch (IllegalArgumentException e) {
                unresolvable.add(field + ": " + e.getMessage() + "; use an IP address or CIDR such as 10.0.0.0/24");
                return AddressSet.EMPTY;
            }
        }
        String builtIn = builtInTag(token);
        if (builtIn != null || serviceTags.lookup(token).isPresent()) {
            String canonical = builtIn != null ? builtIn : serviceTags.lookup(token).get().name();
            if (inPlural) {
                rejected.add(field + " contains the tag '" + canonical + "'; tags are allowed only in the singular "
                        + field.replace("Prefixes", "Prefix") + " (SecurityRuleParameterContainsUnsupportedValue)");
            }
            tags.add(canonical);
            return tagAddresses(canonical, view, serviceTags, rejected);
        }
        unresolvable.add(field + ": '" + token + "' is neither an IP address, a CIDR nor a known service tag"
                + " (check the spelling, or pass the tag file that defines it with --service-tags)");
        return AddressSet.EMPTY;
    }

    /** The addresses of a tag as seen from {@code view}; built-in tags are computed, others come from the file. */
    public static AddressSet tagAddresses(String canonical, NetworkView view, ServiceTags serviceTags,
                                          List<String> rejected) {
        switch (canonical) {
            case "VirtualNetwork":
                return view.virtualNetwork();
            case "Internet":
                return view.internet();
            case "AzureLoadBalancer":
                return NetworkView.AZURE_HOST;
            default:
                break;
        }
        AddressSet platform = PlatformService.tagAddresses(canonical);
        if (platform != null) {
            return platform; // D7: a platform tag stands for its services' addresses
        }
        TagPrefixes parsed = tagPrefixes(serviceTags, canonical);
        if (rejected != null) {
            rejected.addAll(parsed.rejected());
        }
        return parsed.addresses();
    }

    /** A service tag's addresses and what is wrong with the tag (not usable in NSGs, invalid prefixes). */
    private record TagPrefixes(AddressSet addresses, List<String> rejected) {
    }

    /**
     * Parsed service tags per catalog, so that the thousands of prefixes of a tag are parsed once, not once per
     * rule naming it (weak keys: a catalog's entries go with it).
     */
    private static final Map<ServiceTags, Map<String, TagPrefixes>> PARSED_TAGS =
            Collections.synchronizedMap(new WeakHashMap<>());

    private static TagPrefixes tagPrefixes(ServiceTags serviceTags, String canonical) {
        Map<String, TagPrefixes> parsed = PARSED_TAGS.computeIfAbsent(serviceTags, k -> new ConcurrentHashMap<>());
        TagPrefixes known = parsed.get(canonical);
        if (known != null) {
            return known;
        }
        ServiceTag tag = serviceTags.lookup(canonical).orElseThrow();
        List<String> rejected = new ArrayList<>();
        if (!tag.usableInNsg()) {
            rejected.add("service tag '" + tag.name() + "' is not usable in NSG rules (its networkFeatures lack NSG)");
        }
        List<IpPrefix> prefixes = new ArrayList<>(tag.addressPrefixes().size());
        for (String p : tag.addressPrefixes()) {
            try {
                prefixes.add(IpPrefix.parse(p).prefix());
            } catch (IllegalArgumentException e) {
                rejected.add("service tag '" + tag.name() + "' has an invalid prefix '" + p + "' in its file");
            }
        }
        TagPrefixes result = new TagPrefixes(AddressSet.ofPrefixes(prefixes), List.copyOf(rejected));
        parsed.putIfAbsent(canonical, result);
        return result;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
