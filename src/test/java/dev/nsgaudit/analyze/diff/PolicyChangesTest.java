package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.PolicyResult.Status;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.SourceRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which policy statuses are news to a reviewer: only head's status, compared with the base's by name. */
class PolicyChangesTest {

    private static PolicyResult result(String name, Status status) {
        Policy p = new Policy(name, null, "Internet", "nic:web", "Tcp", "443", "*", Policy.Expect.ALLOW, null,
                SourceRef.UNKNOWN);
        return new PolicyResult(p, status, status.label(), null);
    }

    @Test
    void eachKindOfChangeAndNothingForTheSameStatusOrANewPassingPolicy() {
        List<PolicyResult> base = List.of(result("breaks", Status.PASS), result("Heals", Status.FAIL),
                result("clouds", Status.PASS), result("steady", Status.FAIL), result("gone", Status.FAIL));
        List<PolicyResult> head = List.of(result("BREAKS", Status.FAIL), result("heals", Status.PASS),
                result("clouds", Status.INCONCLUSIVE), result("steady", Status.FAIL), result("new-pass", Status.PASS),
                result("new-fail", Status.FAIL));
        List<Severity> severities = List.of(Severity.ERROR, Severity.ERROR, Severity.WARNING, Severity.ERROR,
                Severity.ERROR, Severity.INFO);
        List<PolicyChange> changes = PolicyChanges.compare(base, head, severities);
        assertThat(changes).extracting(c -> c.kind().label() + " " + c.name() + " " + c.beforeLabel() + " "
                + c.severity().label()).containsExactly(
                "newly failing BREAKS pass error",
                "newly failing new-fail absent info",
                "newly passing heals fail error",
                "newly inconclusive clouds pass warning");
    }
}
