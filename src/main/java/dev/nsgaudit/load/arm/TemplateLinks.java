package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.model.InputException;
import dev.nsgaudit.model.Finding;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Follows a {@code templateLink} to a template of the input, and only there: the target must lie inside the input
 * tree (the folders given on the command line, and the folder of each file given), real paths compared so that a
 * symbolic link pointing out is refused, and must be a deployment template. Anything else is reported as an
 * {@code unresolved-value} naming the link, and the file is never read, so that no message can show what is in
 * it. A URL is mapped to the file at the same relative path below the linking template only when that file is
 * not the linking template itself and declares every parameter the deployment passes (otherwise it is another
 * template of the same name).
 */
final class TemplateLinks {

    /** The linked template, or why the link is not followed. */
    /** A link's template, or why it is not followed; {@code outside}: it leads out of the input tree (SPEC: exit 2). */
    record Target(ArmDocument document, Path realPath, String problem, boolean outside) {
    }

    private final List<Path> roots;
    private final Map<Path, ArmDocument> documents = new HashMap<>();
    private final Set<Path> reported;
    private final List<Finding> readProblems;

    /**
     * @param roots the paths given on the command line (a file stands for its folder)
     * @param reported the real paths of the templates whose reading problems are already reported
     * @param readProblems where problems of reading a linked template go (once per file)
     */
    TemplateLinks(List<Path> roots, Set<Path> reported, List<Finding> readProblems) {
        this.roots = new ArrayList<>();
        for (Path root : roots) {
            Optional<Path> real = realPath(root);
            real.ifPresent(r -> this.roots.add(Files.isDirectory(r) ? r : r.getParent()));
        }
        this.reported = new java.util.HashSet<>(reported);
        this.readProblems = readProblems;
    }

    /** No link is followed: for a template evaluated on its own. */
    static TemplateLinks none() {
        return new TemplateLinks(List.of(), Set.of(), new ArrayList<>());
    }

    static Optional<Path> realPath(Path p) {
        try {
            return Optional.of(p.toRealPath());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * The template an evaluated {@code templateLink} names.
     *
     * @param linkingFile the linking template's file, absolute and normalised (paths shown are built on it)
     * @param passed the names of the parameters the deployment passes
     */
    Target resolve(Path linkingFile, JsonNode link, Set<String> passed) {
        Path base = linkingFile.getParent();
        Path linking = realPath(linkingFile).orElse(linkingFile);
        JsonNode relative = link.get("relativePath");
        JsonNode uri = link.get("uri");
        if (relative != null && relative.isTextual()) {
            return local(base.resolve(relative.asText()).normalize(), "relativePath '" + relative.asText() + "'");
        }
        if (uri == null || !uri.isTextual()) {
            return problem("cannot be determined offline");
        }
        String text = uri.asText();
        if (text.regionMatches(true, 0, "file:", 0, 5)) {
            Path path;
            try {
                path = Path.of(URI.create(text)).normalize();
            } catch (RuntimeException e) {
                return problem("is not a file URI this tool can read");
            }
            return local(path, "URI '" + text + "'");
        }
        Optional<Path> tail = sameRelativePath(base, text);
        if (tail.isEmpty()) {
            return problem("has no file at the same relative path in the input");
        }
        Optional<Path> real = realPath(tail.get());
        if (real.isEmpty() || !inTree(real.get())) {
            return outside("maps to " + tail.get() + ", which is outside the input (the folders and files given);"
                    + " it is not read");
        }
        if (real.get().equals(linking)) {
            return problem("ends like the path of the linking template itself; a URL is mapped to a file of the"
                    + " input only when that is another template");
        }
        Target target = template(real.get(), tail.get().toString());
        if (target.document() == null) {
            return target;
        }
        Set<String> undeclared = undeclared(target.document(), passed);
        if (!undeclared.isEmpty()) {
            return problem("maps to " + tail.get() + " by its path, but that template does not declare the"
                    + " parameter(s) " + String.join(", ", undeclared) + " passed to it: it is another template");
        }
        return target;
    }

    /** The passed parameter names the template does not declare (ARM rejects such a deployment). */
    static Set<String> undeclared(ArmDocument template, Set<String> passed) {
        Set<String> declared = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        template.root().path("parameters").fieldNames().forEachRemaining(declared::add);
        Set<String> out = new TreeSet<>();
        for (String p : passed) {
            if (!declared.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    private Target local(Path path, String what) {
        Optional<Path> real = realPath(path);
        if (real.isEmpty()) {
            // Only a path inside the tree is said not to exist; outside it nothing about it is told.
            return inTree(path) ? problem("is not in the input (" + path + " does not exist)")
                    : outside("is outside the input (the folders and files given); it is not read");
        }
        if (!inTree(real.get())) {
            return outside("is outside the input (the folders and files given); it is not read");
        }
        return template(real.get(), path.toString());
    }

    private Target template(Path real, String display) {
        ArmDocument doc = documents.get(real);
        if (doc == null) {
            if (!Files.isRegularFile(real) || !ArmJson.looksLikeDeploymentTemplate(real)) {
                return problem("names " + display + ", which is not a deployment template; it is not read");
            }
            boolean report = reported.add(real);
            try {
                doc = ArmJson.read(real, display);
                if (report) {
                    readProblems.addAll(doc.problemFindings());
                }
            } catch (ArmInputException e) {
                if (report) {
                    readProblems.add(e.toFinding());
                }
                return problem("names " + display + ", which cannot be read (reported above)");
            } catch (InputException e) {
                return problem("names " + display + ", which cannot be read");
            }
            documents.put(real, doc);
        }
        return new Target(doc, real, null, false);
    }

    private boolean inTree(Path real) {
        for (Path root : roots) {
            if (real.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    private static Target problem(String why) {
        return new Target(null, null, why, false);
    }

    private static Target outside(String why) {
        return new Target(null, null, why, true);
    }

    /**
     * A template linked by URL (typically the raw URL of the repository the template lives in, built from an
     * artifacts location): the longest tail of the URL path that names an existing file below the linking
     * template's folder.
     */
    private static Optional<Path> sameRelativePath(Path base, String url) {
        String path;
        try {
            path = URI.create(url.replace(" ", "%20")).getPath();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (path == null) {
            return Optional.empty();
        }
        String[] segments = path.replaceAll("^/+", "").split("/");
        for (int start = 0; start < segments.length; start++) {
            Path candidate = base;
            for (int i = start; i < segments.length; i++) {
                candidate = candidate.resolve(segments[i]);
            }
            candidate = candidate.normalize();
            if (candidate.startsWith(base) && Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
