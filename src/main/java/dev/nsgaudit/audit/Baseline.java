package dev.nsgaudit.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsgaudit.model.InputException;
import dev.nsgaudit.model.Finding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The findings known when the baseline was recorded, by a fingerprint that survives line moves: id, NSG, rule,
 * target and file. Findings in the baseline do not fail {@code check}; new ones do.
 */
public final class Baseline {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Set<String> fingerprints;

    private Baseline(Set<String> fingerprints) {
        this.fingerprints = fingerprints;
    }

    public static String fingerprint(Finding f) {
        return f.id() + "|" + nz(f.networkSecurityGroup()) + "|" + nz(f.rule()) + "|" + nz(f.target()) + "|"
                + f.location().file();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    public boolean contains(Finding f) {
        return fingerprints.contains(fingerprint(f));
    }

    public int size() {
        return fingerprints.size();
    }

    public static Baseline read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            // An encoding problem is named with its position, not as a decoder's "Input length = 1".
            dev.nsgaudit.load.arm.JsonText.check(bytes, file.toString());
            JsonNode root = JSON.readTree(bytes);
            Set<String> out = new TreeSet<>();
            for (JsonNode f : root.path("findings")) {
                out.add(f.path("fingerprint").asText());
            }
            return new Baseline(out);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the baseline (" + e.getMessage().split("\n")[0]
                    + "); delete it to record a new one");
        }
    }

    /** Writes the fingerprints of the findings, sorted, so that the file is stable under version control. */
    public static void write(Path file, Collection<Finding> findings) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ArrayNode list = root.putArray("findings");
        Set<String> sorted = new TreeSet<>();
        findings.forEach(f -> sorted.add(fingerprint(f)));
        for (String fp : sorted) {
            String[] parts = fp.split("\\|", -1);
            ObjectNode o = list.addObject();
            o.put("fingerprint", fp);
            o.put("id", parts[0]);
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, JSON.writeValueAsString(root).replace("\r\n", "\n") + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(file + ": cannot write the baseline (" + e.getMessage() + ")");
        }
    }
}
