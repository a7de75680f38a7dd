package dev.nsgaudit.analyze.space;

import com.github.javabdd.BDD;
import com.github.javabdd.BDDFactory;
import com.github.javabdd.BDDVarSet;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.PortSet;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.net.IpPrefix;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sets of packets as binary decision diagrams over the packet header: protocol, address family, source and
 * destination ASG membership (one variable per ASG and side), destination address and port, source address and
 * port. An address takes 128 variables; an IPv4 address uses the first 32 (family variable 0), so every set built
 * from prefixes leaves the rest free and all operations stay exact. ICMP, ESP and AH packets leave the port
 * variables free: a rule with restricted ports matches none of them (D6).
 *
 * <p>Not thread-safe: one space per analysis run. Set operations return new BDDs; callers free what they drop.
 */
public final class HeaderSpace implements AutoCloseable {

    private static final int PROTOCOL_BITS = 3;
    private static final int ADDRESS_BITS = 128;
    private static final int PORT_BITS = 16;

    private final BDDFactory factory;
    private final Map<String, Integer> asgIndex = new LinkedHashMap<>();
    /** The ASG of each index of {@link #asgIndex}. */
    private final List<String> asgNames;
    private final Map<String, AddressSet> where;
    private final int protocolBase;
    private final int familyVar;
    private final int dstAsgBase;
    private final int srcAsgBase;
    private final int dstAddressBase;
    private final int dstPortBase;
    private final int srcAddressBase;
    private final int srcPortBase;
    private final BDD valid;
    /** Every variable, in the order a witness fixes them. */
    private final int[] witnessVars;
    private final boolean fieldsInVariableOrder;
    private final Map<AddressSet, BDD> srcAddressCache = new HashMap<>();
    private final Map<AddressSet, BDD> dstAddressCache = new HashMap<>();

    /** The fields of the header, each a block of consecutive variables. */
    public enum Field { PROTOCOL, FAMILY, DST_ASGS, SRC_ASGS, DST_ADDRESS, DST_PORT, SRC_ADDRESS, SRC_PORT }

    /**
     * The order of the fields' variable blocks in the BDDs (the first is the top). Only the size of the sets depends
     * on it; every answer, witnesses included, is the same whatever the order. Each end's ASGs and address are
     * adjacent, the destination port follows the destination: on the policy matrix of bench/README.md this took
     * 36 s of CPU where the witness order (protocol, family, destination ASGs, source ASGs, destination address and
     * port, source address and port) took 47 s; orders with both addresses above the ports ran out of a 1 GiB heap.
     */
    static final List<Field> ORDER = List.of(Field.PROTOCOL, Field.FAMILY, Field.DST_ASGS, Field.DST_ADDRESS,
            Field.DST_PORT, Field.SRC_ASGS, Field.SRC_ADDRESS, Field.SRC_PORT);

    /** The BDD node table a space starts with; JavaBDD doubles it when a garbage collection frees too little. */
    static final int INITIAL_NODES = 1 << 16;

    /** Nodes per operator cache entry, kept as the node table grows (the ratio of the former fixed sizes). */
    static final int CACHE_RATIO = 4;

    /** The order in which a witness takes the smallest value of each field: fixed, whatever {@link #ORDER} is. */
    private static final List<Field> WITNESS_ORDER = List.of(Field.PROTOCOL, Field.FAMILY, Field.DST_ASGS,
            Field.SRC_ASGS, Field.DST_ADDRESS, Field.DST_PORT, Field.SRC_ADDRESS, Field.SRC_PORT);

    /** @param asgs the lower-cased names of every ASG the analysed rules and endpoints can name */
    public HeaderSpace(Set<String> asgs) {
        this(asgs, Map.of(), ORDER);
    }

    /**
     * @param asgs the lower-cased names of every ASG the analysed rules and endpoints can name
     * @param where for some of them, the addresses their members can have (a member of such an ASG is nowhere
     *     else); an ASG not in the map can be anywhere
     */
    public HeaderSpace(Set<String> asgs, Map<String, AddressSet> where) {
        this(asgs, where, ORDER);
    }

    /** A space with its variable blocks in {@code order} (each field once). */
    public HeaderSpace(Set<String> asgs, List<Field> order) {
        this(asgs, Map.of(), order);
    }

