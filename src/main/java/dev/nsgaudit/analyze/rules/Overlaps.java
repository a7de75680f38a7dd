package dev.nsgaudit.analyze.rules;

import dev.nsgaudit.analyze.space.BoxBounds;
import dev.nsgaudit.analyze.space.BoxSet;
import dev.nsgaudit.analyze.space.PacketBox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * For each rule, the boxes of the earlier rules that share a packet with it (and the later rules that do). The
 * blockers of the removal search, the candidates that explain a dead rule, the correlated pairs and the rules
 * that may match a rule's packets after it all start from this relation; found once (in parallel), by the boxes'
 * bounds and then exactly, instead of once per question over every other rule.
 */
final class Overlaps {

    private final List<PacketBox> boxes = new ArrayList<>();
    /** Rule j's boxes are boxes first[j] to first[j + 1] - 1; each box's rule. */
    private final int[] first;
    private final int[] ruleOf;
    private final int[][] earlier;
    private final int[][] later;
    private final BoxBounds bounds;

    Overlaps(BoxSet[] match) {
        first = new int[match.length + 1];
        for (int j = 0; j < match.length; j++) {
            first[j] = boxes.size();
            boxes.addAll(match[j].boxes());
        }
        first[match.length] = boxes.size();
        ruleOf = new int[boxes.size()];
        for (int j = 0; j < match.length; j++) {
            Arrays.fill(ruleOf, first[j], first[j + 1], j);
        }
        bounds = new BoxBounds(boxes);
        earlier = new int[match.length][];
        IntStream.range(0, match.length).parallel().forEach(i -> earlier[i] = meeting(i));
        later = inverse(match.length);
    }

    /** The same relation seen from the earlier rule: for each rule, the later rules that share a packet with it. */
    private int[][] inverse(int n) {
        int[] count = new int[n];
        int[][] rulesBefore = new int[n][];
        for (int j = 0; j < n; j++) {
            rulesBefore[j] = earlierRules(j);
            for (int i : rulesBefore[j]) {
                count[i]++;
            }
        }
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = new int[count[i]];
            count[i] = 0;
        }
        for (int j = 0; j < n; j++) {
            for (int i : rulesBefore[j]) {
                out[i][count[i]++] = j;
            }
        }
        return out;
    }

    private int[] meeting(int i) {
        int[] out = new int[first[i]];
        int n = 0;
        for (int b = 0; b < first[i]; b++) {
            for (int m = first[i]; m < first[i + 1]; m++) {
                if (bounds.mayMeet(b, m) && boxes.get(b).intersects(boxes.get(m))) {
                    out[n++] = b;
                    break;
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The boxes of rules before rule i that share a packet with one of its boxes, in rule order; read only. */
    int[] earlierBoxes(int i) {
        return earlier[i];
    }

    /** The rules before rule i that share a packet with it, ascending. */
    int[] earlierRules(int i) {
        return Arrays.stream(earlier[i]).map(b -> ruleOf[b]).distinct().toArray();
    }

    /** The bounds of these boxes, in this order. */
    BoxBounds bounds(int[] boxes) {
        return bounds.select(boxes);
    }

    /** The rules after rule i that share a packet with it, ascending. */
    int[] laterRules(int i) {
        return later[i];
    }

    PacketBox box(int b) {
        return boxes.get(b);
    }

    /** The rule box b belongs to, and its position among that rule's boxes. */
    int ruleOf(int b) {
        return ruleOf[b];
    }

    int indexInRule(int b) {
        return b - first[ruleOf[b]];
    }
}
