package dev.nsgaudit.eval;

import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.DefaultRules;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.semantics.RuleCompiler;

import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An NSG compiled for one network view: per direction, its user rules and the default rules in evaluation
 * order, with a classifier built on first use.
 */
public final class CompiledNsg {

    /** Ascending priority; at equal priority (which Azure rejects) user rules keep declaration order. */
    private static final Comparator<CompiledRule> ORDER = Comparator.comparingInt(CompiledRule::priority)
            .thenComparing(CompiledRule::isDefault);

    private final String name;
    private final NetworkView view;
    /** Per direction (by ordinal), the rules in evaluation order. */
    @SuppressWarnings("unchecked")
    private final List<CompiledRule>[] rules = new List[Direction.values().length];
    /**
     * Per direction (by ordinal), copies of each rule's {@code certain()} and {@code priority()} in list order,
     * so that {@link #decide} does not load rule objects it does not return.
     */
    private final boolean[][] certainAt = new boolean[Direction.values().length][];
    private final int[][] priorityAt = new int[Direction.values().length][];
    /** Per direction, whether each rule's access is Deny (for {@link #denies}). */
    private final boolean[][] denyAt = new boolean[Direction.values().length][];
    /** Built on first use; volatile so that the hot path reads them without taking the lock. */
    private volatile RuleMatcher inboundMatcher;
    private volatile RuleMatcher outboundMatcher;

    public CompiledNsg(NetworkSecurityGroup nsg, RuleCompiler compiler) {
        this.name = nsg.name();
        this.view = compilerView(compiler);
        for (Direction d : Direction.values()) {
            rules[d.ordinal()] = new ArrayList<>();
        }
        for (SecurityRule rule : nsg.securityRules()) {
            for (CompiledRule c : compiler.compile(rule, false)) {
                rules[c.direction().ordinal()].add(c);
            }
        }
        if (!nsg.unresolved().isEmpty()) {
            // Rules the loader could not read may be anywhere: a rule of unknown priority that may match
            // anything, in both directions, makes every flow it could decide inconclusive.
            for (Direction d : Direction.values()) {
                SecurityRule unknown = SecurityRule.builder("(not fully known)").direction(d.label()).access("Deny")
                        .protocol("*").sourceAddressPrefix("*").sourcePortRange("*").destinationAddressPrefix("*")
                        .destinationPortRange("*").unresolved(nsg.unresolved()).build();
                rules[d.ordinal()].addAll(compiler.compile(unknown, false));
            }
        }
        for (SecurityRule rule : DefaultRules.ALL) {
            for (CompiledRule c : compiler.compile(rule, true)) {
                rules[c.direction().ordinal()].add(c);
            }
        }
        for (Direction d : Direction.values()) {
            List<CompiledRule> list = rules[d.ordinal()];
            list.sort(ORDER);
            rules[d.ordinal()] = List.copyOf(list);
            certainAt[d.ordinal()] = new boolean[list.size()];
            priorityAt[d.ordinal()] = new int[list.size()];
            denyAt[d.ordinal()] = new boolean[list.size()];
            for (int i = 0; i < list.size(); i++) {
                certainAt[d.ordinal()][i] = list.get(i).certain();
                priorityAt[d.ordinal()][i] = list.get(i).priority();
                denyAt[d.ordinal()][i] = list.get(i).access() == Access.DENY;
            }
        }
    }

    private static NetworkView compilerView(RuleCompiler compiler) {
        return compiler.view();
    }

    public String name() {
        return name;
    }

    public NetworkView view() {
        return view;
    }

    /** The rules of one direction in evaluation order, default rules last. */
    public List<CompiledRule> rules(Direction direction) {
        return rules[direction.ordinal()];
    }

    /** The classifier of a direction, built on first use. */
    public RuleMatcher matcher(Direction direction) {
        RuleMatcher m = direction == Direction.INBOUND ? inboundMatcher : outboundMatcher;
        return m != null ? m : buildMatcher(direction);
    }

    /**
     * What {@link #decide(Direction, Packet)} matches with: a linear scan for the first {@link #SCANNED_FIRST}
     * packets of a direction, then the classifier. Building the classifier costs about as much as scanning a few
     * hundred packets, and most NSGs of an analysis (witnesses traced through their rules) are asked far fewer.
     * Threads asking for a direction's classifier while one builds it wait for it (a linear scan of a large NSG
     * costs far more than a lookup, so scanning meanwhile would spend CPU the other thread needs); the two
     * directions of an NSG are built under locks of their own, so two threads build them at once.
     */
    private RuleMatcher deciding(Direction direction) {
        RuleMatcher m = direction == Direction.INBOUND ? inboundMatcher : outboundMatcher;
        if (m != null) {
            return m;
        }
        if (scanned[direction.ordinal()].incrementAndGet() <= SCANNED_FIRST) {
            return new LinearScan(rules[direction.ordinal()]);
        }
        return buildMatcher(direction);
    }

