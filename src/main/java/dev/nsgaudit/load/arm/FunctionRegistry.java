package dev.nsgaudit.load.arm;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The built-in template functions by lower-case name. Any {@code list*} name not registered (listKeys,
 * listSecrets, listAccountSas, ...) reads secrets or runtime state and is unresolved.
 */
final class FunctionRegistry {

    /** Collects functions with an arity check in front of each. */
    static final class Registrar {
        private final Map<String, ArmFunction> functions = new HashMap<>();

        void add(String name, int minArgs, int maxArgs, ArmFunction fn) {
            String key = name.toLowerCase(Locale.ROOT);
            if (functions.containsKey(key)) {
                throw new IllegalStateException("function registered twice: " + name);
            }
            functions.put(key, args -> {
                args.arity(minArgs, maxArgs);
                return fn.call(args);
            });
        }
    }

    static final int ANY = Integer.MAX_VALUE;

    private static final Map<String, ArmFunction> FUNCTIONS;
    private static final ArmFunction LIST = args -> {
        throw args.unresolved(args.call().name() + "() reads keys or runtime state of a deployed resource,"
                + " which is not known offline");
    };

    static {
        Registrar r = new Registrar();
        StringFunctions.register(r);
        CollectionFunctions.register(r);
        ArrayFunctions.register(r);
        ObjectFunctions.register(r);
        LogicFunctions.register(r);
        NumericFunctions.register(r);
        DeploymentFunctions.register(r);
        ResourceFunctions.register(r);
        LambdaFunctions.register(r);
        CidrFunctions.register(r);
        DateFunctions.register(r);
        FUNCTIONS = Map.copyOf(r.functions);
    }

    private FunctionRegistry() {
    }

    static ArmFunction lookup(String key) {
        ArmFunction fn = FUNCTIONS.get(key);
        if (fn == null && key.startsWith("list")) {
            return LIST;
        }
        return fn;
    }

    /** True when a lower-case name is a built-in function (list* included). */
    static boolean isKnown(String key) {
        return lookup(key) != null;
    }

    /** The registered names, lower case. */
    static Set<String> names() {
        return new TreeSet<>(FUNCTIONS.keySet());
    }
}
