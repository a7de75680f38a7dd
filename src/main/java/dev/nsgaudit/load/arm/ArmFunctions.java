package dev.nsgaudit.load.arm;

import java.util.Collections;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/** Which template functions the engine implements, for documentation and diagnostics. */
public final class ArmFunctions {

    private ArmFunctions() {
    }

    /** The built-in function names in lower case (every {@code list*} name is accepted too, as unresolved). */
    public static SortedSet<String> builtIns() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(FunctionRegistry.names()));
    }

    /** True when {@code name} (any case) is a built-in function, {@code list*} included. */
    public static boolean isBuiltIn(String name) {
        return FunctionRegistry.isKnown(name.toLowerCase(Locale.ROOT));
    }
}
