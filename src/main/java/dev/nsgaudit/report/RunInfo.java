package dev.nsgaudit.report;

import dev.nsgaudit.model.Severity;

import java.time.Instant;
import java.util.List;

/**
 * What the reports say about the run itself, for an auditor: when, by which tool version, on which inputs (with
 * their git commit), and the {@code --fail-on} threshold the verdict was judged at.
 *
 * @param failOn the lowest severity that fails the run, or null for {@code --fail-on never}
 * @param toolVersion the version of the build; {@link #DEVELOPMENT} until the build stamps one
 * @param generatedAt the time of the run (from SOURCE_DATE_EPOCH when set, so that reproducible builds stay
 *     byte-identical), or null to leave it out
 * @param timeFromSourceDateEpoch true when {@code generatedAt} was given by SOURCE_DATE_EPOCH
 */
public record RunInfo(List<Input> inputs, Severity failOn, String toolVersion, Instant generatedAt,
                      boolean timeFromSourceDateEpoch) {

    public static final String DEVELOPMENT = "development";

    public RunInfo {
        inputs = List.copyOf(inputs);
    }

    /** An input path as given, and the git commit it is at (null outside git). */
    public record Input(String path, String commit) {
    }

    /** The threshold as the user writes it: error, warning, info or never. */
    public String failOnLabel() {
        return failOn == null ? "never" : failOn.label();
    }

    /** Inputs without git information, the default version and no time: what tests of the content use. */
    public static RunInfo of(List<String> paths, Severity failOn) {
        return new RunInfo(paths.stream().map(p -> new Input(p, null)).toList(), failOn, DEVELOPMENT, null, false);
    }
}
