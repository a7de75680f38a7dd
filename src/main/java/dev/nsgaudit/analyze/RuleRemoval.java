package dev.nsgaudit.analyze;

import dev.nsgaudit.analyze.space.BoxSet;
import dev.nsgaudit.analyze.space.PacketBox;
import dev.nsgaudit.eval.CompiledRule;
import dev.nsgaudit.model.Access;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.TreeSet;

/**
 * What removing one rule from a first-match list would change, decided exactly by a depth-first search through
 * the rule's own packets: a piece of them is cut by the earlier rules (blocked: the rule never sees it), then by
 * the later ones (decided: the rule's access or not). The search stops at the first piece that shows the rule
 * matters (it reaches the rule and would otherwise get another access), so a needed rule costs one path; only a
 * rule that is dead or redundant has all of its pieces followed. Nothing is ever unioned.
 */
final class RuleRemoval {

    enum Kind { DEAD, REDUNDANT, NEEDED }

    /** The verdict; for REDUNDANT, the later rules that decide what reaches the rule, in list order. */
    record Outcome(Kind kind, List<Integer> deciders) {
    }

    private final List<CompiledRule> rules;
    private final BoxSet[] match;

    private final int knownAsgs;
    private final double[][] volumes;

    RuleRemoval(List<CompiledRule> rules, BoxSet[] match, int knownAsgs) {
        this.rules = rules;
        this.match = match;
        this.knownAsgs = knownAsgs;
        // Computed up front: outcomes are asked from several threads.
        this.volumes = new double[match.length][];
        for (int j = 0; j < match.length; j++) {
            List<PacketBox> boxes = match[j].boxes();
            volumes[j] = new double[boxes.size()];
            for (int m = 0; m < boxes.size(); m++) {
                volumes[j][m] = boxes.get(m).volume(knownAsgs);
            }
        }
    }

    /**
     * A piece of the rule's packets and what may still cut it: before it reaches the rule, the next blocker (an
     * index into the earlier rules' boxes); after, the next later rule (an index into the rules).
     */
    private record Piece(PacketBox box, int next, boolean reached) {
    }

    Outcome of(int i) {
        CompiledRule rule = rules.get(i);
        // The earlier rules that can block any of it. Which one blocks a packet does not matter, so a piece that
        // one of them holds entirely is dropped at once instead of being cut by every rule before that one.
        // The broadest first: cutting by them leaves few pieces for the narrow ones.
        List<PacketBox> blockers = new ArrayList<>();
        List<Double> size = new ArrayList<>();
        for (int j = 0; j < i; j++) {
            if (!rules.get(j).certain() || !RuleOverlap.mayOverlap(rules.get(j), rule)) {
                continue;
            }
            List<PacketBox> boxes = match[j].boxes();
            for (int k = 0; k < boxes.size(); k++) {
                PacketBox b = boxes.get(k);
                if (match[i].boxes().stream().anyMatch(b::intersects)) {
                    blockers.add(b);
                    size.add(volume(j, k));
                }
            }
        }
        Integer[] order = new Integer[blockers.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer k) -> -size.get(k)));
        List<PacketBox> sorted = new ArrayList<>(order.length);
        for (Integer k : order) {
            sorted.add(blockers.get(k));
        }
        blockers = sorted;
        Deque<Piece> stack = new ArrayDeque<>();
        List<PacketBox> own = match[i].boxes();
        for (int k = own.size() - 1; k >= 0; k--) {
            stack.push(new Piece(own.get(k), 0, false));
        }
        boolean reached = false;
        TreeSet<Integer> deciders = new TreeSet<>();
        while (!stack.isEmpty()) {
            Piece p = stack.pop();
            if (!p.reached) {
                int b = blocking(p.box, blockers, p.next);
                if (b == BLOCKED) {
                    continue;
                }
                if (b >= 0) {
                    cutBy(p.box, blockers.get(b), b + 1, stack); // the rest goes on to the next blocker
                    continue;
                }
            }
            int j = nextCutting(p.box, p.reached ? p.next : i + 1, i);
            reached = true;
            if (j < 0) {
                if (rule.access() == Access.ALLOW) {
                    return new Outcome(Kind.NEEDED, List.of()); // nothing after it: such packets would be denied
                }
                continue;
            }
            CompiledRule later = rules.get(j);
            if (!later.certain() || later.access() != rule.access() || tiedWithOtherAccess(j, p.box)) {
                return new Outcome(Kind.NEEDED, List.of());
            }
            deciders.add(j);
            cut(p.box, j, stack);
        }
        return reached ? new Outcome(Kind.REDUNDANT, List.copyOf(deciders)) : new Outcome(Kind.DEAD, List.of());
    }

    private static final int BLOCKED = -2;

    private double volume(int j, int k) {
        return volumes[j][k];
    }

    /**
     * BLOCKED when one blocker holds the whole box; else the first blocker from {@code from} on that meets it, or
     * -1 when none does (the box reaches the rule).
     */
    private static int blocking(PacketBox box, List<PacketBox> blockers, int from) {
        for (PacketBox b : blockers) {
            if (b.containsAll(box)) {
                return BLOCKED;
            }
        }
        for (int k = from; k < blockers.size(); k++) {
            if (blockers.get(k).intersects(box)) {
                return k;
            }
        }
        return -1;
    }

    private static void cutBy(PacketBox box, PacketBox blocker, int next, Deque<Piece> stack) {
        List<PacketBox> parts = new ArrayList<>();
        box.minus(blocker, parts);
        for (int k = parts.size() - 1; k >= 0; k--) {
            stack.push(new Piece(parts.get(k), next, false));
        }
    }

    /** Pushes the parts of {@code box} outside rule j, to be cut further from rule j + 1 on. */
    private void cut(PacketBox box, int j, Deque<Piece> stack) {
        PacketBox current = box;
        List<PacketBox> parts = List.of(current);
        for (PacketBox b : match[j].boxes()) {
            List<PacketBox> next = new ArrayList<>();
            for (PacketBox part : parts) {
                part.minus(b, next);
            }
            parts = next;
        }
        for (int k = parts.size() - 1; k >= 0; k--) {
            stack.push(new Piece(parts.get(k), j + 1, true));
        }
    }

    /**
     * The first rule from {@code from} on that matches part of the box: before rule i only certain rules count
     * (an uncertain earlier rule blocks nothing for sure); after it every rule. Rule i itself is skipped; -1 when
     * no rule is left.
     */
    private int nextCutting(PacketBox box, int from, int i) {
        for (int j = from; j < rules.size(); j++) {
            if (j == i || (j < i && !rules.get(j).certain())) {
                continue;
            }
            for (PacketBox b : match[j].boxes()) {
                if (box.intersects(b)) {
                    return j;
                }
            }
        }
        return -1;
    }

    /** Another rule of rule j's priority with another (or unknown) access matches part of the box within rule j. */
    private boolean tiedWithOtherAccess(int j, PacketBox box) {
        CompiledRule r = rules.get(j);
        for (int k = 0; k < rules.size(); k++) {
            CompiledRule other = rules.get(k);
            if (k == j || other.priority() != r.priority() || other.access() == r.access()) {
                continue;
            }
            for (PacketBox a : match[j].boxes()) {
                if (!a.intersects(box)) {
                    continue;
                }
                PacketBox inside = a.intersect(box);
                for (PacketBox b : match[k].boxes()) {
                    if (b.intersects(inside)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
