package dev.nsgaudit.bench;

import dev.nsgaudit.analyze.Analyzer;
import dev.nsgaudit.load.ServiceTags;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.PolicyResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the result of every k-th policy of the policy matrix (status, message, witness), one line each, flushed
 * as it goes, so that two builds of the analysis can be compared on the same policies with {@code diff}:
 *
 * <pre>
 *   PolicyDump OUT [SEED] [EVERY] [OFFSET]
 * </pre>
 *
 * Policies are checked one at a time in one analyzer, in matrix order.
 */
public final class PolicyDump {

    private PolicyDump() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long seed = args.length > 1 ? Long.parseLong(args[1]) : AnalysisWorkload.DEFAULT_SEED;
        int every = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int offset = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        AnalysisWorkload.MatrixWorkload w = AnalysisWorkload.policyMatrix(seed);
        List<Policy> policies = w.policies();
        long t0 = System.nanoTime();
        try (Analyzer a = new Analyzer(w.topology(), ServiceTags.bundled());
             PrintWriter p = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            for (int i = offset; i < policies.size(); i += every) {
                PolicyResult r = a.checkPolicies(List.of(policies.get(i))).get(0);
                p.println(i + "\t" + r.policy().name() + "\t" + r.status().label() + "\t" + r.message() + "\t"
                        + r.witness());
                p.flush();
            }
        }
        System.out.printf("%.3f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
