package dev.nsgaudit.bench;

import dev.nsgaudit.eval.CompiledNsg;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.eval.FlowResult;
import dev.nsgaudit.eval.Layer;
import dev.nsgaudit.eval.LinearScan;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.eval.RuleMatcher;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Verdicts per second for one NIC behind a subnet NSG and a NIC NSG of 1,000 user rules each (see
 * {@link BenchWorkload}), single thread. One operation is one complete two-layer verdict: the first NSG on
 * the path (inbound: subnet, outbound: NIC), and the second one unless the first denies, exactly as
 * {@link FlowEvaluator#evaluate} orders them.
 *
 * <ul>
 *   <li>{@code classifier}: {@link CompiledNsg#decide(Direction, Packet)}, the production path (the
 *       {@code BitsetClassifier} the NSG builds for itself).</li>
 *   <li>{@code linearScan}: the same calls with {@link LinearScan} matchers, built once in setup: the naive
 *       first-match scan the issue compares against.</li>
 *   <li>{@code flowEvaluator}: {@link FlowEvaluator#evaluate} with the two layers, the whole per-packet path of
 *       {@code verify} after the query is parsed (platform check, result objects); for information.</li>
 * </ul>
 *
 * Setup checks, for every packet of the array, that the classifier and the linear scan pick the same rule
 * in every layer and that {@code FlowEvaluator} reports the same verdict, so the comparison is like for like.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class EvaluatorBenchmark {

    public static final int PACKETS = 4096;

    @Param({"20240611"})
    public long seed;

    private Direction[] directions;
    private Packet[] packets;
    private CompiledNsg subnetNsg;
    private CompiledNsg nicNsg;
    private RuleMatcher subnetLinearIn;
    private RuleMatcher subnetLinearOut;
    private RuleMatcher nicLinearIn;
    private RuleMatcher nicLinearOut;
    private FlowEvaluator evaluator;
    private NetworkView view;
    private List<Layer> inboundLayers;
    private List<Layer> outboundLayers;

    @Setup
    public void setup() {
        BenchWorkload w = BenchWorkload.create(seed);
        subnetNsg = w.subnetNsg();
        nicNsg = w.nicNsg();
        evaluator = w.evaluator();
        view = w.view();
        inboundLayers = FlowEvaluator.layers(Direction.INBOUND, w.subnetLayer(), w.nicLayer());
        outboundLayers = FlowEvaluator.layers(Direction.OUTBOUND, w.subnetLayer(), w.nicLayer());
        subnetLinearIn = new LinearScan(subnetNsg.rules(Direction.INBOUND));
        subnetLinearOut = new LinearScan(subnetNsg.rules(Direction.OUTBOUND));
        nicLinearIn = new LinearScan(nicNsg.rules(Direction.INBOUND));
        nicLinearOut = new LinearScan(nicNsg.rules(Direction.OUTBOUND));

        BenchWorkload.Flows flows = w.flows(seed + 1);
        directions = new Direction[PACKETS];
        packets = new Packet[PACKETS];
        for (int i = 0; i < PACKETS; i++) {
            BenchWorkload.Flow f = flows.next();
            directions[i] = f.direction();
            packets[i] = f.packet(w.nicAddress(), w.nicAsgKeys());
        }
        crossCheck();
    }

    /** Same rule in every layer from both matchers, and the evaluator's verdict agrees; prints the workload shape. */
    private void crossCheck() {
        long depthSum = 0;
        int layersEvaluated = 0;
        int decidedByDefault = 0;
        int denied = 0;
        int inbound = 0;
        for (int i = 0; i < PACKETS; i++) {
            Direction d = directions[i];
            Packet p = packets[i];
            for (CompiledNsg nsg : new CompiledNsg[] {subnetNsg, nicNsg}) {
                CompiledNsg.Decision fast = nsg.decide(d, p);
                CompiledNsg.Decision slow = nsg.decide(d, p, linear(nsg, d));
                if (fast.rule() != slow.rule() || !fast.mayDecideInstead().equals(slow.mayDecideInstead())) {
                    throw new IllegalStateException("packet " + i + " " + p + " in " + nsg.name() + ": classifier "
                            + fast.rule().displayName() + ", linear scan " + slow.rule().displayName());
                }
            }
            CompiledRule verdict = classifierVerdict(d, p);
            CompiledRule linearVerdict = linearVerdict(d, p);
            FlowResult full = evaluator.evaluate(d == Direction.INBOUND ? inboundLayers : outboundLayers, view, d, p);
            if (verdict != linearVerdict || full.access() != verdict.access()
                    || !verdict.displayName().equals(full.ruleName())) {
                throw new IllegalStateException("packet " + i + ": verdicts differ: " + verdict.displayName() + ", "
                        + linearVerdict.displayName() + ", " + full.ruleName());
            }
            // Workload shape: how deep the first match lies in each list that was evaluated.
            CompiledNsg first = d == Direction.INBOUND ? subnetNsg : nicNsg;
            CompiledNsg second = d == Direction.INBOUND ? nicNsg : subnetNsg;
            CompiledRule r1 = first.decide(d, p).rule();
            depthSum += first.rules(d).indexOf(r1) + 1;
            layersEvaluated++;
            decidedByDefault += r1.isDefault() ? 1 : 0;
            if (r1.access() != Access.DENY) {
                CompiledRule r2 = second.decide(d, p).rule();
                depthSum += second.rules(d).indexOf(r2) + 1;
                layersEvaluated++;
                decidedByDefault += r2.isDefault() ? 1 : 0;
            }
            denied += verdict.access() == Access.DENY ? 1 : 0;
            inbound += d == Direction.INBOUND ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%nworkload: %d packets (%d inbound), %d/%d/%d/%d rules (subnet in/out, nic in/out"
                        + " incl. defaults); verdicts agree on all packets; %d denied; %.2f NSG layers evaluated per"
                        + " packet; first match at rule %.1f on average; %.1f%% of layer decisions by default rules%n",
                PACKETS, inbound, subnetNsg.rules(Direction.INBOUND).size(), subnetNsg.rules(Direction.OUTBOUND).size(),
                nicNsg.rules(Direction.INBOUND).size(), nicNsg.rules(Direction.OUTBOUND).size(), denied,
                (double) layersEvaluated / PACKETS, (double) depthSum / layersEvaluated,
                100.0 * decidedByDefault / layersEvaluated);
    }

    private RuleMatcher linear(CompiledNsg nsg, Direction d) {
        if (nsg == subnetNsg) {
            return d == Direction.INBOUND ? subnetLinearIn : subnetLinearOut;
        }
        return d == Direction.INBOUND ? nicLinearIn : nicLinearOut;
    }

    /** The deciding rule through both layers with the production classifier. */
    private CompiledRule classifierVerdict(Direction d, Packet p) {
        CompiledNsg first = d == Direction.INBOUND ? subnetNsg : nicNsg;
        CompiledNsg second = d == Direction.INBOUND ? nicNsg : subnetNsg;
        CompiledRule rule = first.decide(d, p).rule();
        if (rule.access() == Access.DENY) {
            return rule;
        }
        return second.decide(d, p).rule();
    }

    /** The same with the linear-scan matchers. */
    private CompiledRule linearVerdict(Direction d, Packet p) {
        boolean in = d == Direction.INBOUND;
        CompiledNsg first = in ? subnetNsg : nicNsg;
        CompiledNsg second = in ? nicNsg : subnetNsg;
        CompiledRule rule = first.decide(d, p, in ? subnetLinearIn : nicLinearOut).rule();
        if (rule.access() == Access.DENY) {
            return rule;
        }
        return second.decide(d, p, in ? nicLinearIn : subnetLinearOut).rule();
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public void classifier(Blackhole bh) {
        Direction[] ds = directions;
        Packet[] ps = packets;
        for (int i = 0; i < ps.length; i++) {
            bh.consume(classifierVerdict(ds[i], ps[i]));
        }
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public void linearScan(Blackhole bh) {
        Direction[] ds = directions;
        Packet[] ps = packets;
        for (int i = 0; i < ps.length; i++) {
            bh.consume(linearVerdict(ds[i], ps[i]));
        }
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public void flowEvaluator(Blackhole bh) {
        Direction[] ds = directions;
        Packet[] ps = packets;
        for (int i = 0; i < ps.length; i++) {
            Direction d = ds[i];
            bh.consume(evaluator.evaluate(d == Direction.INBOUND ? inboundLayers : outboundLayers, view, d, ps[i]));
        }
    }
}
