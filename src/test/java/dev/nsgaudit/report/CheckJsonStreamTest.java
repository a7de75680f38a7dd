package dev.nsgaudit.report;

import dev.nsgaudit.audit.Audit;
import dev.nsgaudit.audit.AuditResult;
import dev.nsgaudit.bench.AnalysisWorkload;
import dev.nsgaudit.model.AuditConfig;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.semantics.ServiceTags;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check's JSON report written part by part ({@link CheckJson#write}, what {@code check} writes) is byte for byte
 * the whole tree made into a string ({@link CheckJson#of}, {@link Json#pretty}): findings with witnesses, failing,
 * passing policies, the summary, the assumptions.
 */
class CheckJsonStreamTest {

    @Test
    void thePartsMakeTheSameBytesAsTheWholeTree() throws Exception {
        AnalysisWorkload.MatrixWorkload w = AnalysisWorkload.policyMatrix(AnalysisWorkload.DEFAULT_SEED);
        AuditResult r = Audit.run(w.topology(), ServiceTags.bundled(), List.of(), w.policies().subList(0, 60),
                AuditConfig.DEFAULT, null, LocalDate.of(2026, 12, 3));
        assertThat(r.findings()).hasSizeGreaterThan(10).anySatisfy(f -> assertThat(f.finding().witness()).isNotNull());
        assertThat(r.policies()).extracting(PolicyResult::status).contains(PolicyResult.Status.FAIL,
                PolicyResult.Status.PASS);

        StringWriter streamed = new StringWriter();
        Json.writePretty(g -> CheckJson.write(r, g), streamed);
        assertThat(streamed.toString()).isEqualTo(Json.pretty(CheckJson.of(r)) + "\n");

        StringWriter tree = new StringWriter();
        Json.writePretty(CheckJson.of(r), tree);
        assertThat(tree.toString()).isEqualTo(streamed.toString());
    }
}
