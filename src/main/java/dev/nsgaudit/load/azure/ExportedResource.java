package dev.nsgaudit.load.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.load.arm.ArmDocument;
import dev.nsgaudit.model.SourceRef;

import java.nio.file.Path;

/** One resource object of an export file, with its parsed id and the document it stands in. */
record ExportedResource(AzureId id, JsonNode object, ArmDocument document, Path file) {

    SourceRef source() {
        return document.sourceOf(object);
    }

    /** The resource's properties: nested under {@code properties} (REST API, Resource Graph) or flattened (az). */
    JsonNode properties() {
        return ExportValues.properties(object);
    }

    String modelName() {
        return id.modelName();
    }
}
