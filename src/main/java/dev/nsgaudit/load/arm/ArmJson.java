package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads JSON as Azure Resource Manager accepts it: {@code //} and {@code /* *}{@code /} comments, raw control
 * characters and line breaks inside strings, trailing commas and single-quoted strings. The tree is built from
 * the token stream without recursion, so nesting is checked against {@link Limits#MAX_JSON_DEPTH} and every
 * object and array keeps its line and column.
 */
public final class ArmJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Limits.MAX_JSON_DEPTH + 50)
                    .maxStringLength((int) Limits.MAX_FILE_BYTES)
                    .maxDocumentLength(Limits.MAX_FILE_BYTES)
                    .build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String SYNTAX_FIX = "fix the JSON at that position (ARM accepts standard JSON plus"
            + " comments and trailing commas)";

    private ArmJson() {
    }

    /** Reads a file; {@code displayName} is used in positions and messages. */
    public static ArmDocument read(Path path, String displayName) {
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > Limits.MAX_FILE_BYTES) {
                throw tooLarge(displayName, size);
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ArmInputException(displayName, 0, 0, "no such file", "check the path");
        } catch (IOException e) {
            throw new ArmInputException(displayName, 0, 0, "cannot read the file (" + e.getMessage() + ")",
                    "check that it is a readable file");
        }
        if (bytes.length > Limits.MAX_FILE_BYTES) {
            throw tooLarge(displayName, bytes.length);
        }
        JsonText.check(bytes, displayName);
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            return build(parser, displayName);
        } catch (IOException e) {
            throw syntaxError(displayName, e);
        }
    }

    /**
     * True when the file's {@code $schema} (looked for in the text, without parsing) names a deployment template,
     * or when the file is too large to look at (it is then reported as too large when read). Nothing of the file is
     * ever shown.
     */
    public static boolean looksLikeDeploymentTemplate(Path p) {
        try {
            if (Files.size(p) > Limits.MAX_FILE_BYTES) {
                return true;
            }
            byte[] bytes = Files.readAllBytes(p);
            // A UTF-16 file is looked at as such, so that it is read and reported as not UTF-8, never skipped.
            boolean utf16 = bytes.length >= 2 && ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE
                    || (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF);
            String head = new String(bytes, utf16 ? java.nio.charset.StandardCharsets.UTF_16
                    : java.nio.charset.StandardCharsets.UTF_8);
            int schema = head.indexOf("\"$schema\"");
            return schema >= 0 && head.substring(schema, Math.min(head.length(), schema + 300))
                    .toLowerCase(Locale.ROOT).contains("deploymenttemplate");
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads JSON text (for tests and for values embedded in other files). */
    public static ArmDocument read(String text, String displayName) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (body.length() > Limits.MAX_FILE_BYTES) {
            throw tooLarge(displayName, body.length());
        }
        JsonText.check(body, displayName);
        try (JsonParser parser = FACTORY.createParser(body)) {
            return build(parser, displayName);
        } catch (IOException e) {
            throw syntaxError(displayName, e);
        }
    }

    /** Parses JSON text that is a value inside an expression (the json() function); no positions are kept. */
    static JsonNode parseValue(String text) throws IOException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return build(parser, "json()").root();
        }
    }

    private static ArmDocument build(JsonParser parser, String file) throws IOException {
        Map<JsonNode, ArmDocument.Position> positions = new IdentityHashMap<>();
        Map<JsonNode, Map<String, ArmDocument.Position>> keyPositions = new IdentityHashMap<>();
        List<ArmInputException> problems = new ArrayList<>();
        Deque<JsonNode> open = new ArrayDeque<>();
        // Per open object: its keys in lower case (ARM reads property names case-insensitively) and where.
        Deque<Map<String, JsonLocation>> keys = new ArrayDeque<>();
        JsonNode root = null;
        String field = null;
        boolean skip = false;
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            JsonNode value;
            switch (token) {
                case FIELD_NAME -> {
                    field = parser.currentName();
                    JsonLocation at = parser.currentTokenLocation();
                    keyPositions.computeIfAbsent(open.peek(), k -> new HashMap<>())
                            .putIfAbsent(field, new ArmDocument.Position(at.getLineNr(), at.getColumnNr()));
                    JsonLocation first = keys.peek().putIfAbsent(field.toLowerCase(Locale.ROOT), at);
                    skip = first != null;
                    if (skip) {
                        problems.add(new ArmInputException(file, at.getLineNr(), at.getColumnNr(),
                                "duplicate key '" + field + "' in this object (first at line " + first.getLineNr()
                                        + ", column " + first.getColumnNr() + "; names are case-insensitive in ARM)",
                                "the first value is used: remove one of them"));
                    }
                    continue;
                }
                case END_OBJECT, END_ARRAY -> {
                    open.pop();
                    keys.pop();
                    if (open.isEmpty()) {
                        return finish(parser, file, root, positions, keyPositions, problems);
                    }
                    continue;
                }
                case START_OBJECT, START_ARRAY -> {
                    value = token == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
                    JsonLocation at = parser.currentTokenLocation();
                    if (open.size() >= Limits.MAX_JSON_DEPTH) {
                        throw new ArmInputException(file, at.getLineNr(), at.getColumnNr(),
                                "JSON nested deeper than " + Limits.MAX_JSON_DEPTH + " levels",
                                "ARM templates are never this deep; check that the file was generated correctly");
                    }
                    positions.put(value, new ArmDocument.Position(at.getLineNr(), at.getColumnNr()));
                }
                case VALUE_STRING -> value = NODES.textNode(parser.getText());
                case VALUE_NUMBER_INT -> value = switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> value = NODES.numberNode(parser.getDecimalValue());
                case VALUE_TRUE -> value = NODES.booleanNode(true);
                case VALUE_FALSE -> value = NODES.booleanNode(false);
                case VALUE_NULL -> value = NODES.nullNode();
                default -> {
                    JsonLocation at = parser.currentTokenLocation();
                    throw new ArmInputException(file, at.getLineNr(), at.getColumnNr(),
                            "unexpected JSON token " + token, SYNTAX_FIX);
                }
            }
            if (open.isEmpty()) {
                root = value;
            } else if (open.peek() instanceof ObjectNode object) {
                if (!skip) {
                    object.set(field, value);
                }
                skip = false;
            } else {
                ((ArrayNode) open.peek()).add(value);
            }
            if (value.isContainerNode()) {
                open.push(value);
                keys.push(new HashMap<>());
            } else if (open.isEmpty()) {
                return finish(parser, file, root, positions, keyPositions, problems);
            }
        }
        throw new ArmInputException(file, 0, 0, root == null ? "the file is empty" : "the JSON ends too early",
                "give a complete JSON document");
    }

    private static ArmDocument finish(JsonParser parser, String file, JsonNode root,
                                      Map<JsonNode, ArmDocument.Position> positions,
                                      Map<JsonNode, Map<String, ArmDocument.Position>> keyPositions,
                                      List<ArmInputException> problems) throws IOException {
        if (parser.nextToken() != null) {
            JsonLocation at = parser.currentTokenLocation();
            throw new ArmInputException(file, at.getLineNr(), at.getColumnNr(),
                    "unexpected content after the end of the JSON document", "remove it");
        }
        return new ArmDocument(file, root, positions, keyPositions, problems);
    }

    private static ArmInputException syntaxError(String file, IOException e) {
        if (e instanceof StreamConstraintsException c) {
            JsonLocation at = c.getLocation();
            return new ArmInputException(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    "the JSON exceeds a size limit (" + c.getOriginalMessage() + ")",
                    "ARM templates are never this large; check that the file was generated correctly");
        }
        if (e instanceof JsonProcessingException p) {
            JsonLocation at = p.getLocation();
            String what = p.getOriginalMessage();
            int cut = what.indexOf('\n');
            what = "invalid JSON: " + (cut > 0 ? what.substring(0, cut) : what);
            return new ArmInputException(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    what, SYNTAX_FIX);
        }
        return new ArmInputException(file, 0, 0, "cannot read the JSON (" + e.getMessage() + ")",
                "check that the file is UTF-8 JSON");
    }

    private static ArmInputException tooLarge(String file, long size) {
        return new ArmInputException(file, 0, 0,
                "file is " + size + " bytes, more than the limit of " + Limits.MAX_FILE_BYTES + " bytes",
                "ARM itself accepts at most 4 MB templates; check that this is the right file");
    }
}
