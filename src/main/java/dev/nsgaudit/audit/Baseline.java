package dev.nsgaudit.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsgaudit.load.RepositoryRoot;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.InputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The findings known when the baseline was recorded, by a fingerprint that survives line moves: id, NSG, rule,
 * target and file. Findings in the baseline do not fail {@code check}; new ones do.
 *
 * <p>The file is written relative to the repository root (the nearest folder above it holding {@code .git}, else
 * the current folder), so that {@code infra}, {@code ./infra}, an absolute path, another working folder or
 * another checkout location all give the same fingerprint.
 */
public final class Baseline {

    /** Version 1 fingerprints held the path as typed; they cannot be compared with repository paths. */
    static final int VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Map<Path, Path> ROOTS = new ConcurrentHashMap<>();
    private final Set<String> fingerprints;

    private Baseline(Set<String> fingerprints) {
        this.fingerprints = fingerprints;
    }

    public static String fingerprint(Finding f) {
        return f.id() + "|" + nz(f.networkSecurityGroup()) + "|" + nz(f.rule()) + "|" + nz(f.target()) + "|"
                + repositoryPath(f.location().file());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /**
     * The file as a path from its repository root, with '/' separators; text that names no file (a finding
     * without a position) is kept as it is.
     */
    static String repositoryPath(String file) {
        if (file == null || file.isEmpty() || file.startsWith("<")) {
            return nz(file);
        }
        Path absolute;
        try {
            absolute = Path.of(file).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return file; // not a path on this system
        }
        Path parent = absolute.getParent();
        Path root = parent == null ? absolute : ROOTS.computeIfAbsent(parent, RepositoryRoot::of);
        return root.relativize(absolute).toString().replace('\\', '/');
    }

    public boolean contains(Finding f) {
        return fingerprints.contains(fingerprint(f));
    }

    public int size() {
        return fingerprints.size();
    }

    /** Reads a baseline; a missing file is an input error: a baseline that is not there must not pass CI forever. */
    public static Baseline read(Path file) {
        if (!Files.exists(file)) {
            throw new InputException(file + ": no such baseline; record one with --create-baseline " + file);
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            // An encoding problem is named with its position, not as a decoder's "Input length = 1".
            dev.nsgaudit.load.arm.JsonText.check(bytes, file.toString());
            JsonNode root = JSON.readTree(bytes);
            if (root == null || root.path("version").asInt() != VERSION) {
                throw new InputException(file + ": not a baseline of version " + VERSION
                        + " (its paths would not match); record it again with --create-baseline " + file);
            }
            Set<String> out = new TreeSet<>();
            for (JsonNode f : root.path("findings")) {
                out.add(f.path("fingerprint").asText());
            }
            return new Baseline(out);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the baseline (" + e.getMessage().split("\n")[0]
                    + "); record it again with --create-baseline " + file);
        }
    }

    /** Writes the fingerprints of the findings, sorted, so that the file is stable under version control. */
    public static void write(Path file, Collection<Finding> findings) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        ArrayNode list = root.putArray("findings");
        Set<String> sorted = new TreeSet<>();
        findings.forEach(f -> sorted.add(fingerprint(f)));
        for (String fp : sorted) {
            String[] parts = fp.split("\\|", -1);
            ObjectNode o = list.addObject();
            o.put("fingerprint", fp);
            o.put("id", parts[0]);
            o.put("file", parts[parts.length - 1]);
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
