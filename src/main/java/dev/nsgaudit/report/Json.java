package dev.nsgaudit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;

/** One shared Jackson mapper; objects are built as trees so that key order is fixed by the code. */
public final class Json {

    public static final ObjectMapper MAPPER = escaping(new ObjectMapper());
    private static final ObjectMapper PRETTY = escaping(new ObjectMapper()).enable(SerializationFeature.INDENT_OUTPUT);

    private static ObjectMapper escaping(ObjectMapper m) {
        m.getFactory().setCharacterEscapes(new JsonEscapes());
        return m;
    }

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array(Collection<String> values) {
        ArrayNode a = MAPPER.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    public static String compact(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pretty(Object node) {
        try {
            return PRETTY.writeValueAsString(node).replace("\r\n", "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
