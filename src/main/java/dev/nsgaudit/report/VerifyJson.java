package dev.nsgaudit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsgaudit.eval.Evaluation;
import dev.nsgaudit.eval.FlowResult;

import java.util.List;

/**
 * The JSON of a verify answer, in IP flow verify's shape ({@code access}, {@code ruleName}) plus the NSG of the
 * deciding rule and every layer evaluated. An inconclusive answer has {@code "access": "Inconclusive"}, the
 * reasons, and the possible answers.
 */
public final class VerifyJson {

    private VerifyJson() {
    }

    public static ObjectNode of(FlowResult result, List<String> notes) {
        ObjectNode out = Json.object();
        write(out, result);
        if (!notes.isEmpty()) {
            out.set("assumptions", Json.array(notes));
        }
        return out;
    }

    public static void write(ObjectNode out, FlowResult result) {
        out.put("access", result.conclusive() ? result.access().label() : "Inconclusive");
        if (result.ruleName() != null) {
            out.put("ruleName", result.ruleName());
        }
        if (result.networkSecurityGroup() != null) {
            out.put("networkSecurityGroup", result.networkSecurityGroup());
        }
        if (!result.reasons().isEmpty()) {
            out.set("reasons", Json.array(result.reasons()));
        }
        if (!result.alternatives().isEmpty()) {
            ArrayNode alternatives = out.putArray("possibleAnswers");
            for (FlowResult alternative : result.alternatives()) {
                ObjectNode a = alternatives.addObject();
                write(a, alternative);
            }
            return;
        }
        ArrayNode evaluations = out.putArray("evaluations");
        for (Evaluation e : result.evaluations()) {
            ObjectNode o = evaluations.addObject();
            o.put("networkSecurityGroup", e.networkSecurityGroup());
            o.put("appliedTo", e.appliedTo());
            o.put("matchedRule", e.matchedRule());
            o.put("access", e.access().label());
        }
    }
}
