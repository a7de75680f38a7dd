package dev.nsgaudit.semantics;

import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ASG names of one endpoint of a {@link Packet} (lower-cased), as an unmodifiable set that also carries
 * each name's process-wide integer id. The classifier reads the ids, so that classifying a packet does no
 * string hashing; the names are resolved to ids once, when the set is made (for the verify path, once per
 * endpoint, since {@link #of} returns an existing AsgSet unchanged).
 *
 * <p>As a {@code Set<String>} it behaves as {@link Set#copyOf} does (it wraps the result of it): nulls are
 * rejected, duplicates dropped, equality and hash code are those of a set of the names.
 */
public final class AsgSet extends AbstractSet<String> {

    /** Names interned so far; ids are dense and never reused. Only ever grows with the distinct names seen. */
    private static final ConcurrentHashMap<String, Integer> IDS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    public static final AsgSet EMPTY = new AsgSet(Set.of());

    private final Set<String> names;
    private final int[] ids;

    private AsgSet(Set<String> names) {
        this.names = names;
        this.ids = new int[names.size()];
        int k = 0;
        for (String name : names) {
            ids[k++] = id(name);
        }
    }

    /** The set itself when it is already an AsgSet, else an AsgSet of a {@link Set#copyOf} of the names. */
    public static AsgSet of(Collection<String> names) {
        if (names instanceof AsgSet a) {
            return a;
        }
        Set<String> copy = Set.copyOf(names);
        return copy.isEmpty() ? EMPTY : new AsgSet(copy);
    }

    /** The id of an ASG name (exact string; callers pass lower-cased names), assigned on first use. */
    public static int id(String name) {
        Integer id = IDS.get(name);
        return id != null ? id : IDS.computeIfAbsent(name, k -> NEXT_ID.getAndIncrement());
    }

    /** The ids of the names, in iteration order; do not modify. */
    public int[] ids() {
        return ids;
    }

    @Override
    public Iterator<String> iterator() {
        return names.iterator();
    }

    @Override
    public int size() {
        return names.size();
    }

    @Override
    public boolean isEmpty() {
        return ids.length == 0;
    }

    @Override
    public boolean contains(Object o) {
        return names.contains(o);
    }

    @Override
    public boolean add(String e) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean remove(Object o) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean addAll(Collection<? extends String> c) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean retainAll(Collection<?> c) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean removeIf(java.util.function.Predicate<? super String> filter) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || names.equals(o);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }
}
