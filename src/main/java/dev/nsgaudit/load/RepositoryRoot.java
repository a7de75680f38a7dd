package dev.nsgaudit.load;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder that report paths are written relative to, so that they do not depend on where the checkout lives
 * or how a path was typed: the top level of the git checkout holding the input (the nearest folder with a
 * {@code .git} folder, or a {@code .git} file in a worktree), else the current folder.
 */
public final class RepositoryRoot {

    private RepositoryRoot() {
    }

    /** The root for {@code input} (a file or folder, relative to the current folder or absolute); absolute. */
    public static Path of(Path input) {
        Path cwd = Path.of("").toAbsolutePath().normalize();
        Path start = cwd.resolve(input).normalize();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        return cwd;
    }
}
