package dev.nsgaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsgaudit.testing.CheckInput;
import dev.nsgaudit.testing.CheckInput.Result;
import dev.nsgaudit.testing.Subprocess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.nsgaudit.testing.CheckInput.allowTcp;
import static dev.nsgaudit.testing.CheckInput.subnetNsg;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The baseline contract of issue 11: {@code --create-baseline} records and says so, {@code --baseline} only reads
 * and a missing file is an input error; fingerprints do not depend on how the input path was typed, the working
 * folder or where the checkout lives (paths from the repository root: git top level, else the current folder).
 */
class BaselineTest {

    private static final String SSH_OPEN = subnetNsg(allowTcp("Allow-SSH", 100, "Internet", "22"));

    @TempDir
    Path dir;

    /** A repository (a .git folder) with the input in infra/. */
    private Path repository(String name) throws IOException {
        Path repo = dir.resolve(name);
        Files.createDirectories(repo.resolve(".git"));
        CheckInput.folder(repo.resolve("infra"), "net.yaml", SSH_OPEN);
        return repo;
    }

    private static void assertAllBaselined(Result r) {
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.findings("internet-exposed-ssh")).as(r.toString()).hasSize(2)
                .allSatisfy(f -> assertThat(f.path("status").asText()).isEqualTo("baselined"));
    }

    @Test
    void missingBaselineIsAnInputErrorAndRecordsNothing() {
        Path in = CheckInput.folder(dir.resolve("in"), "net.yaml", SSH_OPEN);
        Path missing = dir.resolve("nsgaudit-baseline.json");
        Result r = CheckInput.check(in, "--baseline", missing.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.run().errLines()).as(r.toString()).containsExactly("nsgaudit: " + missing
                + ": no such baseline; record one with --create-baseline " + missing);
        assertThat(missing).doesNotExist();
    }

    @Test
    void createBaselineRecordsSaysSoAndTheRunAgreesWithItsReports() throws IOException {
        Path in = CheckInput.folder(dir.resolve("in"), "net.yaml", SSH_OPEN);
        Path file = dir.resolve("b.json");
        Files.writeString(file, "an older baseline, replaced");
        Result r = CheckInput.check(in, "--create-baseline", file.toString());
        JsonNode recorded = new ObjectMapper().readTree(file.toFile());
        assertThat(recorded.path("version").asInt()).isEqualTo(2);
        int n = recorded.path("findings").size();
        assertThat(n).isEqualTo(r.json().path("findings").size()).isGreaterThanOrEqualTo(2);
        assertThat(r.run().err()).contains("nsgaudit: baseline of " + n + " findings recorded in " + file
                + "; with --baseline " + file + " later runs fail only on new findings");
        // The recorded findings are baselined in this run's reports too, so that the exit code 0 agrees with them.
        assertAllBaselined(r);
        assertThat(r.json().path("summary").path("findings").path("baselined").asInt()).isEqualTo(n);
    }

    @Test
    void nothingIsRecordedFromInputThatCouldNotBeRead() {
        Path in = CheckInput.folder(dir.resolve("in"), "net.yaml", SSH_OPEN, "broken.yaml", "networkSecurityGroups: [\n");
        Path file = dir.resolve("b.json");
        Result r = CheckInput.check(in, "--create-baseline", file.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.run().err()).contains("nsgaudit: no baseline recorded: the input could not be read");
        assertThat(file).doesNotExist();
    }

    @Test
    void bothOptionsTogetherAreAUsageError() {
        Path in = CheckInput.folder(dir.resolve("in"), "net.yaml", SSH_OPEN);
        Result r = CheckInput.check(in, "--baseline", dir.resolve("a.json").toString(), "--create-baseline",
                dir.resolve("b.json").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.run().err()).contains("either --baseline (read) or --create-baseline (record), not both");
    }

    @Test
    void aBaselineOfTheOldFormatIsAnInputError() throws IOException {
        Path in = CheckInput.folder(dir.resolve("in"), "net.yaml", SSH_OPEN);
        Path old = Files.writeString(dir.resolve("old.json"), "{\"version\": 1, \"findings\": []}\n");
        Result r = CheckInput.check(in, "--baseline", old.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.run().err()).contains(old + ": not a baseline of version 2");
    }

    @Test
    void fingerprintsAreRelativeToTheRepositoryRootHoweverThePathIsTyped() throws IOException {
        Path repo = repository("repo");
        Path infra = repo.resolve("infra");
        Path baseline = dir.resolve("baseline.json");
        Result record = CheckInput.check(infra.toAbsolutePath(), "--create-baseline", baseline.toString());
        assertThat(record.code()).as(record.toString()).isZero();
        assertThat(Files.readString(baseline)).contains("|infra/net.yaml\"").doesNotContain(dir.toString());

        Path here = Path.of("").toAbsolutePath();
        Path relative = here.relativize(infra.toAbsolutePath());
        for (Path typed : List.of(relative, Path.of(".").resolve(relative), infra.resolve("..").resolve("infra"))) {
            assertAllBaselined(CheckInput.check(typed, "--baseline", baseline.toString()));
        }
    }

    @Test
    void aMovedCheckoutKeepsItsBaseline() throws IOException {
        Path repo = repository("repo");
        Path baseline = repo.resolve("nsgaudit-baseline.json");
        assertThat(CheckInput.check(repo.resolve("infra"), "--create-baseline", baseline.toString()).code()).isZero();
        Path moved = Files.createDirectories(dir.resolve("elsewhere/clone"));
        Files.createDirectories(moved.resolve(".git"));
        CheckInput.folder(moved.resolve("infra"), "net.yaml", SSH_OPEN);
        Files.copy(baseline, moved.resolve("nsgaudit-baseline.json"));
        assertAllBaselined(CheckInput.check(moved.resolve("infra"), "--baseline",
                moved.resolve("nsgaudit-baseline.json").toString()));
        // A finding in another file of the repository is another finding.
        Files.move(moved.resolve("infra/net.yaml"), moved.resolve("infra/other.yaml"));
        Result renamed = CheckInput.check(moved.resolve("infra"), "--baseline",
                moved.resolve("nsgaudit-baseline.json").toString());
        assertThat(renamed.code()).as(renamed.toString()).isEqualTo(1);
    }

    @Test
    void anotherWorkingFolderGivesTheSameFingerprints() throws Exception {
        Path repo = repository("repo");
        Path baseline = dir.resolve("baseline.json");
        assertThat(CheckInput.check(repo.resolve("infra"), "--create-baseline", baseline.toString()).code()).isZero();
        // Run as a user would, from inside the repository: `cd infra && nsgaudit check .`, and from the root.
        for (Path[] cwdAndInput : new Path[][] {{repo.resolve("infra"), Path.of(".")}, {repo, Path.of("./infra")}}) {
            Subprocess.Run p = nsgaudit(cwdAndInput[0], "check", cwdAndInput[1].toString(), "--baseline", baseline.toString(),
                    "--format", "json", "--out", dir.resolve("out").toString());
            assertThat(p.code()).as(p.output()).isZero();
            JsonNode json = new ObjectMapper().readTree(dir.resolve("out/nsgaudit.json").toFile());
            assertThat(json.path("summary").path("findings").path("baselined").asInt()).as(p.output())
                    .isEqualTo(json.path("findings").size()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void withoutGitTheCurrentFolderIsTheRoot() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        CheckInput.folder(plain.resolve("infra"), "net.yaml", SSH_OPEN);
        Subprocess.Run record = nsgaudit(plain, "check", "infra", "--create-baseline", "b.json", "--format", "json",
                "--out", "out");
        assertThat(record.code()).as(record.output()).isZero();
        assertThat(Files.readString(plain.resolve("b.json"))).contains("|infra/net.yaml\"");
        Subprocess.Run read = nsgaudit(plain, "check", plain.resolve("infra").toAbsolutePath().toString(), "--baseline",
                "b.json", "--format", "json", "--out", "out");
        assertThat(read.code()).as(read.output()).isZero();
    }

    private static Subprocess.Run nsgaudit(Path cwd, String... args) throws IOException, InterruptedException {
        return Subprocess.nsgaudit(cwd, java.util.Map.of(), args);
    }
}
