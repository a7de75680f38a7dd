package dev.nsgaudit.load.arm;

/**
 * Bounds that keep hostile or broken input from exhausting the tool: each one turns into a clear error instead of
 * a hang, an OutOfMemoryError or a StackOverflowError. Real templates stay far below all of them.
 */
public final class Limits {

    /**
     * Largest template or parameter file read: twice ARM's own limit of 4 MB, so that every deployable template
     * is read, while a huge generated file is refused at once instead of filling the memory.
     */
    public static final long MAX_FILE_BYTES = 8L * 1024 * 1024;
    /** Deepest nesting of JSON objects and arrays in a file. */
    public static final int MAX_JSON_DEPTH = 200;
    /** Deepest nesting of calls, indexes and property accesses inside one expression. */
    public static final int MAX_EXPRESSION_NESTING = 100;
    /** Deepest chain of evaluation: expressions, variables, user functions and JSON levels together. */
    public static final int MAX_EVALUATION_DEPTH = 400;
    /** ARM's own limit on the count of a copy loop. */
    public static final int MAX_COPY_COUNT = 800;
    /** Largest array that range() and the like may build. */
    public static final int MAX_ARRAY_LENGTH = 100_000;
    /** Longest string that padLeft(), format() and the like may build. */
    public static final int MAX_STRING_LENGTH = 4 * 1024 * 1024;

    private Limits() {
    }
}
