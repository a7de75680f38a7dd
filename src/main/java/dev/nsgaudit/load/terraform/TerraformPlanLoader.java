package dev.nsgaudit.load.terraform;

import dev.nsgaudit.load.arm.ArmInputException;
import dev.nsgaudit.load.arm.ArmJson;
import dev.nsgaudit.load.arm.Limits;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.rules.Findings;
import dev.nsgaudit.model.SourceRef;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the JSON of {@code terraform show -json plan.tfplan}: the planned values (what the apply leaves), or the
 * prior state (what it starts from) for {@code diff} of one plan. The output of {@code terraform show -json} on a
 * state is read too (its values, fully known). JSON limits (size, nesting) are those of ARM templates.
 */
public final class TerraformPlanLoader {

    /** What was read: the model and the problems (unreadable JSON, unresolved values). */
    public record Loaded(Topology topology, List<Finding> problems) {
        public Loaded {
            problems = List.copyOf(problems);
        }
    }

    private TerraformPlanLoader() {
    }

    /**
     * True when a JSON file is Terraform's JSON output: {@code format_version} together with {@code planned_values}
     * or {@code terraform_version} (looked for in the text, without parsing; the first megabyte of a larger file).
     */
    public static boolean looksLikePlan(Path p) {
        byte[] head;
        try (InputStream in = Files.newInputStream(p)) {
            head = in.readNBytes((int) Math.min(Limits.MAX_FILE_BYTES, 1 << 20));
        } catch (IOException e) {
            return false;
        }
        String text = new String(head, StandardCharsets.UTF_8);
        return text.contains("\"format_version\"")
                && (text.contains("\"planned_values\"") || text.contains("\"terraform_version\""));
    }

    /** The topology the plan leaves when applied. */
    public static Loaded planned(Path file, String display) {
        return load(file, display, PlanDocument.Side.PLANNED);
    }

    /** The topology the plan starts from ({@code prior_state}; empty when the plan creates everything). */
    public static Loaded prior(Path file, String display) {
        return load(file, display, PlanDocument.Side.PRIOR);
    }

    private static Loaded load(Path file, String display, PlanDocument.Side side) {
        List<Finding> problems = new ArrayList<>();
        try {
            long size = Files.size(file);
            if (size > Limits.MAX_FILE_BYTES) {
                problems.add(Findings.of("input-error", SourceRef.of(display, 0), "the plan JSON is " + size
                        + " bytes, more than the limit of " + Limits.MAX_FILE_BYTES + " bytes; plan a smaller part"
                        + " of the configuration (terraform plan -target=...)"));
                return new Loaded(Topology.EMPTY, problems);
            }
            PlanDocument plan = new PlanDocument(ArmJson.read(file, display));
            List<PlanResource> resources = plan.resources(side);
            ConfigReferences refs = new ConfigReferences(plan.configuration(), resources);
            Topology topology = new AzurermMapper(resources, plan.destroyed(side), refs, problems).map();
            return new Loaded(topology, problems);
        } catch (ArmInputException e) {
            problems.add(e.toFinding());
        } catch (IOException e) {
            problems.add(Findings.of("input-error", SourceRef.of(display, 0), "cannot read the file ("
                    + e.getMessage() + "); check that it is a readable file"));
        }
        return new Loaded(Topology.EMPTY, problems);
    }
}
