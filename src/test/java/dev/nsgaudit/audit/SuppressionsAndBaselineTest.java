package dev.nsgaudit.audit;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Suppression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Suppressions by id and target, their last day, and the baseline behind them. */
class SuppressionsAndBaselineTest {

    private static final LocalDate TODAY = LocalDate.of(2027, 3, 31);
    private static final SourceRef CONFIG = new SourceRef(".nsgaudit.yaml", 4, 5);

    @TempDir
    Path dir;

    private static Finding ssh() {
        return new Finding("internet-exposed-ssh", Severity.ERROR, "ssh open", new SourceRef("main.json", 10, 3),
                "nsg-web", "Allow-SSH", List.of());
    }

    private static Suppression until(LocalDate expires) {
        return new Suppression("internet-exposed-ssh", "nsg-web/Allow-SSH", "until the bastion", expires, CONFIG);
    }

    private Baseline baselineOf(Finding... findings) {
        Path file = dir.resolve("baseline.json");
        Baseline.write(file, List.of(findings));
        return Baseline.read(file);
    }

    @Test
    void anActiveSuppressionWinsOverTheBaselineAndGivesItsReason() {
        AuditedFinding a = new SuppressionsAndBaseline(List.of(until(TODAY)), baselineOf(ssh()), TODAY).audit(ssh());
        assertThat(a.status()).isEqualTo(AuditedFinding.Status.SUPPRESSED);
        assertThat(a.note()).isEqualTo("until the bastion (until 2027-03-31)");
    }

    @Test
    void theDayIsAskedOnlyWhenASuppressionHasALastDay() {
        int[] asked = {0};
        Supplier<LocalDate> day = () -> {
            asked[0]++;
            return TODAY;
        };
        SuppressionsAndBaseline forever = new SuppressionsAndBaseline(List.of(until(null)), null, day);
        assertThat(forever.audit(ssh()).status()).isEqualTo(AuditedFinding.Status.SUPPRESSED);
        assertThat(forever.expired()).isEmpty();
        assertThat(asked[0]).as("no suppression expires: the system's date is never read").isZero();
        SuppressionsAndBaseline dated = new SuppressionsAndBaseline(List.of(until(TODAY), until(TODAY)), null, day);
        assertThat(dated.audit(ssh()).status()).isEqualTo(AuditedFinding.Status.SUPPRESSED);
        assertThat(dated.expired()).isEmpty();
        assertThat(asked[0]).as("asked once").isEqualTo(1);
    }

    @Test
    void anExpiredSuppressionSuppressesNothingAndIsReported() {
        SuppressionsAndBaseline said = new SuppressionsAndBaseline(List.of(until(TODAY.minusDays(1))), null, TODAY);
        assertThat(said.audit(ssh()).status()).isEqualTo(AuditedFinding.Status.OPEN);
        assertThat(said.expired()).singleElement().satisfies(e -> {
            assertThat(e.open()).isTrue();
            assertThat(e.finding().id()).isEqualTo("expired-suppression");
            assertThat(e.finding().severity()).isEqualTo(Severity.WARNING);
            assertThat(e.finding().location()).isEqualTo(CONFIG);
            assertThat(e.finding().message()).contains("expired on 2027-03-30", "until the bastion");
        });
    }

    @Test
    void aFindingInTheBaselineIsBaselinedAndANewOneIsOpen() {
        Finding other = new Finding("internet-exposed-rdp", Severity.ERROR, "rdp open", new SourceRef("main.json", 20, 3),
                "nsg-web", "Allow-RDP", List.of());
        SuppressionsAndBaseline said = new SuppressionsAndBaseline(List.of(), baselineOf(ssh()), TODAY);
        assertThat(said.audit(ssh()).status()).isEqualTo(AuditedFinding.Status.BASELINED);
        assertThat(said.audit(other).status()).isEqualTo(AuditedFinding.Status.OPEN);
        assertThat(said.expired()).isEmpty();
    }

    @Test
    void aSuppressionOfAnotherRuleDoesNotApply() {
        Suppression elsewhere = new Suppression("internet-exposed-ssh", "nsg-web/Allow-SSH-Office", "office", null, CONFIG);
        assertThat(new SuppressionsAndBaseline(List.of(elsewhere), null, TODAY).audit(ssh()).status())
                .isEqualTo(AuditedFinding.Status.OPEN);
    }
}
