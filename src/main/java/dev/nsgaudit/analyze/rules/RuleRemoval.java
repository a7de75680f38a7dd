package dev.nsgaudit.analyze.rules;

import dev.nsgaudit.analyze.space.BoxBounds;
import dev.nsgaudit.analyze.space.BoxHosts;
import dev.nsgaudit.analyze.space.BoxSet;
import dev.nsgaudit.analyze.space.PacketBox;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.model.Access;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What removing one rule from a first-match list would change, decided exactly by a depth-first search through
 * the rule's own packets: a piece of them is cut by the earlier rules (blocked: the rule never sees it), then by
 * the later ones (decided: the rule's access or not). The search stops at the first piece that shows the rule
 * matters (it reaches the rule and would otherwise get another access), so a needed rule costs one path; only a
 * rule that is dead or redundant has all of its pieces followed. Nothing is ever unioned.
 *
 * <p>Only packets that {@code verify} can produce count ({@link BoxHosts}): a piece that reaches the rule but holds
 * none is dropped, and after the rule only the producible part of a piece is followed. The other rules are cut
 * with as they are: cutting by a superset of what they match among producible packets gives the same answer.
 */
final class RuleRemoval {

    enum Kind { DEAD, REDUNDANT, NEEDED }

    /** The verdict; for REDUNDANT, the later rules that decide what reaches the rule, in list order. */
    record Outcome(Kind kind, List<Integer> deciders) {
    }

    private final List<CompiledRule> rules;
    private final BoxSet[] match;
    private final Overlaps overlaps;

    private final int knownAsgs;
    private final BoxHosts hosts;
    private final double[][] volumes;
    private final int[][] ties;
    /** The blockers of each rule asked about by {@link #decidesSome}, sorted once (asked from several threads). */
    private final AtomicReferenceArray<int[]> blockerCache;

    RuleRemoval(List<CompiledRule> rules, BoxSet[] match, Overlaps overlaps, int knownAsgs, BoxHosts hosts) {
        this.rules = rules;
        this.match = match;
        this.overlaps = overlaps;
        this.knownAsgs = knownAsgs;
        this.hosts = hosts;
        // Computed up front: outcomes are asked from several threads.
        this.volumes = new double[match.length][];
        for (int j = 0; j < match.length; j++) {
            List<PacketBox> boxes = match[j].boxes();
            volumes[j] = new double[boxes.size()];
            for (int m = 0; m < boxes.size(); m++) {
                volumes[j][m] = boxes.get(m).volume(knownAsgs);
            }
        }
        this.ties = ties(rules);
        this.blockerCache = new AtomicReferenceArray<>(rules.size());
    }

    /** For each rule, the other rules of its priority with another (or unknown) access, ascending: usually none. */
    private static int[][] ties(List<CompiledRule> rules) {
        Map<Integer, List<Integer>> byPriority = new HashMap<>();
        for (int k = 0; k < rules.size(); k++) {
            byPriority.computeIfAbsent(rules.get(k).priority(), p -> new ArrayList<>()).add(k);
        }
        int[][] out = new int[rules.size()][];
        for (int j = 0; j < out.length; j++) {
            CompiledRule r = rules.get(j);
            out[j] = byPriority.get(r.priority()).stream()
                    .filter(k -> rules.get(k).access() != r.access()).mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /** The rules tied with rule j: its priority, another (or unknown) access. */
    int[] ties(int j) {
        return ties[j];
    }

    /**
     * A piece of the rule's packets and what may still cut it: before it reaches the rule, the blockers at
     * {@code candidates[from..]} (indexes into the earlier rules' boxes, ascending: those that met the piece this
     * one was cut from, and so the only ones that can meet it); after, the next later rule ({@code from}, an index
     * into the rules).
     */
    private record Piece(PacketBox box, int[] candidates, int from, boolean reached) {
    }

    Outcome of(int i) {
        CompiledRule rule = rules.get(i);
        int[] ids = blockers(i);
        List<PacketBox> blockers = Arrays.stream(ids).mapToObj(overlaps::box).toList();
        BoxBounds bounds = overlaps.bounds(ids);
        int[] all = new int[blockers.size()];
        for (int k = 0; k < all.length; k++) {
            all[k] = k;
        }
        Deque<Piece> stack = new ArrayDeque<>();
        List<PacketBox> own = new ArrayList<>();
        for (PacketBox b : match[i].boxes()) {
            own.addAll(hosts.narrowAsgSides(b));
        }
        for (int k = own.size() - 1; k >= 0; k--) {
            stack.push(new Piece(own.get(k), all, 0, false));
        }
        boolean reached = false;
        TreeSet<Integer> deciders = new TreeSet<>();
        while (!stack.isEmpty()) {
            Piece p = stack.pop();
            if (!p.reached) {
                int[] meeting = meeting(p, blockers, bounds);
                if (meeting == null) {
                    continue; // one blocker holds it all
                }
                if (meeting.length > 0) {
                    cutBy(p.box, blockers.get(meeting[0]), meeting, stack); // the rest goes on to the next blocker
                    continue;
                }
                if (!hosts.meets(p.box)) {
                    continue; // reaches the rule, but no modeled host sends or receives such a packet
                }
            }
            int j = nextCutting(p.box, p.reached ? p.from : i + 1, i);
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

    /**
     * Whether rule j is the first match of some producible packet of {@code within}: the same search before the rule,
     * on the part of {@code within} that rule j matches, stopping at the first piece that reaches it. An earlier rule
     * that decides none of a rule's packets does not explain why that rule is dead.
     */
    boolean decidesSome(int j, BoxSet within) {
        int[] ids = blockerCache.updateAndGet(j, b -> b != null ? b : blockers(j));
        List<PacketBox> blockers = Arrays.stream(ids).mapToObj(overlaps::box).toList();
        BoxBounds bounds = overlaps.bounds(ids);
        int[] all = new int[blockers.size()];
        for (int k = 0; k < all.length; k++) {
            all[k] = k;
        }
        Deque<Piece> stack = new ArrayDeque<>();
        for (PacketBox a : match[j].boxes()) {
            for (PacketBox b : within.boxes()) {
                if (a.intersects(b)) {
                    for (PacketBox piece : hosts.narrowAsgSides(a.intersect(b))) {
                        stack.push(new Piece(piece, all, 0, false));
                    }
                }
            }
        }
        while (!stack.isEmpty()) {
            Piece p = stack.pop();
            int[] meeting = meeting(p, blockers, bounds);
            if (meeting == null) {
                continue;
            }
            if (meeting.length > 0) {
                cutBy(p.box, blockers.get(meeting[0]), meeting, stack);
            } else if (hosts.meets(p.box)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The boxes of the earlier rules that can block any of rule i (as {@link Overlaps} numbers them). Which one blocks a packet does not matter, so a
     * piece that one of them holds entirely is dropped at once instead of being cut by every rule before that one.
     * The broadest first: cutting by them leaves few pieces for the narrow ones.
     */
    private int[] blockers(int i) {
        List<Integer> blockers = new ArrayList<>();
        List<Double> size = new ArrayList<>();
        for (int b : overlaps.earlierBoxes(i)) {
            int j = overlaps.ruleOf(b);
            if (rules.get(j).certain()) {
                blockers.add(b);
                size.add(volume(j, overlaps.indexInRule(b)));
            }
        }
        Integer[] order = new Integer[blockers.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer k) -> -size.get(k)));
        int[] sorted = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            sorted[k] = blockers.get(order[k]);
        }
        return sorted;
    }

    private double volume(int j, int k) {
        return volumes[j][k];
    }

    /**
     * The piece's candidate blockers that meet it, ascending (empty: the piece reaches the rule), or null when
     * one of them holds it whole. A blocker that is not a candidate cannot meet the piece: the piece lies outside
     * every blocker it was cut by, and inside the piece it was cut from, which the others did not meet.
     */
    private static int[] meeting(Piece p, List<PacketBox> blockers, BoxBounds bounds) {
        long[] q = BoxBounds.of(p.box);
        int[] out = new int[p.candidates.length - p.from];
        int n = 0;
        for (int c = p.from; c < p.candidates.length; c++) {
            int k = p.candidates[c];
            if (!bounds.mayMeet(k, q)) {
                continue;
            }
            PacketBox b = blockers.get(k);
            if (b.intersects(p.box)) {
                if (bounds.mayHold(k, q) && b.containsAll(p.box)) {
                    return null;
                }
                out[n++] = k;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Pushes the parts of {@code box} outside the first of the blockers that meet it; the others may cut them. */
    private static void cutBy(PacketBox box, PacketBox blocker, int[] meeting, Deque<Piece> stack) {
        List<PacketBox> parts = new ArrayList<>();
        box.minus(blocker, parts);
        for (int k = parts.size() - 1; k >= 0; k--) {
            stack.push(new Piece(parts.get(k), meeting, 1, false));
        }
    }

    /** Pushes the producible parts of {@code box} outside rule j, to be cut further from rule j + 1 on. */
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
            if (hosts.meets(parts.get(k))) {
                stack.push(new Piece(parts.get(k), null, j + 1, true));
            }
        }
    }

    /**
     * The first rule from {@code from} on (always after rule i) that matches a producible packet of the box, or -1.
     * The box is part of rule i, so only the later rules that share a packet with rule i can.
     */
    private int nextCutting(PacketBox box, int from, int i) {
        int[] later = overlaps.laterRules(i);
        int k = Arrays.binarySearch(later, from);
        for (k = k >= 0 ? k : -k - 1; k < later.length; k++) {
            for (PacketBox b : match[later[k]].boxes()) {
                if (box.intersects(b) && meetsWithin(box, b)) {
                    return later[k];
                }
            }
        }
        return -1;
    }

    /** Whether the two boxes, which meet, share a producible packet. */
    private boolean meetsWithin(PacketBox a, PacketBox b) {
        return hosts.unrestricted() || hosts.meets(a.intersect(b));
    }

    /**
     * Another rule of rule j's priority with another (or unknown) access matches a producible packet of the box
     * within rule j.
     */
    private boolean tiedWithOtherAccess(int j, PacketBox box) {
        for (int k : ties[j]) {
            for (PacketBox a : match[j].boxes()) {
                if (!a.intersects(box)) {
                    continue;
                }
                PacketBox inside = a.intersect(box);
                for (PacketBox b : match[k].boxes()) {
                    if (b.intersects(inside) && meetsWithin(inside, b)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
