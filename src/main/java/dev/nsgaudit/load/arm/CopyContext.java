package dev.nsgaudit.load.arm;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The indexes of the copy loops an expression is evaluated in. {@code copyIndex('name')} reads a named loop;
 * {@code copyIndex()} reads the current unnamed loop, which is the resource loop (ARM requires the loop name in
 * property and variable loops, so those only set the unnamed index when no resource loop is active). Loop names
 * are case-insensitive. Immutable.
 */
public final class CopyContext {

    public static final CopyContext NONE = new CopyContext(Map.of(), null, -1);

    private final Map<String, Integer> named;
    private final String currentName;
    private final int current;

    private CopyContext(Map<String, Integer> named, String currentName, int current) {
        this.named = named;
        this.currentName = currentName;
        this.current = current;
    }

    /** This context inside iteration {@code index} of a resource-level loop: named and unnamed. */
    public CopyContext withResourceLoop(String name, int index) {
        return new CopyContext(put(name, index), name, index);
    }

    /** This context inside iteration {@code index} of a property, variable or output loop. */
    public CopyContext withLoop(String name, int index) {
        return current >= 0 ? new CopyContext(put(name, index), currentName, current)
                : new CopyContext(put(name, index), name, index);
    }

    private Map<String, Integer> put(String name, int index) {
        Map<String, Integer> m = new TreeMap<>(named);
        m.put(name == null ? "" : name.toLowerCase(Locale.ROOT), index);
        return m;
    }

    /** The index of the named loop, if this context is inside it. */
    public OptionalInt index(String name) {
        Integer i = named.get(name.toLowerCase(Locale.ROOT));
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    /** The index of the current unnamed loop, if any. */
    public OptionalInt current() {
        return current >= 0 ? OptionalInt.of(current) : OptionalInt.empty();
    }

    @Override
    public String toString() {
        return current >= 0 ? "copy " + currentName + "=" + current + " " + named : "copy " + named;
    }
}
