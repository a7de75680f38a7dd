package dev.nsgaudit.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.nsgaudit.eval.Evaluation;
import dev.nsgaudit.eval.FlowResult;
import dev.nsgaudit.semantics.CompiledAdminRule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON of a verify answer, in IP flow verify's shape ({@code access}, {@code ruleName}) plus the NSG of the
 * deciding rule and every layer evaluated. An inconclusive answer has {@code "access": "Inconclusive"}, the
 * reasons, and the possible answers.
 *
 * <p>The shape is defined once, as generator calls ({@link #writeFields}), so that {@code verify --flows} can
 * stream its lines without building trees; the tree methods replay the same calls into a tree.
 */
public final class VerifyJson {

    /** Field names, quoted once. */
    private static final SerializedString ACCESS = new SerializedString("access");
    private static final SerializedString RULE_NAME = new SerializedString("ruleName");
    private static final SerializedString NSG = new SerializedString("networkSecurityGroup");
    private static final SerializedString REASONS = new SerializedString("reasons");
    private static final SerializedString POSSIBLE_ANSWERS = new SerializedString("possibleAnswers");
    private static final SerializedString EVALUATIONS = new SerializedString("evaluations");
    private static final SerializedString APPLIED_TO = new SerializedString("appliedTo");
    private static final SerializedString MATCHED_RULE = new SerializedString("matchedRule");
    private static final SerializedString ASSUMPTIONS = new SerializedString("assumptions");

    private VerifyJson() {
    }

    public static ObjectNode of(FlowResult result, List<String> notes) {
        return tree(g -> writeFields(g, result, notes));
    }

    public static void write(ObjectNode out, FlowResult result) {
        out.setAll(tree(g -> writeResult(g, result)));
    }

    /** The fields of an answer, inside an object the caller has started: the result, then the assumptions. */
    public static void writeFields(JsonGenerator g, FlowResult result, List<String> notes) throws IOException {
        writeResult(g, result);
        if (!notes.isEmpty()) {
            g.writeFieldName(ASSUMPTIONS);
            writeStrings(g, notes);
        }
    }

    private static void writeResult(JsonGenerator g, FlowResult result) throws IOException {
        string(g, ACCESS, result.conclusive() ? result.access().label() : "Inconclusive");
        if (result.ruleName() != null) {
            string(g, RULE_NAME, result.ruleName());
        }
        if (result.networkSecurityGroup() != null) {
            string(g, NSG, result.networkSecurityGroup());
        } else if (networkManager(result.ruleName()) != null) {
            string(g, NETWORK_MANAGER, networkManager(result.ruleName()));
        }
        if (!result.reasons().isEmpty()) {
            g.writeFieldName(REASONS);
            writeStrings(g, result.reasons());
        }
        if (!result.alternatives().isEmpty()) {
            g.writeFieldName(POSSIBLE_ANSWERS);
            g.writeStartArray();
            for (FlowResult alternative : result.alternatives()) {
                g.writeStartObject();
                writeResult(g, alternative);
                g.writeEndObject();
            }
            g.writeEndArray();
            return;
        }
        g.writeFieldName(EVALUATIONS);
        g.writeStartArray();
        for (Evaluation e : result.evaluations()) {
            g.writeStartObject();
            if (e.networkSecurityGroup() == null && networkManager(e.matchedRule()) != null) {
                string(g, NETWORK_MANAGER, networkManager(e.matchedRule()));
            } else {
                string(g, NSG, e.networkSecurityGroup());
            }
            string(g, APPLIED_TO, e.appliedTo());
            string(g, MATCHED_RULE, e.matchedRule());
            string(g, ACCESS, e.access().label());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static final SerializedString NETWORK_MANAGER = new SerializedString("networkManager");

    /** The network manager of a security admin rule's name ({@code securityAdminRules/<manager>/...}), or null. */
    private static String networkManager(String ruleName) {
        if (ruleName == null || !ruleName.startsWith(CompiledAdminRule.PREFIX)) {
            return null;
        }
        String rest = ruleName.substring(CompiledAdminRule.PREFIX.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static void string(JsonGenerator g, SerializedString name, String value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value);
    }

    private static void writeStrings(JsonGenerator g, List<String> values) throws IOException {
        g.writeStartArray();
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /** An object node with the fields {@code fields} writes. */
    private static ObjectNode tree(Fields fields) {
        try (TokenBuffer buffer = new TokenBuffer(Json.MAPPER, false)) {
            buffer.writeStartObject();
            fields.write(buffer);
            buffer.writeEndObject();
            return (ObjectNode) Json.MAPPER.readTree(buffer.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
