package dev.nsgaudit.analyze.rules;

import dev.nsgaudit.analyze.Analyzer;
import dev.nsgaudit.load.InputLoader;
import dev.nsgaudit.load.LoadResult;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Severity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Loads YAML text and runs the analyzer on it. */
final class AnalysisFixture {

    private AnalysisFixture() {
    }

    static List<Finding> findings(Path dir, String yaml) {
        try {
            Path file = Files.writeString(dir.resolve("input.yaml"), yaml);
            LoadResult loaded = InputLoader.load(List.of(file));
            assertThat(loaded.problems().stream().filter(p -> p.severity() == Severity.ERROR))
                    .as("load problems").isEmpty();
            try (Analyzer analyzer = new Analyzer(loaded.topology(), ServiceTags.bundled())) {
                return analyzer.ruleFindings();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Finding> withId(List<Finding> findings, String id) {
        return findings.stream().filter(f -> f.id().equals(id)).toList();
    }

    /** An inbound rule in YAML, indented for a securityRules list. */
    static String rule(String name, int priority, String access, String protocol, String source, String destination,
                       String ports) {
        return rule(name, priority, "Inbound", access, protocol, source, destination, ports);
    }

    static String rule(String name, int priority, String direction, String access, String protocol, String source,
                       String destination, String ports) {
        return "      - name: " + name + "\n"
                + "        priority: " + priority + "\n"
                + "        direction: " + direction + "\n"
                + "        access: " + access + "\n"
                + "        protocol: \"" + protocol + "\"\n"
                + "        " + side("source", source) + "\n"
                + "        sourcePortRange: \"*\"\n"
                + "        " + side("destination", destination) + "\n"
                + "        " + ports(ports) + "\n";
    }

    private static String side(String side, String value) {
        if (value.startsWith("asg:")) {
            return side + "ApplicationSecurityGroups: [" + value.substring(4) + "]";
        }
        if (value.startsWith("[")) {
            return side + "AddressPrefixes: " + value;
        }
        return side + "AddressPrefix: \"" + value + "\"";
    }

    private static String ports(String ports) {
        return ports.startsWith("[") ? "destinationPortRanges: " + ports : "destinationPortRange: \"" + ports + "\"";
    }
}
