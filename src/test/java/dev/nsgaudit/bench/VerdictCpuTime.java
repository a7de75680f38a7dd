package dev.nsgaudit.bench;

import dev.nsgaudit.eval.CompiledNsg;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.eval.LinearScan;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.eval.RuleMatcher;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * A companion to {@link EvaluatorBenchmark} for a shared, busy machine: the same workload and the same two
 * verdict loops, timed by the CPU time of the measuring thread ({@link ThreadMXBean#getCurrentThreadCpuTime})
 * instead of wall time, so that time the thread spends descheduled does not count. It still runs on a core
 * whose caches other processes share, and it is not a JMH measurement (no forks, plain warm-up rounds); use
 * it as a cross-check of the JMH result, not instead of it.
 *
 * <p>Usage: {@code VerdictCpuTime [ROUNDS (default 7)] [SECONDS PER ROUND (default 3)]}. Each round runs the
 * classifier loop, then the linear-scan loop, for about that much CPU time each; the first two rounds are
 * warm-up and not reported in the summary.
 */
public final class VerdictCpuTime {

    private static Object sink;

    private VerdictCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        BenchWorkload w = BenchWorkload.create(BenchWorkload.DEFAULT_SEED);
        BenchWorkload.Flows flows = w.flows(BenchWorkload.DEFAULT_SEED + 1);
        int n = EvaluatorBenchmark.PACKETS;
        Direction[] ds = new Direction[n];
        Packet[] ps = new Packet[n];
        for (int i = 0; i < n; i++) {
            BenchWorkload.Flow f = flows.next();
            ds[i] = f.direction();
            ps[i] = f.packet(w.nicAddress(), w.nicAsgKeys());
        }
        CompiledNsg subnet = w.subnetNsg();
        CompiledNsg nic = w.nicNsg();
        RuleMatcher[][] linear = {
                {new LinearScan(subnet.rules(Direction.INBOUND)), new LinearScan(subnet.rules(Direction.OUTBOUND))},
                {new LinearScan(nic.rules(Direction.INBOUND)), new LinearScan(nic.rules(Direction.OUTBOUND))}};
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double sumClassifier = 0;
        double sumLinear = 0;
        int measured = 0;
        for (int round = 0; round < rounds; round++) {
            double[] rates = {
                    classifierRate(mx, seconds, subnet, nic, ds, ps),
                    linearRate(mx, seconds, subnet, nic, linear, ds, ps)};
            String label = round < 2 ? "warm-up" : "round  ";
            System.out.printf(Locale.ROOT, "%s %d: classifier %,.0f verdicts per CPU-second, linear scan %,.0f,"
                    + " ratio %.1f (load average %s)%n", label, round + 1, rates[0], rates[1], rates[0] / rates[1],
                    loadAverage());
            if (round >= 2) {
                sumClassifier += rates[0];
                sumLinear += rates[1];
                measured++;
            }
        }
        if (measured > 0) {
            System.out.printf(Locale.ROOT, "mean of %d rounds: classifier %,.0f verdicts per CPU-second, linear scan"
                    + " %,.0f, ratio %.1f%n", measured, sumClassifier / measured, sumLinear / measured,
                    sumClassifier / sumLinear);
        }
    }

    private static double classifierRate(ThreadMXBean mx, double seconds, CompiledNsg subnet, CompiledNsg nic,
                                         Direction[] ds, Packet[] ps) {
        long verdicts = 0;
        long start = mx.getCurrentThreadCpuTime();
        long used;
        do {
            for (int i = 0; i < ps.length; i++) {
                sink = classifier(subnet, nic, ds[i], ps[i]);
            }
            verdicts += ps.length;
            used = mx.getCurrentThreadCpuTime() - start;
        } while (used < seconds * 1e9);
        return verdicts / (used / 1e9);
    }

    private static double linearRate(ThreadMXBean mx, double seconds, CompiledNsg subnet, CompiledNsg nic,
                                     RuleMatcher[][] linear, Direction[] ds, Packet[] ps) {
        long verdicts = 0;
        long start = mx.getCurrentThreadCpuTime();
        long used;
        do {
            for (int i = 0; i < ps.length; i++) {
                sink = linear(subnet, nic, linear, ds[i], ps[i]);
            }
            verdicts += ps.length;
            used = mx.getCurrentThreadCpuTime() - start;
        } while (used < seconds * 1e9);
        return verdicts / (used / 1e9);
    }

    private static CompiledRule classifier(CompiledNsg subnet, CompiledNsg nic, Direction d, Packet p) {
        CompiledNsg first = d == Direction.INBOUND ? subnet : nic;
        CompiledNsg second = d == Direction.INBOUND ? nic : subnet;
        CompiledRule rule = first.decide(d, p).rule();
        return rule.access() == Access.DENY ? rule : second.decide(d, p).rule();
    }

    private static CompiledRule linear(CompiledNsg subnet, CompiledNsg nic, RuleMatcher[][] m, Direction d,
                                       Packet p) {
        boolean in = d == Direction.INBOUND;
        CompiledRule rule = (in ? subnet : nic).decide(d, p, in ? m[0][0] : m[1][1]).rule();
        return rule.access() == Access.DENY ? rule : (in ? nic : subnet).decide(d, p, in ? m[1][0] : m[0][1]).rule();
    }

    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", load);
    }
}
