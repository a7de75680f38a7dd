package dev.nsgaudit.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code verify --flows} with load time and query throughput apart (bench/run-flows.sh): in one JVM, each round
 * runs the whole command ({@link Main#run}) twice, once over an empty flows file (loading, validating and indexing
 * the topology: the load) and once over the flows file, and reports the difference as the time of the queries, by
 * wall clock and by the CPU time of the running thread (time descheduled on a busy machine does not count; the
 * collector's own threads are not in it either, the process CPU time is printed beside). The output goes to a
 * null stream through the writer {@code Main.main} uses. Not a JMH run: plain rounds, the first ones warm-up.
 * A build that answers a large file on a pool of threads does the queries' work off the running thread: its
 * queries are then measured by wall clock (queries per second, the target) and by the process CPU time (every
 * thread, the collector and the compiler included); the thread CPU time is then only the reading and writing.
 *
 * <p>Usage: {@code FlowsThroughput TOPOLOGY FLOWS [ROUNDS (default 3)]}. Written against {@code Main.run} only,
 * so that the same class measures a build before this one (bench/run-flows.sh BEFORE=...).
 */
public final class FlowsThroughput {

    private FlowsThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path topology = Path.of(args[0]);
        Path flows = Path.of(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        long queries;
        try (var lines = Files.lines(flows)) {
            queries = lines.filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        }
        Path empty = Files.createTempFile("flows-empty", ".jsonl");
        empty.toFile().deleteOnExit();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "queries: %,d; writer: %s%n", queries, writer().getClass().getSimpleName());
        timed(threads, os, topology, empty); // classes loaded once before the first measured load
        for (int round = 1; round <= rounds; round++) {
            double[] load = timed(threads, os, topology, empty);
            double[] all = timed(threads, os, topology, flows);
            double wall = all[0] - load[0];
            double cpu = all[1] - load[1];
            double process = all[2] - load[2];
            System.out.printf(Locale.ROOT, "round %d: load %.2f s wall, %.2f s thread CPU; with the queries %.2f s wall,"
                            + " %.2f s thread CPU, %.2f s process CPU; queries after load: %.2f s wall (%,.0f/s),"
                            + " %.2f s thread CPU (%,.0f per CPU-second), %.2f s process CPU (%,.0f per CPU-second);"
                            + " load average %s%n",
                    round, load[0], load[1], all[0], all[1], all[2], wall, queries / wall, cpu, queries / cpu,
                    process, queries / process, Files.readString(Path.of("/proc/loadavg")).trim());
        }
    }

    /** Wall, thread CPU and process CPU seconds of one whole command. */
    private static double[] timed(ThreadMXBean threads, com.sun.management.OperatingSystemMXBean os, Path topology,
                                  Path flows) {
        StringWriter err = new StringWriter();
        long wall0 = System.nanoTime();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long process0 = os.getProcessCpuTime();
        int code = Main.run(new String[] {"verify", "--flows", flows.toString(), topology.toString()}, writer(),
                new PrintWriter(err));
        double[] out = {(System.nanoTime() - wall0) / 1e9, (threads.getCurrentThreadCpuTime() - cpu0) / 1e9,
                (os.getProcessCpuTime() - process0) / 1e9};
        if (code > 1) {
            throw new IllegalStateException("verify exited with " + code + ": " + err);
        }
        return out;
    }

    /** What {@code Main.main} gives the command: the UTF-8 byte writer where this build has one. */
    private static PrintWriter writer() {
        OutputStream sink = OutputStream.nullOutputStream();
        try {
            return (PrintWriter) Class.forName("dev.nsgaudit.cli.Utf8PrintWriter")
                    .getDeclaredConstructor(OutputStream.class).newInstance(sink);
        } catch (ReflectiveOperationException e) {
            return new PrintWriter(sink, false, StandardCharsets.UTF_8);
        }
    }
}
