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

    /** What a report writes to a generator, part by part (a large report is never whole in memory). */
    public interface Streamed {
        void writeTo(com.fasterxml.jackson.core.JsonGenerator g) throws java.io.IOException;
    }

    /**
     * {@link #pretty} and a line feed, written to {@code out} as it is made: a large estate's report is several hundred
     * megabytes, which as one string (and its copies) would not fit in the heap beside the analysis.
     */
    public static void writePretty(Object node, java.io.Writer out) throws java.io.IOException {
        writePretty(g -> PRETTY.writeValue(g, node), out);
    }

    /** The same for a report written part by part: the bytes {@link #pretty} gives for the whole tree. */
    public static void writePretty(Streamed body, java.io.Writer out) throws java.io.IOException {
        com.fasterxml.jackson.core.util.DefaultPrettyPrinter lines = new com.fasterxml.jackson.core.util.DefaultPrettyPrinter()
                .withObjectIndenter(new com.fasterxml.jackson.core.util.DefaultIndenter("  ", "\n"));
        try (com.fasterxml.jackson.core.JsonGenerator g = PRETTY.getFactory().createGenerator(new NotClosing(out))) {
            g.setPrettyPrinter(lines);
            body.writeTo(g);
        }
        out.write('\n');
    }

    /** Lets the generator close without closing the caller's writer (standard output stays open). */
    private static final class NotClosing extends java.io.FilterWriter {
        NotClosing(java.io.Writer out) {
            super(out);
        }

        @Override
        public void close() throws java.io.IOException {
            flush();
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
