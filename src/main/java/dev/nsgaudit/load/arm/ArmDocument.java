package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.model.SourceRef;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON file read by {@link ArmJson}: its tree and, for every object and array in it, the line and column where
 * it starts. Positions are kept by node identity, so they belong to the nodes as read; values built by
 * evaluation are new nodes and have none (take the position from the raw node before evaluating it).
 */
public final class ArmDocument {

    /** Line and column (both 1-based) of the first character of an object or array. */
    public record Position(int line, int column) {
    }

    private final String file;
    private final JsonNode root;
    private final Map<JsonNode, Position> positions;
    private final Map<JsonNode, Map<String, Position>> keyPositions;
    private final List<ArmInputException> problems;

    ArmDocument(String file, JsonNode root, Map<JsonNode, Position> positions,
                Map<JsonNode, Map<String, Position>> keyPositions, List<ArmInputException> problems) {
        this.file = file;
        this.root = root;
        this.positions = positions;
        this.keyPositions = keyPositions;
        this.problems = List.copyOf(problems);
    }

    /**
     * What was wrong in the file although it could be read (a duplicate key: the first value is kept); the reader
     * of the document reports these.
     */
    public List<ArmInputException> problems() {
        return problems;
    }

    /** The problems as findings. */
    public List<dev.nsgaudit.model.Finding> problemFindings() {
        return problems.stream().map(ArmInputException::toFinding).toList();
    }

    /** The display name given when reading (normally the path as the user wrote it). */
    public String file() {
        return file;
    }

    public JsonNode root() {
        return root;
    }

    /** Where an object or array of this document starts; empty for scalars and for nodes not from this file. */
    public Optional<Position> position(JsonNode node) {
        return Optional.ofNullable(positions.get(node));
    }

    /** The source reference of a node of this document, or the file alone when its position is not known. */
    public SourceRef sourceOf(JsonNode node) {
        Position p = positions.get(node);
        return p == null ? new SourceRef(file, 0, 0) : new SourceRef(file, p.line(), p.column());
    }

    /** Where a key of an object of this document is written; else where the object starts, else the file. */
    public SourceRef sourceOfKey(JsonNode object, String key) {
        Position p = keyPositions.getOrDefault(object, Map.of()).get(key);
        return p == null ? sourceOf(object) : new SourceRef(file, p.line(), p.column());
    }

    /** True when the {@code $schema} names a deployment template (of any scope). */
    public boolean isDeploymentTemplate() {
        return schemaContains("deploymenttemplate.json");
    }

    /** True when the {@code $schema} names a deployment parameters file. */
    public boolean isParameterFile() {
        return schemaContains("deploymentparameters.json");
    }

    private boolean schemaContains(String part) {
        JsonNode schema = root.get("$schema");
        return schema != null && schema.isTextual() && schema.asText().toLowerCase(Locale.ROOT).contains(part);
    }
}
