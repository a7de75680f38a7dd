package dev.nsgaudit.cli;

import dev.nsgaudit.eval.Verifier;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The JSON of each distinct plain verdict of a {@code verify --flows} run, written once and then copied: within a
 * route the answer is given by the deciding rule of each layer ({@link Verifier.PlainVerdict}), so the bytes are
 * kept in a tree of arrays per route, indexed by those rules' positions, and found without hashing.
 */
final class VerdictLines {

    private final Map<Object, Object[]> byRoute = new IdentityHashMap<>();
    private Object lastRoute;
    private Object[] lastTable;

    /** The bytes kept for this verdict, or null. */
    byte[] get(Verifier.PlainVerdict verdict) {
        Object[] table = table(verdict);
        int layer = 0;
        int slot = slot(verdict, 0);
        while (reachesNext(verdict, layer)) {
            Object next = table[slot];
            if (next == null) {
                return null;
            }
            table = (Object[]) next;
            layer++;
            slot = slot(verdict, layer);
        }
        return (byte[]) table[slot];
    }

    void put(Verifier.PlainVerdict verdict, byte[] line) {
        Object[] table = table(verdict);
        int layer = 0;
        int slot = slot(verdict, 0);
        while (reachesNext(verdict, layer)) {
            if (table[slot] == null) {
                table[slot] = new Object[verdict.ruleCount(layer + 1)];
            }
            table = (Object[]) table[slot];
            layer++;
            slot = slot(verdict, layer);
        }
        table[slot] = line;
    }

    /** Whether the packet went on to layer {@code layer + 1} (it stops after a Deny). */
    private static boolean reachesNext(Verifier.PlainVerdict verdict, int layer) {
        return layer + 1 < verdict.layers() && verdict.rule(layer + 1) >= 0;
    }

    private static int slot(Verifier.PlainVerdict verdict, int layer) {
        return verdict.layers() == 0 ? 0 : verdict.rule(layer);
    }

    private Object[] table(Verifier.PlainVerdict verdict) {
        Object route = verdict.route();
        if (route != lastRoute) {
            // Inbound and outbound queries alternate: a plain lookup, no capturing lambda per switch.
            Object[] table = byRoute.get(route);
            if (table == null) {
                table = new Object[verdict.layers() == 0 ? 1 : verdict.ruleCount(0)];
                byRoute.put(route, table);
            }
            lastTable = table;
            lastRoute = route;
        }
        return lastTable;
    }
}
