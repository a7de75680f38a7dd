package dev.nsgaudit.analyze;

import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Wall and CPU time of the phases of one run, for the hidden {@code check --timings} of the benchmarks
 * (bench/README.md). Off unless {@link #enable()} was called: then each phase costs two clock reads. CPU is the
 * whole process's (every thread, the JIT compiler's and the garbage collector's included), since the analysis runs
 * on several threads; the heap figure is what is in use when the phase ends.
 */
public final class PhaseTimings {

    private record Phase(String name, long wallNanos, long cpuNanos, long heapUsed) {
    }

    private static volatile PrintWriter out;
    private static final List<Phase> PHASES = new ArrayList<>();

    private PhaseTimings() {
    }

    /** Turns the timings on; each phase is printed on {@code err} as it ends, so a run cut short still tells. */
    public static void enable(PrintWriter err) {
        err.println("timings: phase                        wall s    cpu s  heap MiB");
        err.flush();
        out = err;
    }

    /** Runs {@code work} as the phase {@code name}; phases are not nested. */
    public static <T> T time(String name, Supplier<T> work) {
        PrintWriter err = out;
        if (err == null) {
            return work.get();
        }
        long wall = System.nanoTime();
        long cpu = processCpu();
        T result = work.get();
        Runtime rt = Runtime.getRuntime();
        Phase p = new Phase(name, System.nanoTime() - wall, processCpu() - cpu, rt.totalMemory() - rt.freeMemory());
        synchronized (PHASES) {
            PHASES.add(p);
            err.println(line(p));
            err.flush();
        }
        return result;
    }

    public static void time(String name, Runnable work) {
        time(name, () -> {
            work.run();
            return null;
        });
    }

    /** The totals after the phases printed so far, the peak heap and the garbage collector's share; then off. */
    public static void printTotals() {
        PrintWriter err = out;
        if (err == null) {
            return;
        }
        long wall = 0;
        long cpu = 0;
        synchronized (PHASES) {
            for (Phase p : PHASES) {
                wall += p.wallNanos;
                cpu += p.cpuNanos;
            }
        }
        err.println(String.format(Locale.ROOT, "timings: %-26s %9.2f %8.2f", "sum of phases", wall / 1e9, cpu / 1e9));
        err.println(String.format(Locale.ROOT, "timings: process cpu s %.2f; uptime s %.2f",
                processCpu() / 1e9, ManagementFactory.getRuntimeMXBean().getUptime() / 1e3));
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        err.println(String.format(Locale.ROOT, "timings: heap peak MiB %d (sum of the pools' peaks), max MiB %d;"
                        + " gc %d collections, %.2f s", peak >> 20, Runtime.getRuntime().maxMemory() >> 20, gcCount,
                gcMillis / 1e3));
        err.flush();
        // The run is over: a later command in the same JVM (tests run many) times nothing and starts afresh.
        out = null;
        synchronized (PHASES) {
            PHASES.clear();
        }
    }

    private static String line(Phase p) {
        return String.format(Locale.ROOT, "timings: %-26s %9.2f %8.2f %9d", p.name, p.wallNanos / 1e9,
                p.cpuNanos / 1e9, p.heapUsed >> 20);
    }

    private static long processCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