    private HeaderSpace(Set<String> asgs, Map<String, AddressSet> where, List<Field> order) {
        this.where = Map.copyOf(where);
        for (String asg : asgs) {
            asgIndex.put(asg, asgIndex.size());
        }
        asgNames = List.copyOf(asgIndex.keySet());
        if (order.size() != Field.values().length || EnumSet.copyOf(order).size() != order.size()) {
            throw new IllegalArgumentException("every field once: " + order);
        }
        int n = asgIndex.size();
        Map<Field, Integer> base = new EnumMap<>(Field.class);
        int next = 0;
        for (Field f : order) {
            base.put(f, next);
            next += width(f, n);
        }
        protocolBase = base.get(Field.PROTOCOL);
        familyVar = base.get(Field.FAMILY);
        dstAsgBase = base.get(Field.DST_ASGS);
        srcAsgBase = base.get(Field.SRC_ASGS);
        dstAddressBase = base.get(Field.DST_ADDRESS);
        dstPortBase = base.get(Field.DST_PORT);
        srcAddressBase = base.get(Field.SRC_ADDRESS);
        srcPortBase = base.get(Field.SRC_PORT);
        fieldsInVariableOrder = order.equals(WITNESS_ORDER);
        witnessVars = new int[next];
        int k = 0;
        for (Field f : WITNESS_ORDER) {
            for (int v = 0; v < width(f, n); v++) {
                witnessVars[k++] = base.get(f) + v;
            }
        }
        // Small tables at first, grown by JavaBDD as the analysis needs (doubling, caches kept at a quarter of the
        // nodes): JavaBDD allocates every cache entry as an object, and 1 << 20 nodes with 1 << 18-entry caches
        // took about 30 ms of a one-NSG check's 170 ms of main-thread work (issue 14).
        factory = BDDFactory.init("java", INITIAL_NODES, INITIAL_NODES / CACHE_RATIO);
        factory.setCacheRatio(CACHE_RATIO);
        silence(factory);
        factory.setMaxIncrease(1 << 22);
        factory.setVarNum(next);
        BDD v = factory.zero();
        for (Protocol p : Protocol.values()) {
            v.orWith(protocolValue(p.ordinal()));
        }
        valid = v;
    }

    private static int width(Field f, int asgs) {
        return switch (f) {
            case PROTOCOL -> PROTOCOL_BITS;
            case FAMILY -> 1;
            case DST_ASGS, SRC_ASGS -> asgs;
            case DST_ADDRESS, SRC_ADDRESS -> ADDRESS_BITS;
            case DST_PORT, SRC_PORT -> PORT_BITS;
        };
    }

