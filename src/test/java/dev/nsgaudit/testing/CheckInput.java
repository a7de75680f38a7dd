package dev.nsgaudit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Inputs for {@code check} tests, written as the YAML definitions of SPEC section 3: one virtual network
 * {@code vnet1} (10.1.0.0/16) with subnet {@code app} (10.1.1.0/24) and NIC {@code vm1} (10.1.1.4), the subnet
 * and the NIC each behind an NSG of the given rules or behind none. Every folder gets an empty {@code policies/}
 * folder so that {@code check} does not pick up the repository's own example policies.
 */
public final class CheckInput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckInput() {
    }

    /** An inbound rule from {@code source} to any destination on TCP {@code ports}; source is a YAML value. */
    public static String allowTcp(String name, int priority, String source, String ports) {
        return rule(name, priority, "Allow", "Tcp", "sourceAddressPrefix: " + source, "destinationPortRange: \"" + ports + "\"");
    }

    /**
     * One inbound rule as YAML list item (indented for {@code securityRules}); {@code sourceLine} and
     * {@code portsLine} are whole YAML lines such as {@code sourceAddressPrefixes: [0.0.0.0/1, 128.0.0.0/1]}.
     */
    public static String rule(String name, int priority, String access, String protocol, String sourceLine,
                              String portsLine) {
        return """
                      - name: %s
                        priority: %d
                        direction: Inbound
                        access: %s
                        protocol: "%s"
                        %s
                        sourcePortRange: "*"
                        destinationAddressPrefix: "*"
                        %s
                """.formatted(name, priority, access, protocol, sourceLine, portsLine);
    }

    /** The network with the subnet NSG {@code nsg-app} holding {@code subnetRules}; the NIC has no NSG. */
    public static String subnetNsg(String... subnetRules) {
        return network(String.join("", subnetRules), null);
    }

    /**
     * The network; a null rule list means no NSG at that layer, an empty string an NSG with only the default
     * rules. The subnet NSG is {@code nsg-app}, the NIC NSG {@code nsg-vm1}.
     */
    public static String network(String subnetRules, String nicRules) {
        StringBuilder y = new StringBuilder("""
                virtualNetworks:
                  - name: vnet1
                    addressSpace: [10.1.0.0/16]
                    subnets:
                      - name: app
                        addressPrefix: 10.1.1.0/24
                """);
        if (subnetRules != null) {
            y.append("        networkSecurityGroup: nsg-app\n");
        }
        y.append("""
                networkInterfaces:
                  - name: vm1
                    subnet: vnet1/app
                    privateIPAddress: 10.1.1.4
                """);
        if (nicRules != null) {
            y.append("    networkSecurityGroup: nsg-vm1\n");
        }
        y.append("networkSecurityGroups:\n");
        if (subnetRules != null) {
            y.append(nsg("nsg-app", subnetRules));
        }
        if (nicRules != null) {
            y.append(nsg("nsg-vm1", nicRules));
        }
        if (subnetRules == null && nicRules == null) {
            y.append("  []\n");
        }
        return y.toString();
    }

    private static String nsg(String name, String rules) {
        return "  - name: " + name + "\n    securityRules:" + (rules.isBlank() ? " []\n" : "\n" + rules);
    }

    /** Writes {@code files} (name, content, name, content...) into {@code dir} with an empty policies/ folder. */
    public static Path folder(Path dir, String... namesAndContents) {
        try {
            Files.createDirectories(dir.resolve("policies"));
            for (int i = 0; i < namesAndContents.length; i += 2) {
                Path file = dir.resolve(namesAndContents[i]);
                Files.createDirectories(file.getParent());
                Files.writeString(file, namesAndContents[i + 1], StandardCharsets.UTF_8);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code check} with the JSON report written to {@code <input>/../<input name>-out}; more args appended. */
    public static Result check(Path input, String... more) {
        Path out = input.resolveSibling(input.getFileName() + "-out");
        List<String> args = new ArrayList<>(List.of("check", input.toString(), "--format", "json", "--out",
                out.toString()));
        args.addAll(Arrays.asList(more));
        Cli.Run run = Cli.run(args.toArray(String[]::new));
        Path json = out.resolve("nsgaudit.json");
        try {
            JsonNode root = Files.exists(json) ? JSON.readTree(json.toFile()) : null;
            return new Result(run, root, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A run and its JSON report. */
    public record Result(Cli.Run run, JsonNode json, Path out) {

        public int code() {
            return run.code();
        }

        /** Findings with this id (any target), in report order. */
        public List<JsonNode> findings(String id) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode f : json.path("findings")) {
                if (f.path("id").asText().equals(id)) {
                    out.add(f);
                }
            }
            return out;
        }

        /** Findings with this id on this target ({@code nic:vm1}, {@code subnet:vnet1/app}, {@code nsg:x}). */
        public List<JsonNode> findings(String id, String target) {
            return findings(id).stream().filter(f -> f.path("target").asText().equals(target)).toList();
        }

        public List<String> ids() {
            List<String> out = new ArrayList<>();
            json.path("findings").forEach(f -> out.add(f.path("id").asText()));
            return out;
        }

        @Override
        public String toString() {
            return run + (json == null ? "" : "--- json\n" + json.toPrettyString());
        }
    }
}
