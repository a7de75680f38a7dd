package dev.nsgaudit.cli;

import dev.nsgaudit.model.InputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The base version of {@code diff --base REF}: the given paths as they are in a git revision, written to a temporary
 * folder with {@code git archive} and {@code tar}, so that neither the working tree nor the repository's state
 * (index, worktrees, HEAD) is touched. Closing removes the folder.
 */
final class GitBase implements AutoCloseable {

    private final Path root;
    private final Path folder;
    private final Path tree;
    final List<Path> paths;
    final String ref;

    private GitBase(Path root, Path folder, Path tree, List<Path> paths, String ref) {
        this.root = root;
        this.folder = folder;
        this.tree = tree;
        this.paths = paths;
        this.ref = ref;
    }

    /**
     * A file or folder of the working tree (such as the head's policies folder) as it is at the revision, written
     * beside the base paths; empty when it is outside the repository or the revision does not have it.
     */
    Optional<Path> fetch(Path headPath) {
        Path real;
        try {
            real = headPath.toAbsolutePath().normalize().toRealPath();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!real.startsWith(root)) {
            return Optional.empty();
        }
        String rel = root.relativize(real).toString().replace('\\', '/');
        Path there = rel.isEmpty() ? tree : tree.resolve(rel);
        if (Files.exists(there)) {
            return Optional.of(there);
        }
        try {
            Path tar = folder.resolve("extra.tar");
            run(root, List.of("git", "archive", "--format=tar", "-o", tar.toString(), ref, "--", rel));
            run(tree, List.of("tar", "-xf", tar.toString()));
        } catch (IOException e) {
            return Optional.empty(); // not at that revision: the caller falls back to head's
        }
        return Files.exists(there) ? Optional.of(there) : Optional.empty();
    }

    /** Throws InputException when there is no repository, the revision or a path is not in it, or git fails. */
    static GitBase checkout(String ref, List<Path> headPaths) {
        if (ref.startsWith("-")) {
            throw new InputException("--base " + ref + " is not a git revision");
        }
        Path first = headPaths.get(0).toAbsolutePath().normalize();
        Path dir = Files.isDirectory(first) ? first : first.getParent();
        Path root;
        try {
            root = Path.of(run(dir, List.of("git", "rev-parse", "--show-toplevel")).trim()).toRealPath();
        } catch (IOException e) {
            throw new InputException("--base needs the inputs to be in a git repository: " + e.getMessage());
        }
        List<String> relative = new ArrayList<>();
        for (Path p : headPaths) {
            Path real;
            try {
                real = p.toAbsolutePath().normalize().toRealPath();
            } catch (IOException e) {
                throw new InputException(p + ": not found; give a file or folder of the working tree");
            }
            if (!real.startsWith(root)) {
                throw new InputException(p + " is not inside the git repository " + root
                        + "; --base reads every path from that repository");
            }
            String rel = root.relativize(real).toString().replace('\\', '/');
            relative.add(rel.isEmpty() ? "." : rel);
        }
        Path folder = null;
        try {
            folder = Files.createTempDirectory("nsgaudit-base-");
            Path tar = folder.resolve("base.tar");
            Path tree = Files.createDirectory(folder.resolve("tree"));
            List<String> archive = new ArrayList<>(List.of("git", "archive", "--format=tar", "-o", tar.toString(),
                    ref, "--"));
            archive.addAll(relative);
            run(root, archive);
            run(tree, List.of("tar", "-xf", tar.toString()));
            List<Path> paths = new ArrayList<>();
            for (String rel : relative) {
                paths.add(rel.equals(".") ? tree : tree.resolve(rel));
            }
            return new GitBase(root, folder, tree, paths, ref);
        } catch (IOException e) {
            delete(folder);
            throw new InputException("cannot read " + String.join(", ", relative) + " at " + ref + " from git: "
                    + e.getMessage());
        }
    }

    /** A problem line of the base with the temporary folder written as {@code REF:}. */
    String rewrite(String line) {
        return line.replace(tree.toString() + java.io.File.separator, ref + ":").replace(tree.toString(), ref + ":");
    }

    private static String run(Path dir, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (p.exitValue() != 0) {
            throw new IOException(output.strip().replace('\n', ' '));
        }
        return output;
    }

    @Override
    public void close() {
        delete(folder);
    }

    private static void delete(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Nothing more to do: a temporary folder left behind holds only a copy of the repository's files.
        }
    }
}
