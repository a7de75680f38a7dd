package dev.nsgaudit.bench;

import dev.nsgaudit.model.Topology;
import dev.nsgaudit.report.ShowWriter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the two versions of each {@link DiffBenchmark} workload as YAML definitions ({@code show --format json}'s
 * text, which is YAML too: {@code show}'s YAML shares repeated lists as aliases, more than the loader accepts), so that
 * the whole {@code nsgaudit diff BASE HEAD} command can be timed on them (bench/run-diff-cli.sh):
 * {@code DIR/nsg1000/base/topology.yaml}, {@code DIR/nsg1000/head/topology.yaml}, the same for {@code matrix200}.
 * The matrix's flow policies are not written: the benchmark's diff has none.
 */
public final class DiffWorkloadFolders {

    private DiffWorkloadFolders() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Topology nsg = AnalysisWorkload.singleNsg(1000, AnalysisWorkload.DEFAULT_SEED).topology();
        write(dir.resolve("nsg1000"), nsg, DiffBenchmark.flipAccess(nsg, 10));
        Topology matrix = AnalysisWorkload.policyMatrix(AnalysisWorkload.DEFAULT_SEED).topology();
        write(dir.resolve("matrix200"), matrix, DiffBenchmark.flipAccess(matrix, 20));
    }

    private static void write(Path dir, Topology base, Topology head) throws Exception {
        for (String side : new String[] {"base", "head"}) {
            Path folder = Files.createDirectories(dir.resolve(side));
            Files.writeString(folder.resolve("topology.yaml"), ShowWriter.json(side.equals("base") ? base : head),
                    StandardCharsets.UTF_8);
        }
    }
}
