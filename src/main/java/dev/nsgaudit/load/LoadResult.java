package dev.nsgaudit.load;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Topology;

import java.util.List;

/** What loading produced: the model (as much as could be read) and every problem found on the way. */
public record LoadResult(Topology topology, List<Finding> problems) {

    public LoadResult {
        problems = List.copyOf(problems);
    }
}