    static final int SCANNED_FIRST = 256;
    private final java.util.concurrent.atomic.AtomicInteger[] scanned = {
            new java.util.concurrent.atomic.AtomicInteger(), new java.util.concurrent.atomic.AtomicInteger()};
    /** Per direction, the lock of its build: the two directions of one NSG build at the same time. */
    private final Object[] buildLocks = {new Object(), new Object()};

    private RuleMatcher buildMatcher(Direction direction) {
        synchronized (buildLocks[direction.ordinal()]) {
            if (direction == Direction.INBOUND) {
                if (inboundMatcher == null) {
                    inboundMatcher = new BitsetClassifier(rules[direction.ordinal()]);
                }
                return inboundMatcher;
            }
            if (outboundMatcher == null) {
                outboundMatcher = new BitsetClassifier(rules[direction.ordinal()]);
            }
            return outboundMatcher;
        }
    }

    /**
     * The decision of this NSG alone.
     *
     * @param rule the first rule that certainly matches (a default rule at worst)
     * @param mayDecideInstead uncertain rules before it that may match, and rules of the same priority that
     *     match with the other access (Azure rejects duplicate priorities, so their order is undefined)
     */
    public record Decision(CompiledRule rule, List<CompiledRule> mayDecideInstead) {
        public boolean certain() {
            return mayDecideInstead.isEmpty();
        }
    }

    public Decision decide(Direction direction, Packet packet) {
        return decide(direction, packet, deciding(direction));
    }

    public Decision decide(Direction direction, Packet packet, RuleMatcher matcher) {
        List<CompiledRule> list = rules[direction.ordinal()];
        boolean[] certain = certainAt[direction.ordinal()];
        int[] priority = priorityAt[direction.ordinal()];
        List<CompiledRule> maybe = List.of();
        int i = matcher.firstMatch(packet, 0);
        while (i >= 0 && !certain[i]) {
            if (maybe.isEmpty()) {
                maybe = new ArrayList<>();
            }
            maybe.add(list.get(i));
            i = matcher.firstMatch(packet, i + 1);
        }
        if (i < 0) {
            // Only reachable when even the default deny is uncertain, which cannot happen; keep it explicit.
            throw new IllegalStateException("no rule matched in " + name);
        }
        CompiledRule chosen = list.get(i);
        for (int k = i + 1; k < priority.length && priority[k] == priority[i]; k++) {
            CompiledRule tie = list.get(k);
            if (tie.access() != chosen.access() && tie.matches(packet)) {
                if (maybe.isEmpty()) {
                    maybe = new ArrayList<>();
                }
                maybe.add(tie);
            }
        }
        return new Decision(chosen, maybe);
    }

    /**
     * The position in {@link #rules(Direction)} of the rule that decides when {@link #decide(Direction, Packet)}
     * would return a certain decision, else -1 (it would name rules that may decide instead). Allocates nothing
     * once the classifier is built: the lookup of {@code verify --flows}.
     */
    public int certainDecision(Direction direction, Packet packet) {
        boolean[] certain = certainAt[direction.ordinal()];
        int[] priority = priorityAt[direction.ordinal()];
        int i = deciding(direction).firstMatch(packet, 0);
        if (i < 0 || !certain[i]) {
            return -1;
        }
        List<CompiledRule> list = rules[direction.ordinal()];
        for (int k = i + 1; k < priority.length && priority[k] == priority[i]; k++) {
            CompiledRule tie = list.get(k);
            if (tie.access() != list.get(i).access() && tie.matches(packet)) {
                return -1;
            }
        }
        return i;
    }

    /**
     * {@link #certainDecision(Direction, Packet)} of a flow given as primitives: the classifier reads its fields
     * directly; the packet record is made only for the linear scan before the classifier exists and for a rule of
     * the deciding rule's priority with the other access (which Azure rejects).
     */
    int certainDecision(Direction direction, Ipv4Flow flow) {
        RuleMatcher matcher = deciding(direction);
        int i = matcher instanceof BitsetClassifier classifier
                ? classifier.firstMatch(flow, 0) : matcher.firstMatch(flow.packet(), 0);
        boolean[] certain = certainAt[direction.ordinal()];
        if (i < 0 || !certain[i]) {
            return -1;
        }
        int[] priority = priorityAt[direction.ordinal()];
        List<CompiledRule> list = rules[direction.ordinal()];
        for (int k = i + 1; k < priority.length && priority[k] == priority[i]; k++) {
            CompiledRule tie = list.get(k);
            if (tie.access() != list.get(i).access() && tie.matches(flow.packet())) {
                return -1;
            }
        }
        return i;
    }

    /** Whether rule {@code i} of {@link #rules(Direction)} denies: no list or rule object read. */
    boolean denies(Direction direction, int i) {
        return denyAt[direction.ordinal()][i];
    }
}
