package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** Evaluates one expression tree in a frame: literals, function calls, property and index access. */
final class Evaluator {

    private Evaluator() {
    }

    static JsonNode eval(Expr e, Frame frame) {
        Frame f = frame.deeper();
        if (e instanceof Expr.Str s) {
            return ArmValues.text(s.value());
        }
        if (e instanceof Expr.Int i) {
            return ArmValues.number(i.value());
        }
        if (e instanceof Expr.Bool b) {
            return ArmValues.bool(b.value());
        }
        if (e instanceof Expr.Null) {
            return ArmValues.NODES.nullNode();
        }
        if (e instanceof Expr.Call c) {
            return call(c, f);
        }
        if (e instanceof Expr.Member m) {
            if (m.target() instanceof Expr.Call c) {
                StandInUse.member(c, m.name(), f.template().context());
            }
            return member(known(eval(m.target(), f)), m.name(), m);
        }
        Expr.Index ix = (Expr.Index) e;
        JsonNode target = known(eval(ix.target(), f));
        JsonNode index = eval(ix.index(), f);
        Optional<Unresolved> u = Unresolved.firstIn(index);
        if (u.isPresent()) {
            throw u.get().toException();
        }
        return index(target, index, ix);
    }

    private static JsonNode call(Expr.Call c, Frame f) {
        if (c.name().indexOf('.') >= 0) {
            UserFunction uf = f.template().function(c.key());
            if (uf == null) {
                throw new ArmExpressionException("unknown user-defined function '" + c.name() + "' at position "
                        + (c.position() + 1) + " (not declared in the template's functions section)");
            }
            return uf.invoke(new Args(c, f));
        }
        ArmFunction fn = FunctionRegistry.lookup(c.key());
        if (fn == null) {
            throw new ArmExpressionException("unknown function '" + c.name() + "' at position "
                    + (c.position() + 1));
        }
        return fn.call(new Args(c, f));
    }

    private static JsonNode known(JsonNode v) {
        Optional<Unresolved> u = Unresolved.of(v);
        if (u.isPresent()) {
            throw u.get().toException();
        }
        return v;
    }

    static JsonNode member(JsonNode target, String name, Expr at) {
        if (target.isObject()) {
            JsonNode v = ArmValues.get(target, name);
            if (v == null && target instanceof ReferencedObject declared) {
                return declared.missing(name);
            }
            if (v == null) {
                throw new ArmExpressionException("at position " + (at.position() + 1) + ": property '" + name
                        + "' does not exist" + available(target));
            }
            return v;
        }
        throw new ArmExpressionException("at position " + (at.position() + 1) + ": cannot read property '" + name
                + "' of " + ArmValues.typeName(target) + " value");
    }

    private static JsonNode index(JsonNode target, JsonNode index, Expr.Index at) {
        if (target.isArray() && ArmValues.isInteger(index)) {
            long i = index.longValue();
            if (i < 0 || i >= target.size()) {
                throw new ArmExpressionException("at position " + (at.position() + 1) + ": index " + i
                        + " is out of range for an array of length " + target.size());
            }
            return target.get((int) i);
        }
        if (target.isObject() && index.isTextual()) {
            return member(target, index.textValue(), at);
        }
        throw new ArmExpressionException("at position " + (at.position() + 1) + ": cannot index "
                + ArmValues.typeName(target) + " value with " + ArmValues.typeName(index) + " value");
    }

    private static String available(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext() && names.size() < 10; ) {
            names.add(it.next());
        }
        return names.isEmpty() ? " (the object is empty)" : " (it has: " + String.join(", ", names)
                + (object.size() > names.size() ? ", ..." : "") + ")";
    }
}