    /** JavaBDD prints garbage collection and resizing messages unless callbacks are registered. */
    private static void silence(BDDFactory f) {
        try {
            var quiet = HeaderSpace.class.getDeclaredMethod("quiet");
            f.registerGCCallback(null, quiet);
            f.registerResizeCallback(null, quiet);
            f.registerReorderCallback(null, quiet);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Public only because JavaBDD calls its callbacks through reflection; does nothing. */
    public static void quiet() {
    }

    // ---- constants ---------------------------------------------------------------------------------------

    /** Every packet (of a known protocol). */
    public BDD all() {
        return valid.id();
    }

    public BDD none() {
        return factory.zero();
    }

    /**
     * {@code a} minus {@code b} as a new BDD in one operation. {@code a.and(b.not())} would also build the
     * complement of {@code b} as a BDD of its own, which JavaBDD keeps until it is freed.
     */
    public static BDD minus(BDD a, BDD b) {
        return a.apply(b, BDDFactory.diff);
    }

    public boolean knowsAsg(String asg) {
        return asgIndex.containsKey(asg);
    }

    // ---- fields ------------------------------------------------------------------------------------------

    public BDD protocols(int mask) {
        BDD out = factory.zero();
        for (Protocol p : Protocol.values()) {
            if ((mask & p.mask()) != 0) {
                out.orWith(protocolValue(p.ordinal()));
            }
        }
        return out;
    }

    private BDD protocolValue(int value) {
        BDD out = factory.one();
        for (int b = 0; b < PROTOCOL_BITS; b++) {
            boolean bit = ((value >> (PROTOCOL_BITS - 1 - b)) & 1) != 0;
            out.andWith(bit ? factory.ithVar(protocolBase + b) : factory.nithVar(protocolBase + b));
        }
        return out;
    }

    public BDD family(IpFamily family) {
        return family == IpFamily.V4 ? factory.nithVar(familyVar) : factory.ithVar(familyVar);
    }

    public BDD sourceAddresses(AddressSet set) {
        return srcAddressCache.computeIfAbsent(set, s -> addresses(s, srcAddressBase)).id();
    }

    public BDD destinationAddresses(AddressSet set) {
        return dstAddressCache.computeIfAbsent(set, s -> addresses(s, dstAddressBase)).id();
    }

    /**
     * The set of addresses, built top bit down as a binary tree of the set's CIDR prefixes (sorted and disjoint):
     * each inner node is one variable above both of its children, so building it is linear in the number of
     * prefixes times the address width, where OR-ing one chain per prefix is quadratic in the number of prefixes.
     */
    private BDD addresses(AddressSet set, int base) {
        BDD out = factory.zero();
        for (IpFamily family : IpFamily.values()) {
            List<IpPrefix> prefixes = set.only(family).toPrefixes();
            if (prefixes.isEmpty()) {
                continue;
            }
            BDD tree = tree(prefixes, 0, prefixes.size(), 0, base);
            out.orWith(family(family).andWith(tree));
        }
        return out;
    }

    /** The prefixes {@code from..to-1}, which agree on their first {@code depth} bits, below that many bits. */
    private BDD tree(List<IpPrefix> prefixes, int from, int to, int depth, int base) {
        if (from == to) {
            return factory.zero();
        }
        if (prefixes.get(from).length() == depth) {
            return factory.one(); // disjoint prefixes: this one is alone below its first depth bits
        }
        int split = from;
        while (split < to && !prefixes.get(split).network().bit(depth)) {
            split++;
        }
        BDD low = tree(prefixes, from, split, depth + 1, base);
        BDD high = tree(prefixes, split, to, depth + 1, base);
        BDD variable = factory.ithVar(base + depth);
        BDD out = variable.ite(high, low);
        variable.free();
        low.free();
        high.free();
        return out;
    }

    public BDD sourcePorts(PortSet ports) {
        return ports(ports, srcPortBase);
    }

    public BDD destinationPorts(PortSet ports) {
        return ports(ports, dstPortBase);
    }

    private BDD ports(PortSet ports, int base) {
        if (ports.isAll()) {
            return factory.one();
        }
        BDD out = factory.zero();
        for (int i = 0; i < ports.rangeCount(); i++) {
            int start = ports.start(i);
            int end = ports.end(i);
            while (start <= end) {
                int size = Integer.lowestOneBit(start == 0 ? 1 << PORT_BITS : start);
                while (start + size - 1 > end) {
                    size >>= 1;
                }
                int length = PORT_BITS - Integer.numberOfTrailingZeros(size);
                BDD block = factory.one();
                for (int b = 0; b < length; b++) {
                    boolean bit = ((start >> (PORT_BITS - 1 - b)) & 1) != 0;
                    block.andWith(bit ? factory.ithVar(base + b) : factory.nithVar(base + b));
                }
                out.orWith(block);
                start += size;
            }
        }
        return out;
    }

    /** Endpoints that are members of at least one of {@code asgs} (names unknown to the space match nothing). */
    /** Members of one of the ASGs (a rule side naming them): each member at an address its ASG's members can have. */
    public BDD sourceAsgs(Set<String> asgs) {
        return asgVars(asgs, srcAsgBase, true);
    }

    public BDD destinationAsgs(Set<String> asgs) {
        return asgVars(asgs, dstAsgBase, false);
    }

    private BDD asgVars(Set<String> asgs, int base, boolean source) {
        BDD out = factory.zero();
        for (String asg : asgs) {
            Integer i = asgIndex.get(asg);
            if (i != null) {
                BDD member = factory.ithVar(base + i);
                AddressSet at = where.get(asg);
                if (at != null) {
                    member.andWith(source ? sourceAddresses(at) : destinationAddresses(at));
                }
                out.orWith(member);
            }
        }
        return out;
    }

    /** An endpoint's exact membership: in exactly these ASGs (of those the space knows) and no other. */
    public BDD sourceMembership(Set<String> asgs) {
        return membership(asgs, srcAsgBase);
    }

    public BDD destinationMembership(Set<String> asgs) {
        return membership(asgs, dstAsgBase);
    }

    /**
     * An endpoint's membership as rules that name only the ASGs of {@code named} see it: in exactly those of
     * {@code asgs} among {@code named}, the variables of every other ASG left free (null: every ASG the space knows,
     * as {@link #sourceMembership(Set)}).
     *
     * <p>Exact for a question whose every set is built from rules that name ASGs of {@code named} only (and from
     * memberships among the same or fewer ASGs): a rule reads an ASG's variable only when it names it, so no such set
     * depends on another ASG's variable, and the question's sets are the ones with the membership fixed over every
     * ASG with those variables quantified away. An emptiness test, an equality, a count of addresses or ports and a
     * witness's addresses, ports and protocol come out the same; only a witness's ASG lists leave out the ASGs no rule
     * of the question names. Fixing them too would put a chain of one node per ASG of the whole input into every set
     * holding the endpoint and a step per ASG into every operation on it: on an estate that grows by virtual
     * networks, each NIC's questions would cost in proportion to the estate's ASGs (bench/README.md, "The largest
     * estate, second pass"), where Azure keeps an ASG's members, and so the ASGs a NIC's rules can name, in one
     * network.
     */
    public BDD sourceMembership(Set<String> asgs, Set<String> named) {
        return membership(asgs, srcAsgBase, named);
    }

    /** {@link #sourceMembership(Set, Set)} for the destination. */
    public BDD destinationMembership(Set<String> asgs, Set<String> named) {
        return membership(asgs, dstAsgBase, named);
    }

    private BDD membership(Set<String> asgs, int base) {
        return membership(asgs, base, null);
    }

    private BDD membership(Set<String> asgs, int base, Set<String> named) {
        // Built from the last variable up: each step puts a node above the chain in O(1). From the first variable
        // down, each step walked the whole chain, O(ASGs^2) per membership: on an estate with 3,000 ASGs that was
        // most of the layer and exposure questions (bench/README.md, "The largest estate"). The BDD is the same.
        int[] fixed = named == null ? null : named.stream().map(asgIndex::get).filter(java.util.Objects::nonNull)
                .mapToInt(Integer::intValue).sorted().toArray();
        BDD out = factory.one();
        for (int k = (fixed == null ? asgNames.size() : fixed.length) - 1; k >= 0; k--) {
            int i = fixed == null ? k : fixed[k];
            out.andWith(asgs.contains(asgNames.get(i)) ? factory.ithVar(base + i) : factory.nithVar(base + i));
        }
        return out;
    }

    /** The ASGs of one side whose variables {@code set} reads (the others are free in it). */
    public Set<String> asgsRead(BDD set, boolean source) {
        int base = source ? srcAsgBase : dstAsgBase;
        Set<String> out = new java.util.HashSet<>();
        BDDVarSet support = set.support();
        for (int v : support.toArray()) {
            if (v >= base && v < base + asgNames.size()) {
                out.add(asgNames.get(v - base));
            }
        }
        support.free();
        return out;
    }

    /** The ends of one side that the universe holds: each group's addresses with its membership (any, when unknown). */
    public BDD hosts(HostUniverse universe, boolean source) {
        BDD out = factory.zero();
        for (HostUniverse.Hosts h : universe.groups()) {
            BDD group = source ? sourceAddresses(h.addresses()) : destinationAddresses(h.addresses());
            if (h.asgs() != null) {
                group.andWith(membership(h.asgs(), source ? srcAsgBase : dstAsgBase));
            }
            out.orWith(group);
        }
        return out;
    }

    /** The packets whose both ends the universe holds. */
    public BDD producible(HostUniverse universe) {
        return hosts(universe, true).andWith(hosts(universe, false));
    }

    /** The set with one side's ASG membership quantified away: packets in it for every membership of that side. */
    public BDD forAllMemberships(BDD set, boolean source) {
        return quantifyAsgs(set, source ? srcAsgBase : dstAsgBase, true);
    }

    /** The set with one side's ASG membership quantified away: packets in it for some membership of that side. */
    public BDD existsMembership(BDD set, boolean source) {
        return quantifyAsgs(set, source ? srcAsgBase : dstAsgBase, false);
    }

    private BDD quantifyAsgs(BDD set, int base, boolean forAll) {
        if (asgIndex.isEmpty()) {
            return set.id();
        }
        int[] vars = new int[asgIndex.size()];
        for (int i = 0; i < vars.length; i++) {
            vars[i] = base + i;
        }
        BDDVarSet varSet = factory.makeSet(vars);
        BDD out = forAll ? set.forAll(varSet) : set.exist(varSet);
        varSet.free();
        return out;
    }

    // ---- rules ---------------------------------------------------------------------------------------------

    /** The packets a compiled rule matches (for an uncertain rule: the packets it may match). */
    public BDD matches(CompiledRule rule) {
        BDD ports = sourcePorts(rule.sourcePorts()).andWith(destinationPorts(rule.destinationPorts()));
        boolean fullPorts = rule.sourcePorts().isAll() && rule.destinationPorts().isAll();
        BDD protocol = factory.zero();
        for (Protocol p : Protocol.values()) {
            if ((rule.protocolMask() & p.mask()) == 0) {
                continue;
            }
            if (p.hasPorts()) {
                protocol.orWith(protocolValue(p.ordinal()).andWith(ports.id()));
            } else if (fullPorts) {
                protocol.orWith(protocolValue(p.ordinal()));
            }
        }
        ports.free();
        BDD source = sourceAddresses(rule.sourceAddresses()).orWith(sourceAsgs(rule.sourceAsgs()));
        BDD destination = destinationAddresses(rule.destinationAddresses()).orWith(destinationAsgs(rule.destinationAsgs()));
        return protocol.andWith(source).andWith(destination);
    }

    // ---- questions -----------------------------------------------------------------------------------------

    /**
     * One concrete packet of a non-empty set: the smallest value of each field that the set allows, fields taken in
     * a fixed order (protocol, family, destination ASGs, source ASGs, destination address and port, source address
     * and port), whatever the order of the variables.
     */
    public HeaderWitness witness(BDD set) {
        if (set.isZero()) {
            throw new IllegalArgumentException("empty set has no witness");
        }
        BDD rest = set.and(valid);
        boolean[] value = fieldsInVariableOrder ? smallestInVariableOrder(rest) : smallestFieldByField(rest);
        rest.free();
        int protocol = 0;
        for (int b = 0; b < PROTOCOL_BITS; b++) {
            protocol = (protocol << 1) | (value[protocolBase + b] ? 1 : 0);
        }
        IpFamily family = value[familyVar] ? IpFamily.V6 : IpFamily.V4;
        List<String> srcAsgs = new ArrayList<>();
        List<String> dstAsgs = new ArrayList<>();
        for (Map.Entry<String, Integer> e : asgIndex.entrySet()) {
            if (value[srcAsgBase + e.getValue()]) {
                srcAsgs.add(e.getKey());
            }
            if (value[dstAsgBase + e.getValue()]) {
                dstAsgs.add(e.getKey());
            }
        }
        Protocol p = Protocol.values()[protocol];
        return new HeaderWitness(p, address(value, srcAddressBase, family), p.hasPorts() ? port(value, srcPortBase) : -1,
                srcAsgs, address(value, dstAddressBase, family), p.hasPorts() ? port(value, dstPortBase) : -1, dstAsgs);
    }

    /** The smallest assignment of every variable, variables compared in their own order (0 before 1). */
    private boolean[] smallestInVariableOrder(BDD set) {
        BDDVarSet vars = factory.makeSet(witnessVars);
        BDD cube = set.satOne(vars, false);
        byte[] sat = cube.allsat().nextSat();
        cube.free();
        vars.free();
        boolean[] value = new boolean[factory.varNum()];
        for (int i = 0; i < value.length; i++) {
            value[i] = sat[i] == 1;
        }
        return value;
    }

    /**
     * The same when the variable order is not the witness order: field by field, the smallest value the field takes
     * in the set (the other variables quantified away), then the set restricted to it. Only the field's variables
     * that the set reads are looked at: the others are free and take their smaller value, 0, as a choice over every
     * variable of the field gave them. Naming all of them cost a step per ASG of the input for each of the two ASG
     * fields of every witness (bench/README.md, "The largest estate, third pass").
     */
    private boolean[] smallestFieldByField(BDD set) {
        boolean[] value = new boolean[factory.varNum()];
        BDD rest = set.id();
        int k = 0;
        for (Field f : WITNESS_ORDER) {
            int width = width(f, asgIndex.size());
            if (width == 0) {
                continue;
            }
            int first = witnessVars[k];
            int last = witnessVars[k + width - 1];
            k += width;
            BDDVarSet support = rest.support();
            int[] used = support.toArray();
            support.free();
            int[] inField = java.util.Arrays.stream(used).filter(v -> v >= first && v <= last).toArray();
            if (inField.length == 0) {
                continue; // every variable of the field free: all 0, and the set unchanged
            }
            int[] others = java.util.Arrays.stream(used).filter(v -> v < first || v > last).toArray();
            BDD projected = rest.id();
            if (others.length > 0) {
                BDDVarSet quantified = factory.makeSet(others);
                projected.free();
                projected = rest.exist(quantified);
                quantified.free();
            }
            BDDVarSet vars = factory.makeSet(inField);
            BDD cube = projected.satOne(vars, false);
            projected.free();
            vars.free();
            readCube(cube, value);
            BDD next = rest.restrict(cube);
            cube.free();
            rest.free();
            rest = next;
        }
        rest.free();
        return value;
    }

    /** Sets {@code value} of each variable of a cube (one path to true) as the cube fixes it. */
    private static void readCube(BDD cube, boolean[] value) {
        BDD node = cube.id();
        while (!node.isOne()) {
            BDD low = node.low();
            BDD high = node.high();
            boolean one = low.isZero();
            value[node.var()] = one;
            node.free();
            if (one) {
                low.free();
                node = high;
            } else {
                high.free();
                node = low;
            }
        }
        node.free();
    }

    private static IpAddress address(boolean[] value, int base, IpFamily family) {
        if (family == IpFamily.V4) {
            long v = 0;
            for (int b = 0; b < 32; b++) {
                v = (v << 1) | (value[base + b] ? 1 : 0);
            }
            return IpAddress.v4(v);
        }
        long hi = 0;
        long lo = 0;
        for (int b = 0; b < 64; b++) {
            hi = (hi << 1) | (value[base + b] ? 1 : 0);
            lo = (lo << 1) | (value[base + 64 + b] ? 1 : 0);
        }
        return IpAddress.v6(hi, lo);
    }

    private static int port(boolean[] value, int base) {
        int v = 0;
        for (int b = 0; b < PORT_BITS; b++) {
            v = (v << 1) | (value[base + b] ? 1 : 0);
        }
        return v;
    }

    /** How many source addresses of the family occur in the set (whatever the other fields). */
    public double countSourceAddresses(BDD set, IpFamily family) {
        int bits = family.bits();
        BDD inFamily = set.and(family(family));
        int[] keep = new int[bits];
        for (int b = 0; b < bits; b++) {
            keep[b] = srcAddressBase + b;
        }
        BDD projected = existAllBut(inFamily, keep);
        inFamily.free();
        double count = countOver(projected, srcAddressBase, srcAddressBase + bits);
        projected.free();
        return count;
    }

    /**
     * The set with every variable but {@code keep} (ascending, consecutive) quantified away. Only the variables the set
     * uses are named: naming every other variable of the space cost a step per ASG of the input on each call.
     */
    private BDD existAllBut(BDD set, int[] keep) {
        BDDVarSet support = set.support();
        int[] used = support.toArray();
        support.free();
        int[] others = java.util.Arrays.stream(used).filter(v -> v < keep[0] || v > keep[keep.length - 1]).toArray();
        if (others.length == 0) {
            return set.id();
        }
        BDDVarSet vars = factory.makeSet(others);
        BDD out = set.exist(vars);
        vars.free();
        return out;
    }

    /**
     * The number of assignments of the variables {@code from..to-1} in {@code set}, which uses no other variable.
     * Counted here: JavaBDD's count over some variables counts over every variable and divides, and 2 to the power of
     * the free variables is past the range of a double when the space has more than 1,024 (about 370 ASGs), where the
     * count came out as 1. The sums are JavaBDD's, each scaled by a power of two, so where its count was in range this
     * one is the same number.
     */
    private static double countOver(BDD set, int from, int to) {
        Map<BDD, Double> memo = new HashMap<>();
        try {
            return Math.scalb(countBelow(set, to, memo), level(set, to) - from);
        } finally {
            memo.keySet().forEach(BDD::free);
        }
    }

    private static int level(BDD node, int to) {
        return node.isZero() || node.isOne() ? to : node.var();
    }

    /** The assignments of the variables from the node's own down to {@code to - 1} that the node holds. */
    private static double countBelow(BDD node, int to, Map<BDD, Double> memo) {
        if (node.isZero()) {
            return 0;
        }
        if (node.isOne()) {
            return 1;
        }
        Double known = memo.get(node);
        if (known != null) {
            return known;
        }
        int v = node.var();
        BDD low = node.low();
        BDD high = node.high();
        double count = Math.scalb(countBelow(low, to, memo), level(low, to) - v - 1)
                + Math.scalb(countBelow(high, to, memo), level(high, to) - v - 1);
        low.free();
        high.free();
        memo.put(node.id(), count);
        return count;
    }

    /** The packets of the set whose every destination port is in the set too (the other fields unchanged). */
    public BDD forAllDestinationPorts(BDD set) {
        int[] ports = new int[PORT_BITS];
        for (int b = 0; b < PORT_BITS; b++) {
            ports[b] = dstPortBase + b;
        }
        BDDVarSet vars = factory.makeSet(ports);
        BDD out = set.forAll(vars);
        vars.free();
        return out;
    }

    /**
     * The destination ports of {@code asked} at which {@code open} holds, exactly: {@code open} is given, for a
     * port, the packets of the set with that destination port (the port variables quantified away) and must be false
     * for no packet. Each asked range is cut into aligned blocks, and a block is split in halves only where its ports
     * see different packets, so a block the set treats alike costs one test, not one per port.
     */
    public PortSet destinationPortsWhere(BDD set, PortSet asked, java.util.function.Predicate<BDD> open) {
        int[] vars = new int[PORT_BITS];
        for (int b = 0; b < PORT_BITS; b++) {
            vars[b] = dstPortBase + b;
        }
        BDDVarSet portVars = factory.makeSet(vars);
        List<int[]> found = new ArrayList<>();
        try {
            for (int i = 0; i < asked.rangeCount(); i++) {
                int start = asked.start(i);
                int end = asked.end(i);
                while (start <= end) {
                    int size = Integer.lowestOneBit(start == 0 ? 1 << PORT_BITS : start);
                    while (start + size - 1 > end) {
                        size >>= 1;
                    }
                    openIn(set, start, size, portVars, open, found);
                    start += size;
                }
            }
        } finally {
            portVars.free();
        }
        return PortSet.ofRanges(found);
    }

    /** Adds the open ports of the aligned block {@code start..start+size-1} to {@code found}. */
    private void openIn(BDD set, int start, int size, BDDVarSet portVars, java.util.function.Predicate<BDD> open,
                        List<int[]> found) {
        BDD block = destinationPorts(PortSet.range(start, start + size - 1));
        BDD in = set.and(block);
        if (in.isZero()) {
            block.free();
            in.free();
            return;
        }
        BDD some = in.exist(portVars);
        // The packets every port of the block has: when they are those some port has, the ports are alike.
        BDD inOrOutside = block.imp(in);
        BDD every = inOrOutside.forAll(portVars);
        inOrOutside.free();
        block.free();
        in.free();
        boolean alike = size == 1 || some.equals(every);
        every.free();
        if (alike) {
            if (open.test(some)) {
                found.add(new int[] {start, start + size - 1});
            }
            some.free();
            return;
        }
        some.free();
        openIn(set, start, size / 2, portVars, open, found);
        openIn(set, start + size / 2, size / 2, portVars, open, found);
    }

    public int nodeCount() {
        return factory.getNodeNum();
    }

    /** The size of the BDD node table now (it grows as the space needs). */
    int nodeTableSize() {
        return factory.getNodeTableSize();
    }

    @Override
    public void close() {
        factory.done();
    }
}
