package dev.nsgaudit.bench;

import dev.nsgaudit.analyze.Analyzer;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.PolicyResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the result of every k-th policy of the policy matrix (status, message, witness), one line each, flushed
 * as it goes, so that two builds of the analysis can be compared on the same policies with {@code diff}:
 *
 * <pre>
 *   PolicyDump OUT [SEED] [EVERY] [OFFSET] [one-by-one]
 * </pre>
 *
 * Policies are checked in matrix order in one analyzer, all in one call of {@code checkPolicies}, or with
 * {@code one-by-one} one call each, each line written as soon as it is known (for a build too slow to finish).
 */
public final class PolicyDump {

    private PolicyDump() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long seed = args.length > 1 ? Long.parseLong(args[1]) : AnalysisWorkload.DEFAULT_SEED;
        int every = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int offset = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        boolean oneByOne = args.length > 4 && args[4].equals("one-by-one");
        AnalysisWorkload.MatrixWorkload w = AnalysisWorkload.policyMatrix(seed);
        List<Policy> policies = w.policies();
        long t0 = System.nanoTime();
        try (Analyzer a = new Analyzer(w.topology(), ServiceTags.bundled());
             PrintWriter p = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            List<Integer> chosen = new ArrayList<>();
            for (int i = offset; i < policies.size(); i += every) {
                chosen.add(i);
            }
            if (oneByOne) {
                for (int i : chosen) {
                    print(p, i, a.checkPolicies(List.of(policies.get(i))).get(0));
                }
            } else {
                List<PolicyResult> results = a.checkPolicies(chosen.stream().map(policies::get).toList());
                for (int k = 0; k < chosen.size(); k++) {
                    print(p, chosen.get(k), results.get(k));
                }
            }
        }
        System.out.printf("%.3f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static void print(PrintWriter p, int i, PolicyResult r) {
        p.println(i + "\t" + r.policy().name() + "\t" + r.status().label() + "\t" + r.message() + "\t" + r.witness());
        p.flush();
    }
}
